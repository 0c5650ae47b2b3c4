import BulkheadCore

/// Pure reader for the build info the Go linker writes into ELF executables (what
/// `go version -m` and `debug/buildinfo` read).
///
/// The build info header (`\xff Go buildinf:`, 16-byte aligned) is in the `.go.buildinfo`
/// section or, in binaries without section headers, near the start of the first writable,
/// non-executable loadable segment. Go 1.18+ stores the version and module info inline as
/// varint-prefixed strings; older toolchains store pointers to Go string headers.
enum ParseGoBinary {
    static let magic: [UInt8] = [0xFF] + Array(" Go buildinf:".utf8)
    static let headerSize = 32
    static let alignment = 16
    /// How far into the data segment the header is searched for (as `debug/buildinfo` does).
    static let searchWindow: UInt64 = 64 << 10
    /// Longest version or module info string read.
    static let maxStringLength: UInt64 = 16 << 20
    static let flagBigEndian: UInt8 = 0x1
    static let flagInline: UInt8 = 0x2

    /// Why build info that was found could not be read.
    struct Failure: Error, Sendable, Hashable, ExpressibleByStringInterpolation {
        var message: String
        init(stringLiteral message: String) { self.message = message }
    }

    /// The Go version and module info text of `elf`: `nil` when it holds no Go build info,
    /// a failure when the build info is there but malformed.
    static func strings(_ elf: ELFFile) -> Result<(version: String, modinfo: String)?, Failure> {
        guard let (data, dataAddress) = dataWindow(elf) else { return .success(nil) }
        guard let headerOffset = findHeader(data) else { return .success(nil) }
        let header = data[(data.startIndex + headerOffset)...]
        guard header.count >= headerSize else { return .failure("build info header is truncated") }
        let pointerSize = Int(header[header.startIndex + 14])
        let flags = header[header.startIndex + 15]
        let version: [UInt8], modinfo: [UInt8]
        if flags & flagInline != 0 {
            // The header's own address lets us read past the search window when the strings are long.
            let start = dataAddress &+ UInt64(headerOffset &+ headerSize)
            let body = elf.read(address: start, count: maxStringLength * 2) ?? header.dropFirst(headerSize)
            guard let (first, afterFirst) = varintString(body), let (second, _) = varintString(afterFirst) else {
                return .failure("inline build info strings are truncated or too long")
            }
            version = Array(first)
            modinfo = Array(second)
        } else {
            guard pointerSize == 4 || pointerSize == 8 else {
                return .failure("build info pointer size \(pointerSize) is neither 4 nor 8")
            }
            let reader = ELFReader(bytes: Array(header.prefix(headerSize)), bigEndian: flags & flagBigEndian != 0,
                                   is64Bit: pointerSize == 8)
            guard let versionAddress = reader.word(16), let modinfoAddress = reader.word(16 + pointerSize) else {
                return .failure("build info header is truncated")
            }
            guard let v = pointedString(elf, at: versionAddress, reader: reader),
                  let m = pointedString(elf, at: modinfoAddress, reader: reader) else {
                return .failure("build info string pointers lead outside the file")
            }
            version = v
            modinfo = m
        }
        guard !version.isEmpty else { return .success(nil) }
        return .success((String(decoding: version, as: UTF8.self), String(decoding: stripSentinels(modinfo), as: UTF8.self)))
    }

    /// The bytes where the header is searched for, and the virtual address of their first byte.
    static func dataWindow(_ elf: ELFFile) -> (ArraySlice<UInt8>, UInt64)? {
        if let section = elf.section(named: ".go.buildinfo") {
            if section.address != 0, let bytes = elf.read(address: section.address, count: searchWindow) {
                return (bytes, section.address)
            }
            if let bytes = elf.contents(of: section) { return (bytes.prefix(Int(searchWindow)), section.address) }
        }
        let writable = elf.segments.first {
            $0.type == ELFFile.segmentTypeLoad
                && $0.flags & (ELFFile.segmentFlagExecute | ELFFile.segmentFlagWrite) == ELFFile.segmentFlagWrite
        }
        guard let writable, let bytes = elf.read(address: writable.address, count: searchWindow) else { return nil }
        return (bytes, writable.address)
    }

    /// Offset (from `data.startIndex`) of the first 16-byte-aligned magic.
    static func findHeader(_ data: ArraySlice<UInt8>) -> Int? {
        var offset = 0
        while offset + magic.count <= data.count {
            let start = data.startIndex + offset
            if data[start] == magic[0], data[start..<(start + magic.count)].elementsEqual(magic) { return offset }
            offset += alignment
        }
        return nil
    }

    /// A uvarint-length-prefixed string and the bytes after it.
    static func varintString(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>)? {
        var length: UInt64 = 0
        var shift: UInt64 = 0
        var index = bytes.startIndex
        while true {
            guard index < bytes.endIndex, shift < 64 else { return nil }
            let byte = bytes[index]
            index += 1
            length |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard length <= maxStringLength, length <= UInt64(bytes.endIndex - index) else { return nil }
        let end = index + Int(length)
        return (bytes[index..<end], bytes[end...])
    }

    /// A Go string whose header (data pointer, length) is at `address`.
    static func pointedString(_ elf: ELFFile, at address: UInt64, reader: ELFReader) -> [UInt8]? {
        let size = reader.is64Bit ? 8 : 4
        guard let headerBytes = elf.read(address: address, count: UInt64(2 * size)), headerBytes.count == 2 * size else {
            return nil
        }
        let header = ELFReader(bytes: Array(headerBytes), bigEndian: reader.bigEndian, is64Bit: reader.is64Bit)
        guard let dataAddress = header.word(0), let length = header.word(size), length <= maxStringLength else {
            return nil
        }
        if length == 0 { return [] }
        guard let data = elf.read(address: dataAddress, count: length), UInt64(data.count) == length else { return nil }
        return Array(data)
    }

    /// Module info is wrapped in 16-byte sentinels; without them (or when too short) it is empty.
    static func stripSentinels(_ modinfo: [UInt8]) -> ArraySlice<UInt8> {
        guard modinfo.count >= 33, modinfo[modinfo.count - 17] == UInt8(ascii: "\n") else { return [] }
        return modinfo[16..<(modinfo.count - 16)]
    }

    /// The whole build info of `elf`: `nil` when it is not a Go binary.
    static func buildInfo(_ elf: ELFFile, path: String) -> (info: GoBuildInfo?, diagnostics: [Diagnostic]) {
        switch strings(elf) {
        case .success(nil):
            return (nil, [])
        case .failure(let failure):
            return (nil, [.catalog(.corruptEntry, "Go build info: \(failure.message)", file: path)])
        case .success(let found?):
            var info = GoBuildInfo(goVersion: found.version)
            let diagnostics = ParseGoModInfo.parse(found.modinfo, into: &info, path: path)
            return (info, diagnostics)
        }
    }
}

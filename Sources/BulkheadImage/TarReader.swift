/// One tar entry. `path` is normalised: no leading "/" or "./", no "." or empty segments, ".."
/// resolved and never above the root (an entry that escapes is a `pathTraversal` error). The
/// archive root itself ("./", "/") has the empty path "".
public struct TarEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case regular, directory, symlink, hardlink, other }
    public var path: String
    public var kind: Kind
    /// Data bytes that follow the header (0 for directories, links and devices).
    public var size: Int
    /// Permission bits and setuid/setgid/sticky (`mode & 0o7777`).
    public var mode: UInt32
    /// Symlinks: the target exactly as stored (may be relative or absolute; resolve it inside the
    /// virtual root). Hardlinks: an archive path, normalised and confined like `path`.
    public var linkTarget: String?

    public init(path: String, kind: Kind, size: Int, mode: UInt32, linkTarget: String? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.linkTarget = linkTarget
    }
}

/// Holds the fixed read buffer (shared by copies of a reader; don't use two copies).
final class TarBuffer {
    static let size = 64 << 10
    let bytes: UnsafeMutableRawBufferPointer
    /// The current header block.
    let header: UnsafeMutableRawBufferPointer
    var start = 0
    var end = 0
    init() {
        bytes = .allocate(byteCount: TarBuffer.size, alignment: 16)
        header = .allocate(byteCount: 512, alignment: 16)
    }
    deinit {
        bytes.deallocate()
        header.deallocate()
    }
}

/// Streaming tar reader: ustar, GNU (`L`/`K` long names, base-256 numbers) and PAX (`x`
/// path/linkpath/size; `g` ignored). Reads through a fixed 64 KiB buffer; unread entry data is
/// skipped by seeking when the source can (plain files), else by reading and discarding. Reading stops at the first zero block (end of archive), so
/// anything after the end blocks is never read.
public struct TarReader<Source: ByteSource> {
    private var source: Source
    public let limits: ArchiveLimits
    /// Used as the first part of error locations.
    public let name: String
    private let buffer = TarBuffer()
    private var sourceEnded = false
    /// Bytes consumed from the archive so far.
    private var offset = 0
    /// Data bytes of the current entry not yet read, then the padding to the next block.
    private var remaining = 0
    private var padding = 0
    private var entryCount = 0
    /// How much the next refill asks for: after data was skipped by seeking, only enough for the
    /// next header and a small file, so skipped-over files are not copied in.
    private var nextFill = TarBuffer.size
    private var ended = false
    private var current: TarEntry?

    /// Consecutive metadata headers (`L`, `K`, `x`, `g`) allowed before one entry.
    static var maxMetadataHeaders: Int { 16 }
    /// Size of a PAX extended header's data.
    static var maxPaxHeaderSize: Int { 1 << 20 }

    public init(_ source: Source, limits: ArchiveLimits = .default, name: String) {
        self.source = source
        self.limits = limits
        self.name = name
    }

    // MARK: Buffered input

    /// Makes at least one byte available; false at end of input.
    private mutating func fill() throws(ImageError) -> Bool {
        if buffer.start < buffer.end { return true }
        if sourceEnded { return false }
        buffer.start = 0
        buffer.end = 0
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer.bytes[0..<nextFill]))
        nextFill = TarBuffer.size
        if n == 0 {
            sourceEnded = true
            return false
        }
        buffer.end = n
        return true
    }

    /// Reads exactly `count` bytes into `out`; returns the number read (< count only at end of input).
    private mutating func read(into out: UnsafeMutableRawBufferPointer, count: Int) throws(ImageError) -> Int {
        var done = 0
        while done < count {
            guard try fill() else { break }
            let n = min(count - done, buffer.end - buffer.start)
            out.baseAddress!.advanced(by: done)
                .copyMemory(from: buffer.bytes.baseAddress!.advanced(by: buffer.start), byteCount: n)
            buffer.start += n
            done += n
        }
        offset += done
        return done
    }

    /// Discards `count` bytes; false if the input ended first.
    private mutating func skip(_ count: Int) throws(ImageError) -> Bool {
        var left = count
        // What is buffered first, then let the source seek past the rest (plain files never read it).
        let buffered = min(left, buffer.end - buffer.start)
        buffer.start += buffered
        left -= buffered
        offset += buffered
        while left > 0 {
            if sourceEnded { return false }
            let n = try source.skip(left)
            if n == 0 {
                sourceEnded = true
                return false
            }
            left -= n
            offset += n
            nextFill = 16 << 10
        }
        return true
    }

    private mutating func readBytes(_ count: Int) throws(ImageError) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        var failed: ImageError?
        out.withUnsafeMutableBytes { raw in
            do throws(ImageError) { got = try read(into: raw, count: count) } catch { failed = error }
        }
        if let failed { throw failed }
        return got == count ? out : nil
    }

    private func error(_ code: ImageError.Code, _ message: String, path: String? = nil) -> ImageError {
        ImageError(code, message, location: path.map { "\(name): \($0)" } ?? name)
    }

    // MARK: Entries

    /// The next entry, or nil after the end-of-archive marker. Unread data of the previous entry
    /// is skipped.
    public mutating func next() throws(ImageError) -> TarEntry? {
        if ended { return nil }
        if let current, remaining + padding > 0 {
            guard try skip(remaining + padding) else {
                throw error(.truncated, "archive ends inside entry data", path: current.path)
            }
        }
        remaining = 0
        padding = 0
        current = nil

        var longName: String?
        var longLink: String?
        var paxPath: String?
        var paxLink: String?
        var paxSize: Int?
        var metadataHeaders = 0

        while true {
            let headerOffset = offset
            let where_ = Where(entry: entryCount + 1, offset: headerOffset)
            let block = UnsafeRawBufferPointer(buffer.header)
            guard try read(into: buffer.header, count: 512) == 512 else {
                throw error(.truncated, offset == headerOffset
                    ? "archive ends without the end-of-archive marker (\(where_))"
                    : "archive ends inside a header (\(where_))")
            }
            if Self.isZero(block) {
                // End of archive (GNU tar also stops at a lone zero block). Trailing bytes are not read.
                if metadataHeaders > 0 {
                    throw error(.truncated, "archive ends after a metadata header with no entry (\(where_))")
                }
                ended = true
                return nil
            }
            try verifyChecksum(block, where_)

            let type = block[156]
            let isUstar = block[257] == 0x75 && block[258] == 0x73 && block[259] == 0x74 && block[260] == 0x61
                && block[261] == 0x72 && block[262] == 0
            let size = try number(block, 124, 12, "size", where_)
            guard size >= 0 else { throw error(.corrupt, "negative size (\(where_))") }

            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                metadataHeaders += 1
                guard metadataHeaders <= Self.maxMetadataHeaders else {
                    throw error(.corrupt, "too many consecutive metadata headers (\(where_))")
                }
                guard size <= limits.maxPathLength + 1 else {
                    throw error(.limitExceeded, "GNU long name of \(size) bytes exceeds the path limit of \(limits.maxPathLength) (\(where_))")
                }
                guard let data = try readBytes(size), try skip(Self.pad(size)) else {
                    throw error(.truncated, "archive ends inside a GNU long name (\(where_))")
                }
                let value = data.withUnsafeBytes { Self.cString($0, 0, $0.count) }
                if type == UInt8(ascii: "L") { longName = value } else { longLink = value }
                continue
            case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "X"):
                metadataHeaders += 1
                guard metadataHeaders <= Self.maxMetadataHeaders else {
                    throw error(.corrupt, "too many consecutive metadata headers (\(where_))")
                }
                guard size <= Self.maxPaxHeaderSize else {
                    throw error(.limitExceeded, "PAX header of \(size) bytes exceeds \(Self.maxPaxHeaderSize) (\(where_))")
                }
                guard let data = try readBytes(size), try skip(Self.pad(size)) else {
                    throw error(.truncated, "archive ends inside a PAX header (\(where_))")
                }
                if type == UInt8(ascii: "g") { continue }   // global headers: ignored
                for (key, value) in try parsePax(data, where_) {
                    switch key {
                    case "path": paxPath = try paxString(value, key, where_)
                    case "linkpath": paxLink = try paxString(value, key, where_)
                    case "size":
                        guard let text = String(validating: value, as: UTF8.self), let n = Int(text), n >= 0 else {
                            throw error(.corrupt, "invalid PAX size (\(where_))")
                        }
                        paxSize = n
                    default: break
                    }
                }
                continue
            default:
                break
            }

            // A real entry.
            entryCount += 1
            guard entryCount <= limits.maxEntries else {
                throw error(.limitExceeded, "archive has more than \(limits.maxEntries) entries")
            }
            var rawPath: String
            if let paxPath {
                rawPath = paxPath
            } else if let longName {
                rawPath = longName
            } else {
                rawPath = Self.cString(block, 0, 100)
                let prefix = isUstar ? Self.cString(block, 345, 155) : ""
                if !prefix.isEmpty { rawPath = prefix + "/" + rawPath }
            }
            let rawLink = paxLink ?? longLink ?? Self.cString(block, 157, 100)

            guard rawPath.utf8.count <= limits.maxPathLength else {
                throw error(.limitExceeded, "path of \(rawPath.utf8.count) bytes exceeds the limit of \(limits.maxPathLength) (\(where_))")
            }
            guard rawLink.utf8.count <= limits.maxPathLength else {
                throw error(.limitExceeded, "link target of \(rawLink.utf8.count) bytes exceeds the limit of \(limits.maxPathLength)", path: rawPath)
            }
            guard let path = Self.normalise(rawPath) else {
                throw error(.pathTraversal, "entry path '\(rawPath)' escapes the archive root", path: rawPath)
            }

            let kind: TarEntry.Kind
            switch type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .regular
            case UInt8(ascii: "1"): kind = .hardlink
            case UInt8(ascii: "2"): kind = .symlink
            case UInt8(ascii: "5"): kind = .directory
            default: kind = .other
            }
            // Old tars mark directories as regular files with a trailing slash.
            let finalKind = (kind == .regular && type != UInt8(ascii: "7") && rawPath.hasSuffix("/")) ? .directory : kind

            var linkTarget: String?
            switch finalKind {
            case .symlink:
                linkTarget = rawLink
            case .hardlink:
                guard let target = Self.normalise(rawLink) else {
                    throw error(.pathTraversal, "hardlink target '\(rawLink)' escapes the archive root", path: path)
                }
                linkTarget = target
            default:
                linkTarget = nil
            }

            // Header-only types carry no data whatever the size field says (as GNU tar, Go).
            let headerOnly = type >= UInt8(ascii: "1") && type <= UInt8(ascii: "6")
            let dataSize = headerOnly ? 0 : (paxSize ?? size)
            guard dataSize <= limits.maxEntrySize else {
                throw error(.limitExceeded, "entry of \(dataSize) bytes exceeds the limit of \(limits.maxEntrySize)", path: path)
            }
            let modeValue = try number(block, 100, 8, "mode", where_)
            let entry = TarEntry(path: path, kind: finalKind, size: dataSize,
                                 mode: UInt32(truncatingIfNeeded: modeValue) & 0o7777, linkTarget: linkTarget)
            remaining = dataSize
            padding = Self.pad(dataSize)
            current = entry
            return entry
        }
    }

    /// The current entry's data (once; a second call returns what is left, i.e. nothing). Throws
    /// `limitExceeded` without reading if the entry is larger than `limit`.
    public mutating func readContents(limit: Int) throws(ImageError) -> [UInt8] {
        guard let current else { return [] }
        guard remaining <= limit else {
            throw error(.limitExceeded, "entry of \(remaining) bytes exceeds the read limit of \(limit)", path: current.path)
        }
        guard let data = try readBytes(remaining) else {
            throw error(.truncated, "archive ends inside entry data", path: current.path)
        }
        remaining = 0
        return data
    }

    /// Streams the current entry's data to `body` straight from the read buffer, in pieces of at
    /// most 64 KiB. `body` returns false to stop early; whatever is left is skipped by ``next()``.
    /// Throws `truncated` if the archive ends inside the data.
    public mutating func streamContents(_ body: (UnsafeRawBufferPointer) -> Bool) throws(ImageError) {
        guard let current else { return }
        while remaining > 0 {
            guard try fill() else { throw error(.truncated, "archive ends inside entry data", path: current.path) }
            let n = min(remaining, buffer.end - buffer.start)
            let piece = UnsafeRawBufferPointer(rebasing: buffer.bytes[buffer.start..<(buffer.start + n)])
            buffer.start += n
            remaining -= n
            offset += n
            if !body(piece) { return }
        }
    }

    /// Bytes of the current entry's data not yet read or streamed.
    var remainingInEntry: Int { remaining }

    /// The underlying byte source (for questions such as "is it compressed?").
    var byteSource: Source { source }

    /// Stream offset of the current entry's data, while none of it has been read.
    var dataOffset: Int { offset }

    // MARK: Header fields

    private static func pad(_ size: Int) -> Int { (512 - size % 512) % 512 }

    /// "entry N at offset X", built only when an error is reported.
    struct Where: CustomStringConvertible {
        var entry: Int
        var offset: Int
        var description: String { "entry \(entry) at offset \(offset)" }
    }

    private static func isZero(_ block: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < 512 {
            if block.load(fromByteOffset: i, as: UInt64.self) != 0 { return false }
            i += 8
        }
        return true
    }

    /// The NUL-terminated string in `count` bytes at `start`.
    private static func cString(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> String {
        var end = start
        while end < start + count, bytes[end] != 0 { end += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private func verifyChecksum(_ block: UnsafeRawBufferPointer, _ where_: Where) throws(ImageError) {
        let stored = try number(block, 148, 8, "checksum", where_)
        // The checksum field itself counts as eight spaces. Branch-free loops the compiler can
        // vectorise; the signed sum (old tars) only when the unsigned one does not match.
        let bytes = block.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var unsigned = 8 * 0x20
        for i in 0..<148 { unsigned &+= Int(bytes[i]) }
        for i in 156..<512 { unsigned &+= Int(bytes[i]) }
        if stored == unsigned { return }
        var signed = 8 * 0x20
        for i in 0..<148 { signed &+= Int(Int8(bitPattern: bytes[i])) }
        for i in 156..<512 { signed &+= Int(Int8(bitPattern: bytes[i])) }
        guard stored == signed else {
            throw error(.corrupt, "header checksum mismatch (stored \(stored), computed \(unsigned)) at \(where_)")
        }
    }

    /// An octal (NUL/space terminated) or GNU base-256 number field.
    private func number(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int, _ field: String,
                        _ where_: Where) throws(ImageError) -> Int {
        let bytes = UnsafeRawBufferPointer(rebasing: block[start..<start + length])
        if bytes[0] & 0x80 != 0 {
            guard bytes[0] == 0x80 else { throw error(.corrupt, "negative or unsupported base-256 \(field) (\(where_))") }
            var value = 0
            for b in bytes[1...] {
                guard value <= (Int.max >> 8) else { throw error(.limitExceeded, "\(field) overflows (\(where_))") }
                value = value << 8 | Int(b)
            }
            return value
        }
        var value = 0
        var seenDigit = false
        var done = false
        for b in bytes {
            if done {
                guard b == 0 || b == 0x20 else { throw error(.corrupt, "invalid \(field) field (\(where_))") }
                continue
            }
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard value <= (Int.max >> 3) else { throw error(.limitExceeded, "\(field) overflows (\(where_))") }
                value = value << 3 | Int(b - UInt8(ascii: "0"))
                seenDigit = true
            case 0x20 where !seenDigit:
                continue   // leading spaces
            case 0, 0x20:
                done = true
            default:
                throw error(.corrupt, "invalid \(field) field (\(where_))")
            }
        }
        return value
    }

    /// PAX records: "LEN key=value\n", LEN counting the whole record.
    private func parsePax(_ data: [UInt8], _ where_: Where) throws(ImageError) -> [(String, ArraySlice<UInt8>)] {
        var out: [(String, ArraySlice<UInt8>)] = []
        var i = 0
        while i < data.count {
            if data[i] == 0 { break }   // padding
            var len = 0
            var j = i
            while j < data.count, data[j] >= UInt8(ascii: "0"), data[j] <= UInt8(ascii: "9"), j - i < 10 {
                len = len * 10 + Int(data[j] - UInt8(ascii: "0"))
                j += 1
            }
            guard j > i, j < data.count, data[j] == 0x20, len > j - i + 1, i + len <= data.count,
                  data[i + len - 1] == 0x0A else {
                throw error(.corrupt, "malformed PAX record (\(where_))")
            }
            let record = data[(j + 1)..<(i + len - 1)]
            guard let eq = record.firstIndex(of: UInt8(ascii: "=")) else {
                throw error(.corrupt, "malformed PAX record (\(where_))")
            }
            out.append((String(decoding: record[record.startIndex..<eq], as: UTF8.self), record[(eq + 1)...]))
            i += len
        }
        return out
    }

    private func paxString(_ value: ArraySlice<UInt8>, _ key: String, _ where_: Where) throws(ImageError) -> String {
        guard !value.contains(0) else { throw error(.corrupt, "PAX \(key) contains a NUL byte (\(where_))") }
        return String(decoding: value, as: UTF8.self)
    }

    /// Normalises an archive path; nil if ".." climbs above the root.
    /// True when `raw` is already normal: no leading, trailing or doubled `/`, no `.` or `..`
    /// segment (the common case, checked without allocating).
    static func isClean(_ raw: some StringProtocol) -> Bool {
        var segmentLength = 0
        var dots = 0
        for b in raw.utf8 {
            if b == 0x2F {
                if segmentLength == 0 || segmentLength == dots && dots <= 2 { return false }
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if b == 0x2E { dots += 1 }
            }
        }
        return segmentLength > 0 && !(segmentLength == dots && dots <= 2)
    }

    static func normalise(_ raw: String) -> String? {
        if isClean(raw) { return raw }
        // The common unclean forms, without splitting: directories end in `/`, and some tools
        // write every name as `./name`.
        var trimmed = Substring(raw)
        // Byte offsets, not Characters: a combining mark after `/` must not be dropped with it.
        while trimmed.utf8.last == 0x2F { trimmed = trimmed[..<trimmed.utf8.index(before: trimmed.endIndex)] }
        while trimmed.utf8.starts(with: "./".utf8) { trimmed = trimmed[trimmed.utf8.index(trimmed.startIndex, offsetBy: 2)...] }
        if trimmed.utf8.count < raw.utf8.count, !trimmed.isEmpty, isClean(trimmed) { return String(trimmed) }
        // Segments are split on the byte `/`, as the kernel splits paths. Splitting on Characters
        // would glue a combining mark to the slash before it and hide that separator:
        // `../\u{301}etc` would come back unchanged, still climbing out of the root.
        var parts: [Substring.UTF8View] = []
        for segment in Substring(raw).utf8.split(separator: 0x2F, omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(segment)
        }
        return parts.map { String(Substring($0)) }.joined(separator: "/")
    }
}

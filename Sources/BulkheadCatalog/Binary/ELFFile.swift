/// A read-only view of an ELF file's header, section headers and program headers (32/64-bit,
/// little/big endian), over bytes in memory or read on demand (``ByteWindow``).
///
/// Every offset and size read from the file is bounds-checked: hostile headers give `nil`
/// (not an ELF file we can read) or sections whose contents are `nil`, never a trap.
struct ELFFile: Sendable {
    /// A section header; `name` comes from the section-name string table.
    struct Section: Sendable, Hashable {
        var name: String
        var type: UInt32
        var flags: UInt64
        var address: UInt64
        var offset: UInt64
        var size: UInt64
    }

    /// A program header (segment).
    struct Segment: Sendable, Hashable {
        var type: UInt32
        var flags: UInt32
        var offset: UInt64
        var address: UInt64
        var fileSize: UInt64
        var memorySize: UInt64
    }

    static let sectionTypeNoBits: UInt32 = 8
    static let segmentTypeLoad: UInt32 = 1
    static let segmentFlagExecute: UInt32 = 1
    static let segmentFlagWrite: UInt32 = 2
    /// Most section names read from the string table.
    static let maxNameLength = 256

    let bytes: ByteWindow
    let is64Bit: Bool
    let bigEndian: Bool
    /// `e_machine` (62 = x86-64, 183 = AArch64, …).
    let machine: UInt16
    let sections: [Section]
    let segments: [Segment]

    /// Whether `bytes` starts with the ELF magic `\x7fELF`.
    static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x7F && bytes[1] == 0x45 && bytes[2] == 0x4C && bytes[3] == 0x46
    }

    /// Reads the headers of `bytes`; `nil` when it is not an ELF file or its identification is invalid.
    /// Section or program header tables that lie outside the file are treated as absent.
    init?(_ bytes: [UInt8]) {
        self.init(ByteWindow(bytes))
    }

    /// The same over a window, reading only the headers, tables and sections asked for.
    init?(_ bytes: ByteWindow) {
        guard bytes.count >= 52, let ident = bytes.slice(0, 6), Self.hasMagic(Array(ident)) else { return nil }
        let elfClass = ident[4], data = ident[5]
        guard elfClass == 1 || elfClass == 2, data == 1 || data == 2 else { return nil }
        let reader = ELFReader(bytes: bytes, bigEndian: data == 2, is64Bit: elfClass == 2)
        guard !reader.is64Bit || bytes.count >= 64 else { return nil }
        self.bytes = bytes
        is64Bit = reader.is64Bit
        bigEndian = reader.bigEndian
        machine = reader.u16(18) ?? 0
        segments = Self.readSegments(reader)
        sections = Self.readSections(reader)
    }

    private static func readSegments(_ r: ELFReader) -> [Segment] {
        let (offsetField, sizeField, countField) = r.is64Bit ? (32, 54, 56) : (28, 42, 44)
        guard let tableOffset = r.word(offsetField), let entrySize = r.u16(sizeField), let count = r.u16(countField),
              entrySize >= (r.is64Bit ? 56 : 32),
              r.contains(tableOffset, Int(entrySize) * Int(count)) else { return [] }
        return (0..<Int(count)).compactMap { i in
            let at = Int(tableOffset) + i * Int(entrySize)
            if r.is64Bit {
                guard let type = r.u32(at), let flags = r.u32(at + 4), let offset = r.u64(at + 8),
                      let address = r.u64(at + 16), let fileSize = r.u64(at + 32), let memorySize = r.u64(at + 40)
                else { return nil }
                return Segment(type: type, flags: flags, offset: offset, address: address, fileSize: fileSize,
                               memorySize: memorySize)
            }
            guard let type = r.u32(at), let offset = r.u32(at + 4), let address = r.u32(at + 8),
                  let fileSize = r.u32(at + 16), let memorySize = r.u32(at + 20), let flags = r.u32(at + 24)
            else { return nil }
            return Segment(type: type, flags: flags, offset: UInt64(offset), address: UInt64(address),
                           fileSize: UInt64(fileSize), memorySize: UInt64(memorySize))
        }
    }

    private static func readSections(_ r: ELFReader) -> [Section] {
        let (offsetField, sizeField, countField, namesField) = r.is64Bit ? (40, 58, 60, 62) : (32, 46, 48, 50)
        guard let tableOffset = r.word(offsetField), let entrySize = r.u16(sizeField), let count = r.u16(countField),
              let namesIndex = r.u16(namesField), entrySize >= (r.is64Bit ? 64 : 40),
              r.contains(tableOffset, Int(entrySize) * Int(count)) else { return [] }
        var raw: [(nameOffset: UInt32, section: Section)] = []
        for i in 0..<Int(count) {
            let at = Int(tableOffset) + i * Int(entrySize)
            let section: Section?
            if r.is64Bit {
                section = r.u32(at + 4).flatMap { type in
                    guard let flags = r.u64(at + 8), let address = r.u64(at + 16), let offset = r.u64(at + 24),
                          let size = r.u64(at + 32) else { return nil }
                    return Section(name: "", type: type, flags: flags, address: address, offset: offset, size: size)
                }
            } else {
                section = r.u32(at + 4).flatMap { type in
                    guard let flags = r.u32(at + 8), let address = r.u32(at + 12), let offset = r.u32(at + 16),
                          let size = r.u32(at + 20) else { return nil }
                    return Section(name: "", type: type, flags: UInt64(flags), address: UInt64(address),
                                   offset: UInt64(offset), size: UInt64(size))
                }
            }
            guard let section, let nameOffset = r.u32(at) else { continue }
            raw.append((nameOffset, section))
        }
        // Names live in the section-name string table; without one, sections are nameless.
        let names: Section? = Int(namesIndex) < raw.count ? raw[Int(namesIndex)].section : nil
        return raw.map { entry in
            var section = entry.section
            if let names, UInt64(entry.nameOffset) < names.size {
                let (start, startOverflow) = names.offset.addingReportingOverflow(UInt64(entry.nameOffset))
                let (end, endOverflow) = names.offset.addingReportingOverflow(names.size)
                if !startOverflow {
                    section.name = r.cString(at: start, end: endOverflow ? .max : end, max: maxNameLength)
                }
            }
            return section
        }
    }

    /// The first section called `name`.
    func section(named name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// The bytes of `section` in the file; `nil` for `SHT_NOBITS` or when it lies outside the file.
    func contents(of section: Section) -> ArraySlice<UInt8>? {
        guard section.type != Self.sectionTypeNoBits else { return nil }
        return slice(offset: section.offset, count: section.size)
    }

    /// `count` bytes at virtual address `address`, read from the file-backed part of the loadable
    /// segment (or, failing that, the allocated section) that contains it. Fewer bytes are
    /// returned when the segment ends first; `nil` when no segment maps the address.
    func read(address: UInt64, count: UInt64) -> ArraySlice<UInt8>? {
        for segment in segments where segment.type == Self.segmentTypeLoad {
            if let slice = read(address: address, count: count, base: segment.address, offset: segment.offset,
                                size: segment.fileSize) { return slice }
        }
        for section in sections where section.address != 0 && section.type != Self.sectionTypeNoBits {
            if let slice = read(address: address, count: count, base: section.address, offset: section.offset,
                                size: section.size) { return slice }
        }
        return nil
    }

    private func read(address: UInt64, count: UInt64, base: UInt64, offset: UInt64, size: UInt64) -> ArraySlice<UInt8>? {
        guard address >= base, address - base < size else { return nil }
        let skip = address - base
        let available = min(count, size - skip)
        let (start, overflow) = offset.addingReportingOverflow(skip)
        guard !overflow else { return nil }
        return slice(offset: start, count: available)
    }

    /// `count` bytes at file offset `offset`, or `nil` when any of them lies outside the file.
    func slice(offset: UInt64, count: UInt64) -> ArraySlice<UInt8>? {
        guard offset <= UInt64(bytes.count), count <= UInt64(bytes.count) - offset else { return nil }
        return bytes.slice(Int(offset), Int(count))
    }
}

/// Bounds-checked integer reads in a file's byte order.
struct ELFReader {
    let bytes: ByteWindow
    let bigEndian: Bool
    let is64Bit: Bool

    init(bytes: ByteWindow, bigEndian: Bool, is64Bit: Bool) {
        self.bytes = bytes
        self.bigEndian = bigEndian
        self.is64Bit = is64Bit
    }

    init(bytes: [UInt8], bigEndian: Bool, is64Bit: Bool) {
        self.init(bytes: ByteWindow(bytes), bigEndian: bigEndian, is64Bit: is64Bit)
    }

    func contains(_ offset: UInt64, _ length: Int) -> Bool {
        length >= 0 && offset <= UInt64(bytes.count) && UInt64(length) <= UInt64(bytes.count) - offset
    }

    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && contains(UInt64(offset), length)
    }

    func unsigned(_ offset: Int, _ width: Int) -> UInt64? {
        guard contains(offset, width), let field = bytes.slice(offset, width) else { return nil }
        var value: UInt64 = 0
        for i in 0..<width {
            value = value << 8 | UInt64(field[field.startIndex + (bigEndian ? i : width - 1 - i)])
        }
        return value
    }

    func u16(_ offset: Int) -> UInt16? { unsigned(offset, 2).map { UInt16($0) } }
    func u32(_ offset: Int) -> UInt32? { unsigned(offset, 4).map { UInt32($0) } }
    func u64(_ offset: Int) -> UInt64? { unsigned(offset, 8) }
    /// An address or offset field: 8 bytes in 64-bit files, 4 in 32-bit ones.
    func word(_ offset: Int) -> UInt64? { unsigned(offset, is64Bit ? 8 : 4) }

    /// A NUL-terminated string starting at `offset`, stopping at `end` or after `max` bytes.
    func cString(at offset: UInt64, end: UInt64, max: Int) -> String {
        guard offset < UInt64(bytes.count) else { return "" }
        let stop = Int(Swift.min(end, UInt64(bytes.count), offset + UInt64(max)))
        guard stop > Int(offset), let text = bytes.slice(Int(offset), stop - Int(offset)) else { return "" }
        return String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
    }
}

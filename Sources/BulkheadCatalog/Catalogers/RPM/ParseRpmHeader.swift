/// Pure parser for rpm header blobs as the package databases store them: a big-endian index
/// count `il` and data length `dl`, `il` 16-byte index entries (tag, type, offset, count), then
/// `dl` bytes of data. Every offset and count is checked against the blob; nothing traps.
enum ParseRpmHeader {
    /// rpm's own sanity limits (`hdrchkTags`, `hdrchkData`).
    static let maxIndexCount = 0xFFFF
    static let maxDataLength = 0x0FFF_FFFF

    /// Header tags read here (rpmtag.h numbers).
    enum Tag {
        static let headerImage: Int32 = 61
        static let headerSignatures: Int32 = 62
        static let headerImmutable: Int32 = 63
        static let name: Int32 = 1000
        static let version: Int32 = 1001
        static let release: Int32 = 1002
        static let epoch: Int32 = 1003
        static let size: Int32 = 1009
        static let vendor: Int32 = 1011
        static let license: Int32 = 1014
        static let architecture: Int32 = 1022
        static let oldFileNames: Int32 = 1027
        static let sourceRPM: Int32 = 1044
        static let dirIndexes: Int32 = 1116
        static let baseNames: Int32 = 1117
        static let dirNames: Int32 = 1118
        static let longSize: Int32 = 5009

        static let regions: Set<Int32> = [headerImage, headerSignatures, headerImmutable]
    }

    /// rpm's value types (`rpmTagType`).
    enum ValueType {
        static let int32: UInt32 = 4
        static let int64: UInt32 = 5
        static let string: UInt32 = 6
        static let binary: UInt32 = 7
        static let stringArray: UInt32 = 8
        static let i18nString: UInt32 = 9
        static let max: UInt32 = 9
    }

    /// Why a header blob could not be read.
    struct Failure: Error, Sendable, Hashable {
        var code: CatalogError.Code
        var message: String

        static func corrupt(_ message: String) -> Failure { Failure(code: .corruptEntry, message: message) }
    }

    /// The package described by `blob`.
    ///
    /// - Parameters:
    ///   - blob: the header as stored in the database.
    ///   - index: the instance number recorded as ``RpmEntry/index``.
    /// - Throws: ``Failure`` `corrupt-entry` for a malformed blob, `missing-field` when `NAME`,
    ///   `VERSION` or `RELEASE` is absent.
    static func parse(_ blob: [UInt8], index: Int) throws(Failure) -> RpmEntry {
        let header = try Header(blob)
        guard let name = try header.string(Tag.name), !name.isEmpty else {
            throw Failure(code: .missingField, message: "rpm header has no NAME")
        }
        guard let version = try header.string(Tag.version), !version.isEmpty else {
            throw Failure(code: .missingField, message: "rpm header '\(name)' has no VERSION")
        }
        guard let release = try header.string(Tag.release) else {
            throw Failure(code: .missingField, message: "rpm header '\(name)' has no RELEASE")
        }
        var size = try header.integers(Tag.longSize, type: ValueType.int64, width: 8).first
        if size == nil { size = try header.integers(Tag.size, type: ValueType.int32, width: 4).first }
        return RpmEntry(name: name, version: version, release: release,
                        epoch: try header.integers(Tag.epoch, type: ValueType.int32, width: 4).first.map { Int($0) },
                        architecture: try header.string(Tag.architecture).nonEmpty,
                        sourceRPM: try header.string(Tag.sourceRPM).nonEmpty,
                        license: try header.string(Tag.license).nonEmpty,
                        vendor: try header.string(Tag.vendor).nonEmpty,
                        size: size.flatMap { Int(exactly: $0) },
                        files: try header.files(), index: index)
    }

    /// A validated view of one header blob.
    struct Header {
        struct Entry {
            var type: UInt32
            var offset: Int
            var count: Int
        }

        let bytes: RpmBytes
        let dataStart: Int
        let dataLength: Int
        /// Tag → entry; a later entry for the same tag replaces an earlier one, as rpm lets
        /// "dribble" entries appended after the region override it.
        var entries: [Int32: Entry] = [:]

        init(_ blob: [UInt8]) throws(Failure) {
            bytes = RpmBytes(blob)
            guard let il = bytes.u32(0, bigEndian: true), let dl = bytes.u32(4, bigEndian: true) else {
                throw .corrupt("rpm header is \(blob.count) bytes, shorter than its 8-byte preamble")
            }
            guard il >= 1, il <= ParseRpmHeader.maxIndexCount else {
                throw .corrupt("rpm header declares \(il) index entries")
            }
            guard dl <= ParseRpmHeader.maxDataLength else { throw .corrupt("rpm header declares \(dl) data bytes") }
            let indexCount = Int(il)
            dataStart = 8 + indexCount * 16
            dataLength = Int(dl)
            guard bytes.contains(dataStart, length: dataLength) else {
                throw .corrupt("rpm header declares \(il) entries and \(dl) data bytes but the blob has \(blob.count) bytes")
            }
            for i in 0..<indexCount {
                try readEntry(i, indexCount: indexCount)
            }
        }

        private mutating func readEntry(_ i: Int, indexCount: Int) throws(Failure) {
            let at = 8 + i * 16
            guard let rawTag = bytes.u32(at, bigEndian: true), let type = bytes.u32(at + 4, bigEndian: true),
                  let rawOffset = bytes.u32(at + 8, bigEndian: true), let rawCount = bytes.u32(at + 12, bigEndian: true)
            else { throw .corrupt("rpm header index entry \(i) is cut short") }
            let tag = Int32(bitPattern: rawTag), offset = Int(Int32(bitPattern: rawOffset))
            guard type <= ValueType.max else { throw .corrupt("rpm header tag \(tag) has unknown type \(type)") }
            guard offset >= 0, offset < dataLength || (offset == dataLength && rawCount == 0) else {
                throw .corrupt("rpm header tag \(tag) points at offset \(offset), outside its \(dataLength) data bytes")
            }
            if Tag.regions.contains(tag) {
                if i == 0 {
                    try checkRegion(tag: tag, type: type, offset: offset, count: Int(rawCount), indexCount: indexCount)
                }
                return
            }
            entries[tag] = Entry(type: type, offset: offset, count: Int(rawCount))
        }

        /// The first entry may be a region tag whose 16-byte trailer in the data repeats the tag
        /// and records minus the region's index size.
        private func checkRegion(tag: Int32, type: UInt32, offset: Int, count: Int, indexCount: Int) throws(Failure) {
            guard type == ValueType.binary, count == 16, offset <= dataLength - 16,
                  let trailerTag = bytes.u32(dataStart + offset, bigEndian: true),
                  let trailerOffset = bytes.u32(dataStart + offset + 8, bigEndian: true)
            else { throw .corrupt("rpm header region tag \(tag) is malformed") }
            let regionSize = -Int(Int32(bitPattern: trailerOffset))
            guard Int32(bitPattern: trailerTag) == tag, regionSize > 0, regionSize % 16 == 0,
                  regionSize <= indexCount * 16
            else { throw .corrupt("rpm header region tag \(tag) has an inconsistent trailer") }
        }

        /// The first string of a STRING, STRING_ARRAY or I18NSTRING entry; `nil` when absent.
        func string(_ tag: Int32) throws(Failure) -> String? {
            guard let entry = entries[tag] else { return nil }
            guard [ValueType.string, ValueType.stringArray, ValueType.i18nString].contains(entry.type) else {
                throw .corrupt("rpm header tag \(tag) is type \(entry.type), not a string")
            }
            return try strings(entry, tag: tag, limit: 1).first
        }

        /// Every string of a STRING_ARRAY (or I18NSTRING) entry; empty when absent.
        func stringArray(_ tag: Int32) throws(Failure) -> [String] {
            guard let entry = entries[tag] else { return [] }
            guard entry.type == ValueType.stringArray || entry.type == ValueType.i18nString else {
                throw .corrupt("rpm header tag \(tag) is type \(entry.type), not a string array")
            }
            return try strings(entry, tag: tag, limit: entry.count)
        }

        private func strings(_ entry: Entry, tag: Int32, limit: Int) throws(Failure) -> [String] {
            // Every string takes at least its NUL byte, so a count beyond the data is a lie.
            guard entry.count <= dataLength - entry.offset else {
                throw .corrupt("rpm header tag \(tag) claims \(entry.count) strings in \(dataLength - entry.offset) bytes")
            }
            var out: [String] = []
            out.reserveCapacity(min(limit, entry.count))
            var position = dataStart + entry.offset
            let end = dataStart + dataLength
            for _ in 0..<min(limit, entry.count) {
                guard let nul = bytes.bytes[position..<end].firstIndex(of: 0) else {
                    throw .corrupt("rpm header tag \(tag) has an unterminated string")
                }
                out.append(String(decoding: bytes.bytes[position..<nul], as: UTF8.self))
                position = nul + 1
            }
            return out
        }

        /// The values of an integer entry of `type` (`width` bytes each, big-endian); empty when
        /// absent.
        func integers(_ tag: Int32, type: UInt32, width: Int) throws(Failure) -> [UInt64] {
            guard let entry = entries[tag] else { return [] }
            guard entry.type == type else { throw .corrupt("rpm header tag \(tag) is type \(entry.type), expected \(type)") }
            guard entry.count <= (dataLength - entry.offset) / width else {
                throw .corrupt("rpm header tag \(tag) claims \(entry.count) values past the end of the data")
            }
            var out: [UInt64] = []
            out.reserveCapacity(entry.count)
            for i in 0..<entry.count {
                let at = dataStart + entry.offset + i * width
                let value = width == 8 ? bytes.u64(at, bigEndian: true) : bytes.u32(at, bigEndian: true).map(UInt64.init)
                guard let value else { throw .corrupt("rpm header tag \(tag) runs past the data") }
                out.append(value)
            }
            return out
        }

        /// Owned paths: `DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]`, or legacy `OLDFILENAMES`.
        func files() throws(Failure) -> [String] {
            let baseNames = try stringArray(Tag.baseNames)
            guard !baseNames.isEmpty else { return try stringArray(Tag.oldFileNames) }
            let dirNames = try stringArray(Tag.dirNames)
            let dirIndexes = try integers(Tag.dirIndexes, type: ValueType.int32, width: 4)
            guard dirIndexes.count == baseNames.count else {
                throw .corrupt("rpm header has \(baseNames.count) BASENAMES but \(dirIndexes.count) DIRINDEXES")
            }
            var files: [String] = []
            files.reserveCapacity(baseNames.count)
            for (base, dir) in zip(baseNames, dirIndexes) {
                guard dir < dirNames.count else {
                    throw .corrupt("rpm header DIRINDEXES value \(dir) is outside its \(dirNames.count) DIRNAMES")
                }
                files.append(dirNames[Int(dir)] + base)
            }
            return files
        }
    }
}

import CZlib

/// Limits for reading ZIP archives (jars, wars) found in scanned trees. Hostile archives are
/// ordinary input: every count, size and ratio is capped.
public struct ZipLimits: Sendable, Hashable {
    /// Central-directory entries read from one archive.
    public var maxEntries = 200_000
    /// Uncompressed bytes produced for one entry.
    public var maxEntrySize = 128 << 20
    /// Uncompressed bytes produced for one top-level archive, nested archives included.
    public var maxTotalInflated = 256 << 20
    /// Uncompressed-to-compressed ratio allowed once an entry has produced more than
    /// ``ratioFloor`` bytes (deflate cannot legitimately exceed ~1032:1; real jars stay far below).
    public var maxCompressionRatio = 200
    public var ratioFloor = 1 << 20
    /// Archives inside archives read below the top level (`a.war:WEB-INF/lib/b.jar` is depth 1).
    public var maxNestingDepth = 3

    public static let `default` = ZipLimits()
}

/// Why a ZIP archive or one of its entries could not be read.
public struct ZipError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The bytes end before a structure they announce.
        case truncated
        /// A signature, offset or checksum is wrong.
        case corrupt
        /// Encryption or a compression method other than stored/deflate.
        case unsupported
        /// A count, size, ratio or nesting limit was hit (zip bombs).
        case limitExceeded
    }

    public var kind: Kind
    public var message: String
    /// The entry the error is about, if any.
    public var entry: String?

    public init(_ kind: Kind, _ message: String, entry: String? = nil) {
        self.kind = kind
        self.message = message
        self.entry = entry
    }

    public var description: String { entry.map { "\($0): \(message)" } ?? message }
}

/// One file or directory recorded in a ZIP central directory.
public struct ZipEntry: Sendable, Hashable {
    public var name: String
    /// 0 = stored, 8 = deflate.
    public var method: UInt16
    public var flags: UInt16
    public var crc32: UInt32
    public var compressedSize: Int
    public var uncompressedSize: Int
    /// Offset of the local file header, relative to the start of the archive bytes.
    public var localHeaderOffset: Int

    public var isDirectory: Bool { name.hasSuffix("/") }
    public var isEncrypted: Bool { flags & 1 != 0 }
}

/// A read-only view of a ZIP archive held in memory: the central directory is parsed eagerly and
/// bounds-checked; entry data is located through its local header and inflated on demand.
///
/// Data before the archive (launcher scripts of "executable" jars) is tolerated: offsets are
/// rebased on where the central directory really is, as other readers do.
public struct ZipArchive: Sendable {
    public let bytes: [UInt8]
    public let entries: [ZipEntry]
    public let limits: ZipLimits

    private static let eocdSignature: UInt32 = 0x0605_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    private static let zip64EOCDSignature: UInt32 = 0x0606_4b50
    private static let centralSignature: UInt32 = 0x0201_4b50
    private static let localSignature: UInt32 = 0x0403_4b50
    private static let eocdSize = 22
    private static let centralHeaderSize = 46
    private static let localHeaderSize = 30

    public init(_ bytes: [UInt8], limits: ZipLimits = .default) throws(ZipError) {
        self.bytes = bytes
        self.limits = limits
        let reader = ByteReader(bytes)
        let directory = try Self.findDirectory(reader)
        guard directory.count <= limits.maxEntries else {
            throw ZipError(.limitExceeded, "central directory lists \(directory.count) entries (limit \(limits.maxEntries))")
        }
        entries = try Self.readCentralDirectory(reader, directory)
    }

    // MARK: - End of central directory

    private struct Directory {
        var count: Int
        /// Where the directory really starts in `bytes`.
        var offset: Int
        var size: Int
        /// Bytes of data prepended to the archive (added to every recorded offset).
        var base: Int
    }

    /// Finds the end-of-central-directory record (scanning back over a comment of up to 64 KiB),
    /// follows the ZIP64 locator when a field is saturated, and rebases for prepended data.
    private static func findDirectory(_ r: ByteReader) throws(ZipError) -> Directory {
        guard r.count >= eocdSize else {
            throw ZipError(.truncated, "\(r.count) bytes is too short for a ZIP archive (no end of central directory)")
        }
        let lowest = max(0, r.count - eocdSize - 0xFFFF)
        var position = r.count - eocdSize
        var eocd: Int?
        while position >= lowest {
            if r.u32(position) == eocdSignature {
                // The comment length must reach exactly to the end (or the record is a false match).
                let commentLength = Int(r.u16(position + 20) ?? 0)
                if position + eocdSize + commentLength <= r.count {
                    eocd = position
                    break
                }
            }
            position -= 1
        }
        guard let eocd else {
            throw ZipError(.truncated, "no end-of-central-directory record (not a ZIP archive, or truncated)")
        }
        var count = Int(r.u16(eocd + 10) ?? 0)
        var size = Int(r.u32(eocd + 12) ?? 0)
        var offset = Int(r.u32(eocd + 16) ?? 0)
        var directoryEnd = eocd
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let zip64 = try readZip64(r, eocd: eocd)
            (count, size, offset, directoryEnd) = (zip64.count, zip64.size, zip64.offset, zip64.recordOffset)
        }
        guard size >= 0, offset >= 0, size <= directoryEnd else {
            throw ZipError(.corrupt, "central directory size \(size) does not fit before its end record at \(directoryEnd)")
        }
        // Data prepended to the archive shifts everything by the same amount.
        let actualStart = directoryEnd - size
        guard actualStart >= offset else {
            throw ZipError(.corrupt, "central directory offset \(offset) lies past its end record (\(actualStart))")
        }
        let base = actualStart - offset
        return Directory(count: count, offset: offset + base, size: size, base: base)
    }

    private struct Zip64Directory {
        var count: Int
        var size: Int
        var offset: Int
        var recordOffset: Int
    }

    private static func readZip64(_ r: ByteReader, eocd: Int) throws(ZipError) -> Zip64Directory {
        let locator = eocd - 20
        guard locator >= 0, r.u32(locator) == zip64LocatorSignature, let recordOffset = r.u64(locator + 8) else {
            throw ZipError(.corrupt, "end record has saturated fields but no ZIP64 locator")
        }
        // The record normally sits right before the locator; prepended data can shift it.
        var record = Int(clamping: recordOffset)
        if r.u32(record) != zip64EOCDSignature {
            record = locator - 56
        }
        guard record >= 0, r.u32(record) == zip64EOCDSignature,
              let count = r.u64(record + 32), let size = r.u64(record + 40), let offset = r.u64(record + 48) else {
            throw ZipError(.corrupt, "ZIP64 end-of-central-directory record not found or truncated")
        }
        guard count <= UInt64(Int32.max), size <= UInt64(Int32.max), offset <= UInt64(Int.max) else {
            throw ZipError(.limitExceeded, "ZIP64 directory claims \(count) entries / \(size) bytes")
        }
        return Zip64Directory(count: Int(count), size: Int(size), offset: Int(offset), recordOffset: record)
    }

    // MARK: - Central directory

    private static func readCentralDirectory(_ r: ByteReader, _ directory: Directory) throws(ZipError) -> [ZipEntry] {
        var entries: [ZipEntry] = []
        entries.reserveCapacity(min(directory.count, 4096))
        var position = directory.offset
        let end = directory.offset + directory.size
        for index in 0..<directory.count {
            guard position + centralHeaderSize <= end, r.u32(position) == centralSignature,
                  let flags = r.u16(position + 8), let method = r.u16(position + 10), let crc = r.u32(position + 16),
                  let compressed = r.u32(position + 20), let uncompressed = r.u32(position + 24),
                  let nameLength = r.u16(position + 28), let extraLength = r.u16(position + 30),
                  let commentLength = r.u16(position + 32), let localOffset = r.u32(position + 42) else {
                throw ZipError(.corrupt, "central directory entry \(index) at offset \(position) is malformed")
            }
            let nameStart = position + centralHeaderSize
            let extraStart = nameStart + Int(nameLength)
            let next = extraStart + Int(extraLength) + Int(commentLength)
            guard next <= end, let nameBytes = r.slice(nameStart, Int(nameLength)) else {
                throw ZipError(.truncated, "central directory entry \(index) runs past the directory")
            }
            var entry = ZipEntry(name: String(decoding: nameBytes, as: UTF8.self), method: method, flags: flags,
                                 crc32: crc, compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                                 localHeaderOffset: Int(localOffset))
            try applyZip64Extra(r, start: extraStart, length: Int(extraLength), to: &entry)
            // Rebase for prepended data, like the directory itself.
            entry.localHeaderOffset += directory.base
            entries.append(entry)
            position = next
        }
        return entries
    }

    /// Replaces saturated 32-bit sizes/offsets with the 64-bit values of the ZIP64 extra field.
    private static func applyZip64Extra(_ r: ByteReader, start: Int, length: Int, to entry: inout ZipEntry) throws(ZipError) {
        let saturated = 0xFFFF_FFFF
        guard entry.uncompressedSize == saturated || entry.compressedSize == saturated
                || entry.localHeaderOffset == saturated else { return }
        var position = start
        let end = start + length
        while position + 4 <= end, let id = r.u16(position), let size = r.u16(position + 2) {
            let body = position + 4
            if id == 0x0001 {
                var field = body
                func next() throws(ZipError) -> Int {
                    guard field + 8 <= body + Int(size), let value = r.u64(field), value <= UInt64(Int32.max) * 16 else {
                        throw ZipError(.corrupt, "ZIP64 extra field is too short or out of range", entry: entry.name)
                    }
                    field += 8
                    return Int(value)
                }
                if entry.uncompressedSize == saturated { entry.uncompressedSize = try next() }
                if entry.compressedSize == saturated { entry.compressedSize = try next() }
                if entry.localHeaderOffset == saturated { entry.localHeaderOffset = try next() }
                return
            }
            position = body + Int(size)
        }
        throw ZipError(.corrupt, "sizes are saturated but there is no ZIP64 extra field", entry: entry.name)
    }

    // MARK: - Entry data

    /// The first entry named exactly `name`.
    public func entry(named name: String) -> ZipEntry? {
        entries.first { $0.name == name }
    }

    /// The uncompressed contents of `entry`, at most `limit` bytes, charged to `budget`.
    ///
    /// - Throws: ``ZipError`` when the entry is encrypted, uses another method, is larger than
    ///   `limit` or the per-entry limit, exceeds the compression ratio or the budget, or when its
    ///   data is truncated or fails the CRC check.
    public func contents(of entry: ZipEntry, limit: Int, budget: inout ZipBudget) throws(ZipError) -> [UInt8] {
        let cap = min(limit, limits.maxEntrySize)
        guard !entry.isEncrypted else { throw ZipError(.unsupported, "entry is encrypted", entry: entry.name) }
        guard entry.uncompressedSize <= cap else {
            throw ZipError(.limitExceeded, "entry declares \(entry.uncompressedSize) bytes (limit \(cap))", entry: entry.name)
        }
        let data = try dataRange(of: entry)
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ZipError(.corrupt, "stored entry has different compressed and uncompressed sizes", entry: entry.name)
            }
            output = Array(bytes[data])
        case 8:
            output = try ZipInflater.inflateRaw(bytes, range: data, expected: entry.uncompressedSize,
                                              cap: min(cap, budget.remaining), limits: limits, entry: entry.name)
        default:
            throw ZipError(.unsupported, "compression method \(entry.method) is not supported", entry: entry.name)
        }
        guard output.count == entry.uncompressedSize else {
            throw ZipError(.corrupt, "entry inflates to \(output.count) bytes, directory says \(entry.uncompressedSize)",
                           entry: entry.name)
        }
        guard ZipInflater.crc(output) == entry.crc32 else {
            throw ZipError(.corrupt, "CRC-32 mismatch", entry: entry.name)
        }
        try budget.charge(output.count, entry: entry.name)
        return output
    }

    /// Where the entry's compressed bytes are, from its local header.
    private func dataRange(of entry: ZipEntry) throws(ZipError) -> Range<Int> {
        let r = ByteReader(bytes)
        let local = entry.localHeaderOffset
        guard local >= 0, r.u32(local) == Self.localSignature,
              let nameLength = r.u16(local + 26), let extraLength = r.u16(local + 28) else {
            throw ZipError(.corrupt, "no local file header at offset \(local)", entry: entry.name)
        }
        let start = local + Self.localHeaderSize + Int(nameLength) + Int(extraLength)
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, end <= bytes.count else {
            throw ZipError(.truncated, "entry data runs past the end of the archive", entry: entry.name)
        }
        return start..<end
    }
}

/// Bytes still allowed to be inflated for one top-level archive and everything nested in it.
public struct ZipBudget: Sendable {
    public private(set) var remaining: Int

    public init(_ total: Int) { remaining = total }

    public mutating func charge(_ count: Int, entry: String) throws(ZipError) {
        guard count <= remaining else {
            throw ZipError(.limitExceeded, "archive inflates to more than its total budget", entry: entry)
        }
        remaining -= count
    }
}

/// Little-endian reads that return nil instead of trapping when out of bounds.
private struct ByteReader {
    let bytes: [UInt8]
    var count: Int { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u16(_ at: Int) -> UInt16? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32? {
        guard at >= 0, at <= bytes.count - 4 else { return nil }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    func u64(_ at: Int) -> UInt64? {
        guard let low = u32(at), let high = u32(at + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }

    func slice(_ at: Int, _ length: Int) -> ArraySlice<UInt8>? {
        guard at >= 0, length >= 0, at <= bytes.count - length else { return nil }
        return bytes[at..<(at + length)]
    }
}

/// zlib raw inflate (no zlib/gzip header, `windowBits` -15) of an in-memory range.
enum ZipInflater {
    static func inflateRaw(_ bytes: [UInt8], range: Range<Int>, expected: Int, cap: Int, limits: ZipLimits,
                           entry: String) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipError(.unsupported, "zlib inflateInit2 failed", entry: entry)
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(max(expected, 0), cap, 16 << 20))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let result: Result<Void, ZipError> = bytes.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return .failure(ZipError(.truncated, "no data", entry: entry)) }
            stream.next_in = UnsafeMutablePointer(mutating: base + range.lowerBound)
            stream.avail_in = uInt(range.count)
            return chunk.withUnsafeMutableBufferPointer { out in
                while true {
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let rc = inflate(&stream, Z_NO_FLUSH)
                    let produced = out.count - Int(stream.avail_out)
                    if output.count + produced > expected {
                        return .failure(ZipError(.corrupt, "entry inflates past its declared \(expected) bytes", entry: entry))
                    }
                    if output.count + produced > cap {
                        return .failure(ZipError(.limitExceeded, "entry inflates past the \(cap)-byte limit", entry: entry))
                    }
                    output.append(contentsOf: out[0..<produced])
                    let consumed = range.count - Int(stream.avail_in)
                    if output.count > limits.ratioFloor, output.count / max(consumed, 1) > limits.maxCompressionRatio {
                        return .failure(ZipError(.limitExceeded,
                                                 "compression ratio exceeds \(limits.maxCompressionRatio):1; possible zip bomb",
                                                 entry: entry))
                    }
                    switch rc {
                    case Z_STREAM_END:
                        return .success(())
                    case Z_OK:
                        continue
                    case Z_BUF_ERROR where produced > 0:
                        continue
                    case Z_BUF_ERROR:
                        // No progress possible: the input ended before the deflate stream did.
                        return .failure(ZipError(.truncated, "deflate stream ends early", entry: entry))
                    default:
                        let message = stream.msg.map { String(cString: $0) } ?? "code \(rc)"
                        return .failure(ZipError(.corrupt, "invalid deflate data: \(message)", entry: entry))
                    }
                }
            }
        }
        try result.get()
        return output
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }
}

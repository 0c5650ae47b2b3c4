/// A read-only reader of rpm's NDB `Packages.db` (SUSE), following the layout that rpm's
/// `lib/backend/ndb/rpmpkg.c` writes. All integers are little-endian.
///
/// - A 32-byte header: magic `RpmP`, version 0, generation, number of 4 KiB slot pages, next
///   package index.
/// - The slot pages follow (the header takes the first two 16-byte slots of page 0). A slot is
///   magic `Slot`, package index, block offset and block count (16-byte blocks); block offset 0
///   marks a free slot.
/// - A blob starts at `blkoff * 16`: head (magic `BlbS`, package index, timestamp, blob length),
///   the header blob, zero padding, and a 12-byte tail (Adler-32 of everything before it, blob
///   length, magic `BlbE`) ending exactly at `(blkoff + blkcnt) * 16`.
///
/// Each slot is checked as rpm checks it (blocks inside the file, after the slot pages, count
/// matching the length, tail and checksum matching); a bad slot or blob is a problem and the
/// other slots are still read.
enum ParseRpmNDB {
    static let headerMagic = fourCC("RpmP")
    static let slotMagic = fourCC("Slot")
    static let blobHeadMagic = fourCC("BlbS")
    static let blobTailMagic = fourCC("BlbE")
    static let headerSize = 32
    static let slotSize = 16
    static let blockSize = 16
    static let slotPageSize = 4096
    static let blobHeadSize = 16
    static let blobTailSize = 12
    /// go-rpmdb's bound; real databases use a handful of slot pages (256 packages each).
    static let maxSlotPages = 2048

    static func fourCC(_ text: StaticString) -> UInt32 {
        let utf8 = text.withUTF8Buffer { Array($0) }
        return utf8.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func isNDB(_ bytes: [UInt8]) -> Bool {
        RpmBytes(bytes).u32(0, bigEndian: false) == headerMagic
    }

    /// Every package header blob in the file, keyed by package index.
    static func scan(_ bytes: [UInt8]) -> RpmDatabaseScan {
        var scan = RpmDatabaseScan()
        let view = RpmBytes(bytes)
        guard isNDB(bytes), let version = view.u32(4, bigEndian: false),
              let slotPages = view.u32(12, bigEndian: false)
        else {
            scan.problem("not an rpm NDB package database", at: "header", code: .unreadableFile)
            return scan
        }
        guard version == 0 else {
            scan.problem("unsupported NDB version \(version)", at: "header", code: .unreadableFile)
            return scan
        }
        guard slotPages >= 1, slotPages <= maxSlotPages else {
            scan.problem("NDB header declares \(slotPages) slot pages", at: "header", code: .unreadableFile)
            return scan
        }
        let pagesInFile = bytes.count / slotPageSize
        if Int(slotPages) > pagesInFile {
            scan.problem("NDB slot pages end past the end of the file (\(bytes.count) bytes); it is truncated", at: "header")
        }
        let slotCount = min(Int(slotPages) * slotPageSize, bytes.count) / slotSize
        let context = BlobContext(bytes: view, firstBlock: Int(slotPages) * (slotPageSize / blockSize),
                                  fileBlocks: bytes.count / blockSize)
        var seen = Set<Int>()
        var badMagic = 0
        // Slots may not share blocks: blobs adding up to more than the file stop the reading.
        var budget = bytes.count
        for slot in (headerSize / slotSize)..<max(slotCount, headerSize / slotSize) {
            let at = slot * slotSize
            guard view.u32(at, bigEndian: false) == slotMagic else {
                badMagic += 1
                continue
            }
            guard let index = view.u32(at + 4, bigEndian: false), let offset = view.u32(at + 8, bigEndian: false),
                  let count = view.u32(at + 12, bigEndian: false), offset != 0
            else { continue }
            let place = "slot \(slot)"
            guard Int(count) <= budget / blockSize else {
                scan.problem("slots claim more blocks than the file has (shared blocks); reading stopped", at: place)
                break
            }
            budget -= Int(count) * blockSize
            switch context.blob(index: Int(index), blockOffset: Int(offset), blockCount: Int(count)) {
            case .success(let blob):
                guard seen.insert(Int(index)).inserted else {
                    scan.problem("package index \(index) is in two slots", at: place)
                    continue
                }
                scan.records.append(RpmDatabaseRecord(index: Int(index), blob: blob))
            case .failure(let error):
                scan.problem("package \(index): \(error.message)", at: place)
            }
        }
        if badMagic > 0 { scan.problem("\(badMagic) slots have a bad magic number", at: "slot pages") }
        scan.records.sort { $0.index < $1.index }
        return scan
    }

    struct BlobContext {
        let bytes: RpmBytes
        /// Blobs start after the slot pages.
        let firstBlock: Int
        let fileBlocks: Int

        func blob(index: Int, blockOffset: Int, blockCount: Int) -> Result<[UInt8], RpmFormatError> {
            guard index != 0, blockCount != 0, blockOffset >= firstBlock,
                  blockCount <= fileBlocks - blockOffset
            else {
                return .failure(RpmFormatError(
                    message: "slot points at blocks \(blockOffset)+\(blockCount), outside the blob area"))
            }
            let start = blockOffset * blockSize, end = (blockOffset + blockCount) * blockSize
            guard bytes.u32(start, bigEndian: false) == blobHeadMagic else {
                return .failure(RpmFormatError(message: "blob has a bad head magic"))
            }
            guard bytes.u32(start + 4, bigEndian: false) == UInt32(index),
                  let length = bytes.u32(start + 12, bigEndian: false).map(Int.init)
            else { return .failure(RpmFormatError(message: "blob belongs to another package index")) }
            guard length <= end - start,
                  blockCount == (blobHeadSize + length + blobTailSize + blockSize - 1) / blockSize
            else {
                return .failure(RpmFormatError(message: "blob length \(length) does not match its \(blockCount) blocks"))
            }
            let tail = end - blobTailSize
            guard bytes.u32(tail + 8, bigEndian: false) == blobTailMagic,
                  bytes.u32(tail + 4, bigEndian: false) == UInt32(length)
            else { return .failure(RpmFormatError(message: "blob tail is missing or does not match")) }
            guard bytes.u32(tail, bigEndian: false) == ParseRpmNDB.adler32(bytes.bytes[start..<tail]) else {
                return .failure(RpmFormatError(message: "blob checksum (Adler-32) does not match"))
            }
            return .success(Array(bytes.bytes[(start + blobHeadSize)..<(start + blobHeadSize + length)]))
        }
    }

    /// Adler-32 (RFC 1950) starting from 1.
    static func adler32(_ data: ArraySlice<UInt8>) -> UInt32 {
        let modulus: UInt32 = 65521
        var a: UInt32 = 1, b: UInt32 = 0
        var index = data.startIndex
        while index < data.endIndex {
            // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
            let chunkEnd = min(index + 5552, data.endIndex)
            for byte in data[index..<chunkEnd] {
                a += UInt32(byte)
                b += a
            }
            a %= modulus
            b %= modulus
            index = chunkEnd
        }
        return b << 16 | a
    }
}

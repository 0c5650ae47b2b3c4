/// A read-only reader of rpm's legacy Berkeley DB `Packages` file (a DB hash database keyed by
/// package instance number), from the on-disk layout in Berkeley DB's `db_page.h`:
///
/// - page 0 is the hash metadata page: magic `0x061561` at offset 12 (byte order tells whether
///   the file is big- or little-endian), page size at 20, last page number at 32;
/// - hash pages (type 13, or 2 before DB 4.6) hold key/value item pairs, indexed by 2-byte
///   offsets after the 26-byte page header; an item is `H_KEYDATA` (1: type byte, then the bytes
///   inline) or `H_OFFPAGE` (3: page number and total length of an overflow chain);
/// - overflow pages (type 7) hold `hf_offset` content bytes after the header and chain through
///   `next_pgno`.
///
/// Every hash page is scanned in file order; overflow chains are followed with loop detection
/// and must add up to their declared length. Key 0 is rpm's bookkeeping record, not a package.
enum ParseRpmBerkeleyDB {
    static let hashMagic: UInt32 = 0x061561
    static let pageHeaderSize = 26
    static let validPageSizes: Set<Int> = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]

    enum PageType {
        static let invalid: UInt8 = 0
        static let hashUnsorted: UInt8 = 2
        static let overflow: UInt8 = 7
        static let hashMetadata: UInt8 = 8
        static let hash: UInt8 = 13
    }

    enum ItemType {
        static let keyData: UInt8 = 1
        static let offPage: UInt8 = 3
    }

    /// Whether `bytes` starts with a Berkeley DB hash metadata page (either byte order).
    static func isBerkeleyHash(_ bytes: [UInt8]) -> Bool {
        let view = RpmBytes(bytes)
        return view.u32(12, bigEndian: false) == hashMagic || view.u32(12, bigEndian: true) == hashMagic
    }

    /// Every package header blob in the file, keyed by instance number.
    static func scan(_ bytes: [UInt8]) -> RpmDatabaseScan {
        var scan = RpmDatabaseScan()
        let view = RpmBytes(bytes)
        let bigEndian = view.u32(12, bigEndian: true) == hashMagic
        guard isBerkeleyHash(bytes), let size = view.u32(20, bigEndian: bigEndian),
              let encryption = view.u8(24), let type = view.u8(25), let flags = view.u8(26),
              let lastPage = view.u32(32, bigEndian: bigEndian)
        else {
            scan.problem("not a Berkeley DB hash database", at: "page 0", code: .unreadableFile)
            return scan
        }
        let pageSize = Int(size)
        guard validPageSizes.contains(pageSize), type == PageType.hashMetadata else {
            scan.problem("invalid Berkeley DB metadata (page size \(size), page type \(type))", at: "page 0",
                         code: .unreadableFile)
            return scan
        }
        guard encryption == 0, flags & 0x01 == 0 else {
            scan.problem("encrypted or checksummed Berkeley DB files are not supported (rpm does not write them)",
                         at: "page 0", code: .unreadableFile)
            return scan
        }
        let pagesInFile = bytes.count / pageSize
        let pageCount = min(Int(lastPage) + 1, pagesInFile)
        if Int(lastPage) + 1 > pagesInFile {
            scan.problem("file has \(pagesInFile) pages but its metadata says \(Int(lastPage) + 1); it is truncated",
                         at: "page 0")
        }
        let reader = Reader(bytes: view, pageSize: pageSize, pageCount: pageCount, bigEndian: bigEndian)
        var seenKeys = Set<Int>()
        // A real database stores each value once, so values adding up to more than the file mean
        // shared overflow pages (a hostile file): reading stops there.
        var budget = bytes.count
        for page in 1..<max(pageCount, 1) where budget >= 0 {
            reader.readHashPage(page, scan: &scan, seenKeys: &seenKeys, budget: &budget)
        }
        scan.records.sort { $0.index < $1.index }
        return scan
    }

    struct Reader {
        let bytes: RpmBytes
        let pageSize: Int
        let pageCount: Int
        let bigEndian: Bool

        /// The key/value pairs of one page, when it is a hash page.
        func readHashPage(_ page: Int, scan: inout RpmDatabaseScan, seenKeys: inout Set<Int>, budget: inout Int) {
            let base = page * pageSize
            let place = "page \(page)"
            guard let type = bytes.u8(base + 25) else { return }
            switch type {
            case PageType.hash, PageType.hashUnsorted:
                break
            case PageType.invalid, PageType.overflow:
                return  // free pages; overflow pages are read through their chains
            default:
                scan.problem("page \(page) has type \(type), which a hash database does not use", at: place)
                return
            }
            guard bytes.u32(base + 8, bigEndian: bigEndian) == UInt32(page) else {
                scan.problem("hash page \(page) records another page number; it is not where it belongs", at: place)
                return
            }
            guard let entries = bytes.u16(base + 20, bigEndian: bigEndian),
                  pageHeaderSize + Int(entries) * 2 <= pageSize
            else {
                scan.problem("hash page \(page) has an impossible item count", at: place)
                return
            }
            if entries % 2 != 0 { scan.problem("hash page \(page) has an odd number of items", at: place) }
            let offsets = (0..<Int(entries)).map {
                bytes.u16(base + pageHeaderSize + 2 * $0, bigEndian: bigEndian).map(Int.init) ?? 0
            }
            for pair in stride(from: 0, to: offsets.count - 1, by: 2) {
                guard let key = item(offsets, pair, base: base), let value = item(offsets, pair + 1, base: base) else {
                    scan.problem("hash page \(page) item \(pair) lies outside the page", at: place)
                    continue
                }
                let index = packageIndex(key)
                guard index != 0 else { continue }
                let recordPlace = index.map { "\(place), key \($0)" } ?? place
                switch self.value(value, budget: &budget) {
                case .success(let blob):
                    guard let index else {
                        scan.problem("hash page \(page) item \(pair) has a key that is not a 4-byte instance number",
                                     at: place)
                        continue
                    }
                    guard seenKeys.insert(index).inserted else {
                        scan.problem("key \(index) appears twice", at: recordPlace)
                        continue
                    }
                    scan.records.append(RpmDatabaseRecord(index: index, blob: blob))
                case .failure(let error):
                    scan.problem(error.message, at: recordPlace)
                    if budget < 0 { return }
                }
            }
        }

        /// Item `i` of a page: it runs from its offset to the previous item's (or the page end).
        private func item(_ offsets: [Int], _ i: Int, base: Int) -> ArraySlice<UInt8>? {
            let start = offsets[i]
            let end = i == 0 ? pageSize : offsets[i - 1]
            guard start >= pageHeaderSize + offsets.count * 2, start < end, end <= pageSize else { return nil }
            return bytes.slice(base + start, length: end - start)
        }

        /// The instance number in a 4-byte `H_KEYDATA` key (host order of the file), `nil` otherwise.
        private func packageIndex(_ key: ArraySlice<UInt8>) -> Int? {
            guard key.first == ItemType.keyData, key.count == 5 else { return nil }
            return RpmBytes(Array(key.dropFirst())).u32(0, bigEndian: bigEndian).map(Int.init)
        }

        /// A value item's bytes: inline `H_KEYDATA`, or the overflow chain of an `H_OFFPAGE`.
        private func value(_ item: ArraySlice<UInt8>, budget: inout Int) -> Result<[UInt8], RpmFormatError> {
            switch item.first {
            case ItemType.keyData:
                return .success(Array(item.dropFirst()))
            case ItemType.offPage:
                let fields = RpmBytes(Array(item))
                guard let first = fields.u32(4, bigEndian: bigEndian), let total = fields.u32(8, bigEndian: bigEndian) else {
                    return .failure(RpmFormatError(message: "off-page item is cut short"))
                }
                return overflow(from: Int(first), total: Int(total), budget: &budget)
            default:
                return .failure(RpmFormatError(message: "unsupported hash item type \(item.first ?? 0) (duplicates)"))
            }
        }

        /// Concatenates overflow pages from `first` until `total` bytes are read, paying for each
        /// page from `budget` (set to -1 when it runs out).
        private func overflow(from first: Int, total: Int, budget: inout Int) -> Result<[UInt8], RpmFormatError> {
            guard total <= bytes.count else {
                return .failure(RpmFormatError(message: "off-page item claims \(total) bytes, more than the file"))
            }
            var out: [UInt8] = []
            out.reserveCapacity(total)
            var page = first
            var seen = Set<Int>()
            while out.count < total {
                guard page != 0 else {
                    return .failure(RpmFormatError(message: "overflow chain ends \(total - out.count) bytes early"))
                }
                guard page < pageCount else {
                    return .failure(RpmFormatError(message: "overflow page \(page) is beyond the end of the file"))
                }
                guard seen.insert(page).inserted else {
                    return .failure(RpmFormatError(message: "overflow chain loops back to page \(page)"))
                }
                let base = page * pageSize
                guard bytes.u8(base + 25) == PageType.overflow,
                      bytes.u32(base + 8, bigEndian: bigEndian) == UInt32(page),
                      let next = bytes.u32(base + 16, bigEndian: bigEndian),
                      let length = bytes.u16(base + 22, bigEndian: bigEndian),
                      Int(length) <= pageSize - pageHeaderSize,
                      let content = bytes.slice(base + pageHeaderSize, length: min(Int(length), total - out.count))
                else { return .failure(RpmFormatError(message: "page \(page) is not a valid overflow page")) }
                guard content.count <= budget else {
                    budget = -1
                    return .failure(RpmFormatError(
                        message: "values add up to more than the file (shared overflow pages); reading stopped"))
                }
                budget -= content.count
                out += content
                page = Int(next)
            }
            return .success(out)
        }
    }
}

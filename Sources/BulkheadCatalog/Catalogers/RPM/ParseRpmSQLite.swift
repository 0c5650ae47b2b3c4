/// A minimal, read-only reader of the SQLite file format, just enough for rpm's `rpmdb.sqlite`:
/// it finds the `Packages` table in `sqlite_schema` (page 1), walks its table b-tree (interior
/// and leaf pages), reassembles payloads spilled onto overflow pages and decodes records, to
/// return every `(hnum, blob)` row.
///
/// Hostile files are expected: page numbers are range-checked, every page is visited at most
/// once (cycles), tree depth is capped, overflow chains are bounded by the payload size and
/// checked for loops, and payloads may not add up to more than the file (which only shared
/// overflow pages could do). A bad subtree or row becomes a problem; the rest is still read.
/// Only the main database file is read: changes still in a `-wal` file are not seen.
enum ParseRpmSQLite {
    static let magic = Array("SQLite format 3\u{0}".utf8)
    /// Deeper than any real SQLite table b-tree (which stays under about 20 levels).
    static let maxDepth = 40
    /// The table rpm keeps header blobs in.
    static let packagesTable = "Packages"

    static func isSQLite(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 100 && bytes.prefix(16).elementsEqual(magic)
    }

    /// Every row of the `Packages` table as a record (`hnum` → `blob`).
    static func scan(_ bytes: [UInt8]) -> RpmDatabaseScan {
        var scan = RpmDatabaseScan()
        let file: RpmSQLiteFile
        do {
            file = try RpmSQLiteFile(bytes)
        } catch {
            scan.problem(error.message, at: "header", code: .unreadableFile)
            return scan
        }
        // A real database stores each payload byte once, so payloads adding up to more than the
        // file mean shared overflow pages (a hostile file): reading stops there.
        var budget = bytes.count
        guard let root = packagesRoot(in: file, budget: &budget, scan: &scan) else { return scan }
        file.walkTable(root: root, budget: &budget, problem: { scan.problem($0, at: $1) }) { rowid, payload, place in
            guard let values = file.decodeRecord(payload) else {
                scan.problem("row \(rowid) has a malformed record", at: place)
                return
            }
            // (hnum INTEGER PRIMARY KEY, blob BLOB): hnum is the rowid, stored as NULL.
            guard let blob = values.dropFirst().lazy.compactMap(\.blob).first ?? values.lazy.compactMap(\.blob).first else {
                scan.problem("row \(rowid) has no blob column", at: place)
                return
            }
            scan.records.append(RpmDatabaseRecord(index: Int(truncatingIfNeeded: rowid), blob: Array(blob)))
        }
        return scan
    }

    /// The root page of `Packages`, from `sqlite_schema` (rows: type, name, tbl_name, rootpage, sql).
    static func packagesRoot(in file: RpmSQLiteFile, budget: inout Int, scan: inout RpmDatabaseScan) -> Int? {
        var root: Int?
        var schemaProblems: [(String, String)] = []
        file.walkTable(root: 1, budget: &budget, problem: { schemaProblems.append(($0, $1)) }) { _, payload, _ in
            guard root == nil, let values = file.decodeRecord(payload), values.count >= 4,
                  file.text(values[0]) == "table",
                  file.text(values[1])?.lowercased() == packagesTable.lowercased(),
                  case .integer(let page) = values[3], page > 0, page <= Int64(file.pageCount)
            else { return }
            root = Int(page)
        }
        if root == nil {
            for (message, place) in schemaProblems { scan.problem(message, at: place) }
            scan.problem("no \(packagesTable) table in sqlite_schema", at: "page 1")
        }
        return root
    }
}

/// A decoded SQLite column value (record format serial types).
enum RpmSQLiteValue {
    case null
    case integer(Int64)
    case real
    case blob(ArraySlice<UInt8>)
    case text(ArraySlice<UInt8>)

    var blob: ArraySlice<UInt8>? {
        if case .blob(let bytes) = self { return bytes }
        return nil
    }
}

/// The pages of one SQLite database file.
struct RpmSQLiteFile {
    let bytes: RpmBytes
    let pageSize: Int
    /// Page size minus the reserved bytes at the end of each page.
    let usableSize: Int
    let pageCount: Int
    /// 1 UTF-8, 2 UTF-16le, 3 UTF-16be.
    let textEncoding: UInt32

    init(_ raw: [UInt8]) throws(RpmFormatError) {
        bytes = RpmBytes(raw)
        guard ParseRpmSQLite.isSQLite(raw), let size = bytes.u16(16, bigEndian: true),
              let reserved = bytes.u8(20), let encoding = bytes.u32(56, bigEndian: true)
        else { throw RpmFormatError(message: "not a SQLite 3 database") }
        pageSize = size == 1 ? 65536 : Int(size)
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            throw RpmFormatError(message: "invalid SQLite page size \(size)")
        }
        usableSize = pageSize - Int(reserved)
        guard usableSize >= 480 else { throw RpmFormatError(message: "SQLite reserves \(reserved) bytes of each page") }
        pageCount = raw.count / pageSize
        guard pageCount >= 1 else { throw RpmFormatError(message: "SQLite file is shorter than one page") }
        textEncoding = encoding == 0 ? 1 : encoding
    }

    /// File offset of page `number` (1-based), or `nil` when it is not in the file.
    func offset(ofPage number: Int) -> Int? {
        number >= 1 && number <= pageCount ? (number - 1) * pageSize : nil
    }

    // MARK: - Table b-trees

    /// Calls `row` with every (rowid, payload) of the table b-tree rooted at `root`, in rowid
    /// order, and `problem` with a message and a place for every page or cell that cannot be read.
    /// Payloads are paid for from `budget`; the walk stops when it runs out.
    func walkTable(root: Int, budget: inout Int, problem: (String, String) -> Void,
                   row: (Int64, [UInt8], String) -> Void) {
        var stack: [(page: Int, depth: Int)] = [(root, 0)]
        var visited = Set<Int>()
        while let (page, depth) = stack.popLast() {
            let place = "page \(page)"
            guard visited.insert(page).inserted else {
                problem("page \(page) is reached twice in the b-tree (cycle)", place)
                continue
            }
            guard depth <= ParseRpmSQLite.maxDepth else {
                problem("b-tree is deeper than \(ParseRpmSQLite.maxDepth) levels", place)
                continue
            }
            guard let base = offset(ofPage: page) else {
                problem("page \(page) is beyond the end of the file (\(pageCount) pages)", place)
                continue
            }
            let header = base + (page == 1 ? 100 : 0)
            guard let type = bytes.u8(header), let cellCount = bytes.u16(header + 3, bigEndian: true) else {
                problem("page \(page) is cut short", place)
                continue
            }
            let headerSize = type == 0x05 ? 12 : 8
            let cellPointers = header + headerSize
            guard type == 0x05 || type == 0x0D,
                  cellPointers + Int(cellCount) * 2 <= base + usableSize
            else {
                problem("page \(page) is not a table b-tree page (type \(type), \(cellCount) cells)", place)
                continue
            }
            if type == 0x05 {
                var children: [Int] = []
                for i in 0..<Int(cellCount) {
                    guard let cell = cellOffset(base: base, pointer: cellPointers + 2 * i),
                          let child = bytes.u32(cell, bigEndian: true)
                    else {
                        problem("interior cell \(i) points outside page \(page)", place)
                        continue
                    }
                    children.append(Int(child))
                }
                if let right = bytes.u32(header + 8, bigEndian: true) { children.append(Int(right)) }
                stack += children.reversed().map { ($0, depth + 1) }
            } else {
                for i in 0..<Int(cellCount) {
                    guard let cell = cellOffset(base: base, pointer: cellPointers + 2 * i) else {
                        problem("leaf cell \(i) points outside page \(page)", place)
                        continue
                    }
                    switch leafPayload(cell: cell, pageEnd: base + usableSize, budget: &budget) {
                    case .row(let rowid, let payload): row(rowid, payload, place)
                    case .bad(let message): problem("leaf cell \(i): \(message)", place)
                    case .overBudget:
                        problem("payloads add up to more than the file (shared overflow pages); reading stopped", place)
                        return
                    }
                }
            }
        }
    }

    /// The absolute offset of a cell from its pointer, when it lies inside the page.
    private func cellOffset(base: Int, pointer: Int) -> Int? {
        guard let relative = bytes.u16(pointer, bigEndian: true) else { return nil }
        let cell = base + Int(relative)
        return relative >= 8 && cell < base + usableSize ? cell : nil
    }

    enum LeafCell {
        case row(Int64, [UInt8])
        case bad(String)
        case overBudget
    }

    /// A table leaf cell: payload size, rowid, local payload, then the first overflow page.
    private func leafPayload(cell: Int, pageEnd: Int, budget: inout Int) -> LeafCell {
        guard let (size, sizeLength) = varint(at: cell, end: pageEnd),
              let (rowid, rowidLength) = varint(at: cell + sizeLength, end: pageEnd)
        else { return .bad("cut short") }
        // A payload can never be larger than the file that holds it.
        guard size <= UInt64(bytes.count) else { return .bad("payload of \(size) bytes is larger than the file") }
        let payloadSize = Int(size)
        let start = cell + sizeLength + rowidLength
        let local = localPayloadSize(payloadSize)
        guard start + local <= pageEnd else { return .bad("payload runs past the end of its page") }
        guard local <= budget else { return .overBudget }
        budget -= local
        var payload = Array(bytes.bytes[start..<(start + local)])
        if local < payloadSize {
            guard let first = bytes.u32(start + local, bigEndian: true), start + local + 4 <= pageEnd else {
                return .bad("overflow page number runs past the end of its page")
            }
            switch appendOverflow(from: Int(first), total: payloadSize, to: &payload, budget: &budget) {
            case .row: break
            case .bad(let message): return .bad(message)
            case .overBudget: return .overBudget
            }
        }
        return .row(Int64(bitPattern: rowid), payload)
    }

    /// How much of a table-leaf payload of `size` bytes is stored on the leaf page itself.
    func localPayloadSize(_ size: Int) -> Int {
        let maxLocal = usableSize - 35
        guard size > maxLocal else { return size }
        let minLocal = (usableSize - 12) * 32 / 255 - 23
        let candidate = minLocal + (size - minLocal) % (usableSize - 4)
        return candidate <= maxLocal ? candidate : minLocal
    }

    /// Follows an overflow chain (4-byte next page, then content) until `total` bytes are read,
    /// paying for each page from `budget`.
    private func appendOverflow(from first: Int, total: Int, to payload: inout [UInt8], budget: inout Int) -> LeafCell {
        var next = first
        var seen = Set<Int>()
        while payload.count < total {
            guard next != 0 else { return .bad("overflow chain ends \(total - payload.count) bytes early") }
            guard seen.insert(next).inserted else { return .bad("overflow chain loops back to page \(next)") }
            guard let base = offset(ofPage: next), let following = bytes.u32(base, bigEndian: true) else {
                return .bad("overflow page \(next) is beyond the end of the file")
            }
            let take = min(usableSize - 4, total - payload.count)
            guard take <= budget else { return .overBudget }
            budget -= take
            payload += bytes.bytes[(base + 4)..<(base + 4 + take)]
            next = Int(following)
        }
        return .row(0, [])
    }

    // MARK: - Records

    /// SQLite's variable-length integer (1–9 bytes, big-endian, 7 bits a byte, 8 in the ninth).
    func varint(at offset: Int, end: Int) -> (UInt64, Int)? {
        varint(bytes.bytes, at: offset, end: min(end, bytes.count))
    }

    func varint<C: RandomAccessCollection<UInt8>>(_ data: C, at offset: C.Index, end: C.Index) -> (UInt64, Int)?
    where C.Index == Int {
        var value: UInt64 = 0
        for i in 0..<9 {
            guard offset + i < end, offset + i >= data.startIndex else { return nil }
            let byte = data[offset + i]
            if i == 8 { return (value << 8 | UInt64(byte), 9) }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte < 0x80 { return (value, i + 1) }
        }
        return nil
    }

    /// The columns of a record (header of serial types, then the body), or `nil` when malformed.
    func decodeRecord(_ payload: [UInt8]) -> [RpmSQLiteValue]? {
        guard let (headerSize, headerLength) = varint(payload, at: 0, end: payload.count),
              headerSize >= UInt64(headerLength), headerSize <= UInt64(payload.count)
        else { return nil }
        var types: [UInt64] = []
        var position = headerLength
        while position < Int(headerSize) {
            guard types.count < 2000, let (type, length) = varint(payload, at: position, end: Int(headerSize)) else {
                return nil
            }
            types.append(type)
            position += length
        }
        var body = Int(headerSize)
        var values: [RpmSQLiteValue] = []
        values.reserveCapacity(types.count)
        for type in types {
            guard let (value, length) = decodeValue(type: type, payload: payload, at: body) else { return nil }
            values.append(value)
            body += length
        }
        return values
    }

    private func decodeValue(type: UInt64, payload: [UInt8], at offset: Int) -> (RpmSQLiteValue, Int)? {
        let integerWidths: [UInt64: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8]
        switch type {
        case 0: return (.null, 0)
        case 8: return (.integer(0), 0)
        case 9: return (.integer(1), 0)
        case 7:
            return offset + 8 <= payload.count ? (.real, 8) : nil
        case let t where integerWidths[t] != nil:
            let width = integerWidths[t] ?? 0
            guard offset + width <= payload.count else { return nil }
            var value = Int64(Int8(bitPattern: payload[offset]))
            for i in 1..<width { value = value << 8 | Int64(payload[offset + i]) }
            return (.integer(value), width)
        case let t where t >= 12:
            guard (t - 12) / 2 <= UInt64(payload.count - offset) else { return nil }
            let length = Int((t - 12) / 2)
            let slice = payload[offset..<(offset + length)]
            return (t % 2 == 0 ? .blob(slice) : .text(slice), length)
        default:
            return nil
        }
    }

    /// A text value decoded with the database's encoding.
    func text(_ value: RpmSQLiteValue) -> String? {
        guard case .text(let raw) = value else { return nil }
        switch textEncoding {
        case 2, 3:
            let bigEndian = textEncoding == 3
            var units: [UInt16] = []
            var i = raw.startIndex
            while i + 1 < raw.endIndex {
                let a = UInt16(raw[i]), b = UInt16(raw[i + 1])
                units.append(bigEndian ? a << 8 | b : b << 8 | a)
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        default:
            return String(decoding: raw, as: UTF8.self)
        }
    }
}

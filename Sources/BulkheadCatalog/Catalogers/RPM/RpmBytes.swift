/// Bounds-checked integer reads from a database file's bytes: every read returns `nil` past the
/// end instead of trapping, so hostile offsets become diagnostics.
struct RpmBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// Whether `length` bytes starting at `offset` are inside the buffer.
    func contains(_ offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    func u8(_ offset: Int) -> UInt8? {
        contains(offset, length: 1) ? bytes[offset] : nil
    }

    func u16(_ offset: Int, bigEndian: Bool) -> UInt16? {
        guard contains(offset, length: 2) else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(_ offset: Int, bigEndian: Bool) -> UInt32? {
        guard contains(offset, length: 4) else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 {
            let byte = UInt32(bytes[offset + (bigEndian ? i : 3 - i)])
            value = value << 8 | byte
        }
        return value
    }

    func u64(_ offset: Int, bigEndian: Bool) -> UInt64? {
        guard contains(offset, length: 8) else { return nil }
        var value: UInt64 = 0
        for i in 0..<8 {
            value = value << 8 | UInt64(bytes[offset + (bigEndian ? i : 7 - i)])
        }
        return value
    }

    /// `length` bytes at `offset`, or `nil` when they are not all inside the buffer.
    func slice(_ offset: Int, length: Int) -> ArraySlice<UInt8>? {
        contains(offset, length: length) ? bytes[offset..<(offset + length)] : nil
    }
}

/// One package header blob read out of an rpm database, before header parsing.
struct RpmDatabaseRecord: Sendable, Hashable {
    /// The package's instance number: SQLite `hnum`, Berkeley DB key, NDB `pkgidx`.
    var index: Int
    /// The rpm header blob (`il`, `dl`, index entries, data).
    var blob: [UInt8]
}

/// What a database reader found: header blobs plus problems, each with a place in the file.
struct RpmDatabaseScan: Sendable {
    var records: [RpmDatabaseRecord] = []
    var problems: [RpmDatabaseProblem] = []

    mutating func problem(_ message: String, at place: String? = nil, code: CatalogError.Code = .corruptEntry) {
        problems.append(RpmDatabaseProblem(code: code, message: message, place: place))
    }
}

/// A problem in a database file; `place` is a field path inside it (`page 7`, `slot 12`).
struct RpmDatabaseProblem: Sendable, Hashable {
    var code: CatalogError.Code
    var message: String
    var place: String?
}

/// Why a database file, page or record cannot be read.
struct RpmFormatError: Error, Sendable {
    var message: String

    init(message: String) { self.message = message }
}

import Foundation

/// A read-only view of the vulnerability database used by scans. Opening it never writes; a
/// missing database or one of another schema version is a clear error telling what to run.
public final class VulnDatabase {
    public let path: String
    let connection: SQLiteConnection
    private let affectedStmt: SQLiteStatement
    private let recordStmt: SQLiteStatement
    private let groupStmt: SQLiteStatement
    private let membersStmt: SQLiteStatement
    private let kevStmt: SQLiteStatement
    private let epssStmt: SQLiteStatement

    /// The default location: `$BULKHEAD_DB`, else `$XDG_CACHE_HOME/bulkhead/vuln.db`, else
    /// `~/.cache/bulkhead/vuln.db`.
    public static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["BULKHEAD_DB"], !p.isEmpty { return p }
        // $HOME first, as shells and other tools do; the password database only when it is unset.
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let cache = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (home + "/.cache")
        return cache + "/bulkhead/vuln.db"
    }

    public init(path: String) throws(VulnDBError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw VulnDBError(.missing, "\(path): no vulnerability database yet: run `bulkhead db update` (online) or `bulkhead db import FILE…` (offline)")
        }
        let version = try Self.schemaVersion(at: path)
        guard version == Schema.version else {
            throw VulnDBError(.schemaMismatch, "\(path): database schema \(version), this bulkhead reads schema \(Schema.version): run `bulkhead db update` or `bulkhead db import` again")
        }
        self.path = path
        connection = try SQLiteConnection(path: path, readOnly: true)
        affectedStmt = try connection.prepare("""
            SELECT a.record, r.vuln_id, r.source, r.withdrawn, a.ranges, a.versions, a.status, a.vendor_severity, a.ecosystem,
                   r.upstream
            FROM affected a JOIN records r ON r.id = a.record
            WHERE a.ecosystem = ?1 AND a.name = ?2
            """)
        recordStmt = try connection.prepare("""
            SELECT vuln_id, source, summary, details, aliases, published, modified, withdrawn, severity, vendor_severity, refs,
                   upstream
            FROM records WHERE id = ?1
            """)
        groupStmt = try connection.prepare("SELECT canonical FROM groups WHERE ident = ?1")
        membersStmt = try connection.prepare("""
            SELECT r.id FROM groups g JOIN records r ON r.vuln_id = g.ident WHERE g.canonical = ?1
            """)
        kevStmt = try connection.prepare("SELECT date_added, due_date, ransomware, name FROM kev WHERE cve = ?1")
        epssStmt = try connection.prepare("SELECT score, percentile FROM epss WHERE cve = ?1")
    }

    /// The schema version stamped in a database file (`PRAGMA user_version`); 0 when unreadable.
    public static func schemaVersion(at path: String) throws(VulnDBError) -> Int {
        let c = try SQLiteConnection(path: path, readOnly: true)
        return try c.scalarInt("PRAGMA user_version")
    }

    /// One `affected` row joined with its record's identity.
    public struct AffectedRow: Sendable, Hashable {
        public var record: Int64
        public var vulnID: String
        public var source: String
        public var withdrawn: Bool
        public var ecosystem: String
        public var ranges: [StoredRange]
        /// The `versions` list as stored (one per line); see ``versions``.
        public var versionsText: String?
        public var versions: [String] { Encoding.lines(versionsText) }
        public var status: StoredAffected.Status
        public var vendorSeverity: String?
        /// The CVEs a distro advisory fixes (see ``StoredRecord/upstream``).
        public var upstream: [String]
    }

    /// Rows for a package name (already normalised with ``PackageKey``) in one ecosystem.
    public func affected(ecosystem: String, name: String) throws(VulnDBError) -> [AffectedRow] {
        let s = affectedStmt
        defer { s.reset() }
        s.bind(1, ecosystem)
        s.bind(2, name)
        var rows: [AffectedRow] = []
        while try s.step() {
            rows.append(AffectedRow(
                record: Int64(s.int(0)), vulnID: s.string(1) ?? "", source: s.string(2) ?? "",
                withdrawn: !s.isNull(3), ecosystem: s.string(8) ?? ecosystem,
                ranges: Encoding.ranges(s.string(4)), versionsText: s.string(5),
                status: s.string(6).flatMap(StoredAffected.Status.init(rawValue:)) ?? .ranges,
                vendorSeverity: s.string(7), upstream: Encoding.lines(s.string(9))))
        }
        return rows
    }

    /// Distinct ecosystems that start with `prefix` (`Red Hat:` has one per product stream).
    public func ecosystems(prefix: String) throws(VulnDBError) -> [String] {
        let s = try connection.prepare("SELECT DISTINCT ecosystem FROM affected WHERE ecosystem >= ?1 AND ecosystem < ?2")
        s.bind(1, prefix)
        s.bind(2, prefix + "\u{10FFFF}")
        var out: [String] = []
        while try s.step() { if let e = s.string(0) { out.append(e) } }
        return out
    }

    /// The full record behind a row id.
    public func record(_ id: Int64) throws(VulnDBError) -> StoredRecord? {
        let s = recordStmt
        defer { s.reset() }
        s.bind(1, id)
        guard try s.step() else { return nil }
        return StoredRecord(
            id: s.string(0) ?? "", source: s.string(1) ?? "", summary: s.string(2), details: s.string(3),
            aliases: Encoding.lines(s.string(4)), published: s.string(5), modified: s.string(6), withdrawn: s.string(7),
            severity: Encoding.severity(s.string(8)), vendorSeverity: s.string(9), references: Encoding.lines(s.string(10)),
            upstream: Encoding.lines(s.string(11)))
    }

    /// The canonical id of the alias group `id` belongs to (`id` itself when it has no aliases).
    public func canonicalID(of id: String) throws(VulnDBError) -> String {
        let s = groupStmt
        defer { s.reset() }
        s.bind(1, id)
        return try s.step() ? (s.string(0) ?? id) : id
    }

    /// Row ids of every record in a group.
    public func records(inGroup canonical: String) throws(VulnDBError) -> [Int64] {
        let s = membersStmt
        defer { s.reset() }
        s.bind(1, canonical)
        var out: [Int64] = []
        while try s.step() { out.append(Int64(s.int(0))) }
        return out
    }

    public func kev(_ cve: String) throws(VulnDBError) -> KEVEntry? {
        let s = kevStmt
        defer { s.reset() }
        s.bind(1, cve)
        guard try s.step() else { return nil }
        return KEVEntry(cve: cve, dateAdded: s.string(0), dueDate: s.string(1), knownRansomwareUse: s.string(2), name: s.string(3))
    }

    public func epss(_ cve: String) throws(VulnDBError) -> EPSSScore? {
        let s = epssStmt
        defer { s.reset() }
        s.bind(1, cve)
        guard try s.step() else { return nil }
        return EPSSScore(cve: cve, score: s.double(0) ?? 0, percentile: s.double(1))
    }

    /// When the database was built (nil if unknown).
    public func builtAt() throws(VulnDBError) -> Date? {
        let s = try connection.prepare("SELECT value FROM meta WHERE key = 'built_at'")
        return try s.step() ? s.string(0).flatMap(Self.parseTimestamp) : nil
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` as the writer stamps it, parsed without a date formatter (ICU's
    /// start-up costs milliseconds, which every scan would pay).
    static func parseTimestamp(_ text: String) -> Date? {
        let digits = text.utf8.map { $0 }
        guard digits.count == 20, digits[4] == UInt8(ascii: "-"), digits[10] == UInt8(ascii: "T"),
              digits[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard (48...57).contains(digits[i]) else { return nil }
                n = n * 10 + Int(digits[i] - 48)
            }
            return n
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), let h = number(11..<13),
              let mi = number(14..<16), let sec = number(17..<19), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        // Days from the civil date (proleptic Gregorian), as in Howard Hinnant's algorithm.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + h * 3600 + mi * 60 + sec))
    }

    /// What `bulkhead db status` prints.
    public struct Status: Sendable, Hashable {
        public struct Source: Sendable, Hashable {
            public var name: String
            public var kind: String
            public var location: String?
            public var importedAt: String
            public var records: Int
        }

        public var path: String
        public var schemaVersion: Int
        public var builtAt: Date?
        public var sources: [Source]
        public var records: Int
        public var vulnerabilities: Int
        public var affected: Int
        public var kev: Int
        public var epss: Int
        public var fileSize: Int
    }

    public func status() throws(VulnDBError) -> Status {
        var sources: [Status.Source] = []
        let s = try connection.prepare("SELECT name, kind, location, imported_at, records FROM sources ORDER BY name")
        while try s.step() {
            sources.append(.init(name: s.string(0) ?? "", kind: s.string(1) ?? "", location: s.string(2),
                                 importedAt: s.string(3) ?? "", records: s.int(4)))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Status(
            path: path, schemaVersion: Schema.version, builtAt: try builtAt(), sources: sources,
            records: try connection.scalarInt("SELECT count(*) FROM records"),
            vulnerabilities: try connection.scalarInt("SELECT count(DISTINCT canonical) FROM groups"),
            affected: try connection.scalarInt("SELECT count(*) FROM affected"),
            kev: try connection.scalarInt("SELECT count(*) FROM kev"),
            epss: try connection.scalarInt("SELECT count(*) FROM epss"),
            fileSize: size)
    }
}

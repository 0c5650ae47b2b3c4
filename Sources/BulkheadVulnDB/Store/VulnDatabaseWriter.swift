import Foundation

/// Writes into the private copy that ``DatabaseUpdate/run(at:_:)`` publishes. All writes of
/// one update run in one transaction with prepared statements (an import is a bulk load).
public final class VulnDatabaseWriter {
    let connection: SQLiteConnection
    private let upsertRecordStmt: SQLiteStatement
    private let deleteAffectedStmt: SQLiteStatement
    private let insertAffectedStmt: SQLiteStatement
    private var finished = false

    init(path: String) throws(VulnDBError) {
        let isNew = !FileManager.default.fileExists(atPath: path)
        connection = try SQLiteConnection(path: path, readOnly: false)
        // Atomicity comes from the rename, so the private copy needs no journal.
        try connection.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;")
        if isNew { try connection.execute(Schema.create) }
        try connection.execute("BEGIN")
        upsertRecordStmt = try connection.prepare("""
            INSERT INTO records(vuln_id, source, summary, details, aliases, published, modified, withdrawn,
                                severity, vendor_severity, refs, upstream)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            ON CONFLICT(source, vuln_id) DO UPDATE SET summary = ?3, details = ?4, aliases = ?5, published = ?6,
                modified = ?7, withdrawn = ?8, severity = ?9, vendor_severity = ?10, refs = ?11, upstream = ?12
            RETURNING id
            """)
        deleteAffectedStmt = try connection.prepare("DELETE FROM affected WHERE record = ?1")
        insertAffectedStmt = try connection.prepare("""
            INSERT INTO affected(record, ecosystem, name, ranges, versions, status, vendor_severity)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
    }

    /// Inserts or replaces a record and all its `affected` rows; returns the record's row id.
    @discardableResult
    public func put(_ record: StoredRecord, affected: [StoredAffected], replaceAffected: Bool = true) throws(VulnDBError) -> Int64 {
        let s = upsertRecordStmt
        s.bind(1, record.id)
        s.bind(2, record.source)
        s.bind(3, record.summary)
        s.bind(4, record.details)
        s.bind(5, Encoding.lines(record.aliases))
        s.bind(6, record.published)
        s.bind(7, record.modified)
        s.bind(8, record.withdrawn)
        s.bind(9, Encoding.severity(record.severity))
        s.bind(10, record.vendorSeverity)
        s.bind(11, Encoding.lines(record.references))
        s.bind(12, Encoding.lines(record.upstream))
        guard try s.step() else { throw VulnDBError(.sqlite, "\(connection.path): upsert of \(record.id) returned no row") }
        let rowID = Int64(s.int(0))
        s.reset()
        if replaceAffected {
            deleteAffectedStmt.bind(1, rowID)
            try deleteAffectedStmt.run()
        }
        for a in affected { try add(a, to: rowID) }
        return rowID
    }

    /// Adds one `affected` row to an existing record.
    public func add(_ a: StoredAffected, to record: Int64) throws(VulnDBError) {
        let s = insertAffectedStmt
        s.bind(1, record)
        s.bind(2, a.ecosystem)
        s.bind(3, a.name)
        s.bind(4, Encoding.ranges(a.ranges))
        s.bind(5, Encoding.lines(a.versions))
        s.bind(6, a.status == .ranges ? nil : a.status.rawValue)
        s.bind(7, a.vendorSeverity)
        try s.run()
    }

    /// Removes every record of `source` (a feed that is re-imported whole replaces itself).
    public func removeSource(records source: String) throws(VulnDBError) {
        let s = try connection.prepare("DELETE FROM affected WHERE record IN (SELECT id FROM records WHERE source = ?1)")
        s.bind(1, source)
        try s.run()
        let r = try connection.prepare("DELETE FROM records WHERE source = ?1")
        r.bind(1, source)
        try r.run()
    }

    /// Removes the `affected` rows of `source` in one ecosystem (an Alpine branch file).
    public func removeAffected(source: String, ecosystem: String) throws(VulnDBError) {
        let s = try connection.prepare(
            "DELETE FROM affected WHERE ecosystem = ?2 AND record IN (SELECT id FROM records WHERE source = ?1)")
        s.bind(1, source)
        s.bind(2, ecosystem)
        try s.run()
    }

    /// Replaces the KEV catalog.
    public func replaceKEV(_ entries: [KEVEntry]) throws(VulnDBError) {
        try connection.execute("DELETE FROM kev")
        let s = try connection.prepare("INSERT OR REPLACE INTO kev(cve, date_added, due_date, ransomware, name) VALUES (?1, ?2, ?3, ?4, ?5)")
        for e in entries {
            s.bind(1, e.cve)
            s.bind(2, e.dateAdded)
            s.bind(3, e.dueDate)
            s.bind(4, e.knownRansomwareUse)
            s.bind(5, e.name)
            try s.run()
        }
    }

    /// Replaces the EPSS scores.
    public func replaceEPSS(_ scores: some Sequence<EPSSScore>) throws(VulnDBError) {
        try connection.execute("DELETE FROM epss")
        let s = try connection.prepare("INSERT OR REPLACE INTO epss(cve, score, percentile) VALUES (?1, ?2, ?3)")
        for e in scores {
            s.bind(1, e.cve)
            s.bind(2, e.score)
            s.bind(3, e.percentile)
            try s.run()
        }
    }

    /// Records that a feed was imported (shown by `bulkhead db status`).
    public func noteSource(name: String, kind: String, location: String?, records: Int,
                           etag: String? = nil, lastModified: String? = nil, at date: Date = Date()) throws(VulnDBError) {
        let s = try connection.prepare("""
            INSERT OR REPLACE INTO sources(name, kind, location, imported_at, records, etag, last_modified)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        s.bind(1, name)
        s.bind(2, kind)
        s.bind(3, location)
        s.bind(4, Self.timestamp(date))
        s.bind(5, records)
        s.bind(6, etag)
        s.bind(7, lastModified)
        try s.run()
    }

    /// The validators stored for a feed, for conditional downloads.
    public func validators(of name: String) throws(VulnDBError) -> (etag: String?, lastModified: String?) {
        let s = try connection.prepare("SELECT etag, last_modified FROM sources WHERE name = ?1")
        s.bind(1, name)
        guard try s.step() else { return (nil, nil) }
        return (s.string(0), s.string(1))
    }

    /// The RFC 3339 form the database stamps (`2026-11-29T16:15:03Z`).
    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// Recomputes alias groups, stamps the build time, commits and closes.
    func finish() throws(VulnDBError) {
        guard !finished else { return }
        try AliasGroups.rebuild(connection)
        let s = try connection.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)")
        s.bind(1, "built_at")
        s.bind(2, Self.timestamp(Date()))
        try s.run()
        s.bind(1, "schema_version")
        s.bind(2, String(Schema.version))
        try s.run()
        try connection.execute("COMMIT")
        try connection.execute("PRAGMA optimize")
        finished = true
        connection.close()
    }
}

/// One CISA Known Exploited Vulnerabilities entry.
public struct KEVEntry: Sendable, Hashable {
    public var cve: String
    public var dateAdded: String?
    public var dueDate: String?
    public var knownRansomwareUse: String?
    public var name: String?

    public init(cve: String, dateAdded: String?, dueDate: String?, knownRansomwareUse: String?, name: String?) {
        self.cve = cve
        self.dateAdded = dateAdded
        self.dueDate = dueDate
        self.knownRansomwareUse = knownRansomwareUse
        self.name = name
    }
}

/// One FIRST EPSS row: the probability of exploitation in the next 30 days and its percentile.
public struct EPSSScore: Sendable, Hashable {
    public var cve: String
    public var score: Double
    public var percentile: Double?

    public init(cve: String, score: Double, percentile: Double?) {
        self.cve = cve
        self.score = score
        self.percentile = percentile
    }
}

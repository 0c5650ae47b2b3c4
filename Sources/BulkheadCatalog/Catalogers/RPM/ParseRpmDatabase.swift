import BulkheadCore

/// Pure parser for an rpm package database file in any of rpm's three formats, told apart by
/// their magic numbers: SQLite (`rpmdb.sqlite`), Berkeley DB hash (`Packages`) and NDB
/// (`Packages.db`). Header blobs are decoded with ``ParseRpmHeader``; `gpg-pubkey`
/// pseudo-packages are skipped.
enum ParseRpmDatabase {
    /// rpm's database formats.
    enum Format: String, Sendable {
        case sqlite, berkeleyDB = "bdb", ndb
    }

    /// At most this many diagnostics per file; the rest are summed up in one more.
    static let maxDiagnostics = 50

    static func format(of bytes: [UInt8]) -> Format? {
        if ParseRpmSQLite.isSQLite(bytes) { return .sqlite }
        if ParseRpmNDB.isNDB(bytes) { return .ndb }
        if ParseRpmBerkeleyDB.isBerkeleyHash(bytes) { return .berkeleyDB }
        return nil
    }

    /// The packages in `bytes`, with a diagnostic for every record or page that could not be
    /// read (located by a field path such as `page 7` or `slot 12, hnum 3`); good records are kept.
    static func parse(_ bytes: [UInt8], path: String) -> (entries: [RpmEntry], diagnostics: [Diagnostic]) {
        let scan: RpmDatabaseScan
        switch format(of: bytes) {
        case .sqlite: scan = ParseRpmSQLite.scan(bytes)
        case .berkeleyDB: scan = ParseRpmBerkeleyDB.scan(bytes)
        case .ndb: scan = ParseRpmNDB.scan(bytes)
        case nil:
            let diagnostic = Diagnostic(code: CatalogError.Code.unreadableFile.rawValue, level: .warning,
                                        message: "not an rpm database (no SQLite, Berkeley DB hash or NDB magic)",
                                        location: SourceLocation(file: path))
            return ([], [diagnostic])
        }
        var problems = scan.problems
        var entries: [RpmEntry] = []
        entries.reserveCapacity(scan.records.count)
        for record in scan.records {
            do {
                let entry = try ParseRpmHeader.parse(record.blob, index: record.index)
                if !entry.isPublicKey { entries.append(entry) }
            } catch {
                problems.append(RpmDatabaseProblem(code: error.code, message: error.message + "; package skipped",
                                                   place: "package \(record.index)"))
            }
        }
        return (entries, diagnostics(problems, path: path))
    }

    private static func diagnostics(_ problems: [RpmDatabaseProblem], path: String) -> [Diagnostic] {
        var out = problems.prefix(maxDiagnostics).map { problem in
            Diagnostic(code: problem.code.rawValue, level: .warning, message: problem.message,
                       location: SourceLocation(file: path, fieldPath: problem.place))
        }
        if problems.count > maxDiagnostics {
            out.append(Diagnostic(code: CatalogError.Code.corruptEntry.rawValue, level: .warning,
                                  message: "\(problems.count - maxDiagnostics) more problems in this rpm database",
                                  location: SourceLocation(file: path)))
        }
        return out
    }
}

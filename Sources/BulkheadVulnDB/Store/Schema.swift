/// The database layout. Bump ``version`` whenever a table changes: a database of another
/// version is never read (the reader asks for a fresh import) and never patched in place
/// (the writer starts a new file).
enum Schema {
    static let version = 1

    static let create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE sources(
            name TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT, imported_at TEXT NOT NULL,
            records INTEGER NOT NULL, etag TEXT, last_modified TEXT) WITHOUT ROWID;
        CREATE TABLE records(
            id INTEGER PRIMARY KEY, vuln_id TEXT NOT NULL, source TEXT NOT NULL,
            summary TEXT, details TEXT, aliases TEXT, published TEXT, modified TEXT, withdrawn TEXT,
            severity TEXT, vendor_severity TEXT, refs TEXT, upstream TEXT,
            UNIQUE(source, vuln_id));
        CREATE INDEX records_vuln_id ON records(vuln_id);
        CREATE TABLE affected(
            record INTEGER NOT NULL, ecosystem TEXT NOT NULL, name TEXT NOT NULL,
            ranges TEXT, versions TEXT, status TEXT, vendor_severity TEXT);
        CREATE INDEX affected_lookup ON affected(ecosystem, name);
        CREATE INDEX affected_record ON affected(record);
        CREATE TABLE groups(ident TEXT PRIMARY KEY, canonical TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX groups_canonical ON groups(canonical);
        CREATE TABLE kev(cve TEXT PRIMARY KEY, date_added TEXT, due_date TEXT, ransomware TEXT, name TEXT) WITHOUT ROWID;
        CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL) WITHOUT ROWID;
        PRAGMA user_version = \(version);
        """
}

import BulkheadCore

/// One `[[package]]` of a `Cargo.lock`.
struct CargoLockEntry: Sendable, Hashable {
    var name: String
    var version: String
    /// `registry+https://…`, `git+https://…#<commit>`, `sparse+…`; `nil` for workspace and path crates.
    var source: String?
    var checksum: String?
    /// `name`, `name version` or (lock v1) `name version (source)`.
    var dependencies: [String]
    /// 1-based line of the `[[package]]` header.
    var line: Int
}

/// Pure parser for `Cargo.lock` (every lock format version: the `[[package]]` tables are the same).
enum ParseCargoLock {
    static func parse(_ text: String, path: String) -> (entries: [CargoLockEntry], diagnostics: [Diagnostic]) {
        let (root, tomlDiagnostics) = TOMLLite.parse(text, path: path)
        var diagnostics = tomlDiagnostics
        var entries: [CargoLockEntry] = []
        for table in root.tables("package") where !table.corrupt {
            guard let name = table["name"]?.string, !name.isEmpty else {
                diagnostics.append(.catalog(.missingField, "Cargo.lock package has no name; skipped",
                                            file: path, line: table.line))
                continue
            }
            guard let version = table["version"]?.string, !version.isEmpty else {
                diagnostics.append(.catalog(.missingField, "Cargo.lock package '\(name)' has no version; skipped",
                                            file: path, line: table.line))
                continue
            }
            entries.append(CargoLockEntry(name: name, version: version, source: table["source"]?.string,
                                          checksum: table["checksum"]?.string,
                                          dependencies: table["dependencies"]?.array?.compactMap(\.string) ?? [],
                                          line: table.line))
        }
        return (entries, diagnostics)
    }
}

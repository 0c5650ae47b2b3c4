import BulkheadCore

/// Pure parser for `pnpm-lock.yaml`: the `packages` map of every document, keyed
/// `/name/1.0.0` (lockfileVersion 5.x, peer suffix `_peer@1.0`), `/name@1.0.0(peer@1.0)` (6.x)
/// or `name@1.0.0` (9.x).
///
/// Entries that carry explicit `name:`/`version:` fields (tarball, git and `file:` packages) use
/// them. `dev: true` (5.x/6.x) marks development-only packages; 9.x lock files do not record it
/// per package, so nothing is dev there (as in Syft).
enum ParsePnpmLock {
    static func parse(_ text: String, path: String) -> (entries: [JSLockEntry], diagnostics: [Diagnostic]) {
        let (documents, problems) = YAMLLite.parse(text)
        var diagnostics = problems.map {
            Diagnostic.catalog(.corruptEntry, "pnpm-lock.yaml: \($0.message)", file: path, line: $0.line)
        }
        var entries: [JSLockEntry] = []
        var establishedVersion: Double?
        for document in documents {
            let declared = document.root("lockfileVersion")?.value.flatMap(leadingNumber)
            let lockVersion = declared ?? establishedVersion
            if establishedVersion == nil { establishedVersion = declared }
            guard let packages = document.root("packages") else { continue }
            for node in document.children(of: packages) {
                guard node.value == nil || node.value == "{}" else {
                    diagnostics.append(.catalog(.corruptEntry, "pnpm-lock.yaml package '\(node.key.prefix(60))' is not a mapping; skipped",
                                                file: path, line: node.line))
                    continue
                }
                let explicitName = document.value("name", in: node)
                let explicitVersion = document.value("version", in: node)
                let fromKey = nameVersion(key: node.key, lockVersion: lockVersion)
                guard let name = explicitName ?? fromKey?.name, let version = explicitVersion ?? fromKey?.version else {
                    diagnostics.append(.catalog(.corruptEntry, "pnpm-lock.yaml package key '\(node.key.prefix(60))' has no name and version; skipped",
                                                file: path, line: node.line))
                    continue
                }
                // Tarball, git and local packages without a version of their own are not registry packages.
                guard NpmName.isPlausible(name), isVersion(version) else { continue }
                entries.append(JSLockEntry(name: name, version: version,
                                           isDev: document.value("dev", in: node) == "true", line: node.line))
            }
        }
        return (entries.uniqued(), diagnostics)
    }

    /// Name and version from a `packages` key for the given lockfile version (guessed from the
    /// key's shape when the document does not say).
    static func nameVersion(key: String, lockVersion: Double?) -> (name: String, version: String)? {
        var text = Substring(key)
        if let paren = text.firstIndex(of: "(") { text = text[..<paren] }
        if text.hasPrefix("/") { text = text.dropFirst() }
        let slashStyle = lockVersion.map { $0 < 6 } ?? !text.dropFirst().contains("@")
        if slashStyle {
            guard let slash = text.lastIndex(of: "/") else { return nil }
            let name = text[..<slash]
            var version = text[text.index(after: slash)...]
            if version.first?.isNumber == true, let underscore = version.firstIndex(of: "_") {
                version = version[..<underscore]
            }
            return name.isEmpty || version.isEmpty ? nil : (String(name), String(version))
        }
        guard let split = NpmName.splitLast(text), !split.version.isEmpty else { return nil }
        return (String(split.name), String(split.version))
    }

    /// A registry version (`1.2.3`, `1.0.0-rc.1+build`), not a path, URL or protocol.
    private static func isVersion(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(":") && !text.contains("/") && !text.contains(where: \.isWhitespace)
    }

    /// `5.4` from `5.4`, `'6.0'` or `5.4-inlineSpecifiers`.
    private static func leadingNumber(_ text: String) -> Double? {
        Double(String(text.prefix { $0.isNumber || $0 == "." }))
    }
}

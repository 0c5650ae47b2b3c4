import BulkheadCore

/// Pure parser for apk's installed database: records of `X:value` lines separated by blank lines.
enum ParseApkDatabase {
    /// The records in `text`, with a located diagnostic for each malformed record (which is
    /// skipped; the others are kept) or record without `P:`/`V:`.
    static func parse(_ text: String, path: String) -> (entries: [ApkEntry], diagnostics: [Diagnostic]) {
        var entries: [ApkEntry] = []
        var diagnostics: [Diagnostic] = []
        var fields: [Character: String] = [:]
        var files: [String] = []
        var directory = ""
        var start = 0
        var corrupt = false
        var lineNumber = 0

        func finish() {
            defer {
                fields = [:]
                files = []
                directory = ""
                start = 0
                corrupt = false
            }
            guard start > 0, !corrupt else { return }
            guard let name = fields["P"], !name.isEmpty else {
                diagnostics.append(.catalog(.missingField, "apk record has no P: (package name); record skipped",
                                            file: path, line: start))
                return
            }
            guard let version = fields["V"], !version.isEmpty else {
                diagnostics.append(.catalog(.missingField, "apk record '\(name)' has no V: (version); record skipped",
                                            file: path, line: start))
                return
            }
            var entry = ApkEntry(package: name, version: version, architecture: fields["A"].nonEmpty,
                                 origin: fields["o"].nonEmpty, license: fields["L"].nonEmpty,
                                 files: files, line: start)
            entry.depends = names(fields["D"])
            entry.provides = names(fields["p"])
            entries.append(entry)
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty {
                finish()
                continue
            }
            if start == 0 { start = lineNumber }
            if corrupt { continue }
            let chars = Array(line.prefix(2))
            guard chars.count == 2, chars[1] == ":", let key = chars.first else {
                diagnostics.append(.catalog(.corruptEntry, "expected 'X:value', found '\(line.prefix(60))'; record skipped",
                                            file: path, line: lineNumber))
                corrupt = true
                continue
            }
            let value = String(line.dropFirst(2))
            switch key {
            case "F":
                directory = value
            case "R":
                files.append("/" + (directory.isEmpty ? value : directory + "/" + value))
            default:
                if fields[key] == nil { fields[key] = value }
            }
        }
        finish()
        return (entries, diagnostics)
    }

    /// `so:libc.musl-x86_64.so.1 /bin/sh scanelf>=1.3 !conflict` → `["so:libc.musl-x86_64.so.1",
    /// "/bin/sh", "scanelf"]`: conflicts dropped, version constraints (`=`, `<`, `>`, `~`) cut off.
    static func names(_ field: String?) -> [String] {
        guard let field else { return [] }
        return field.split(separator: " ").compactMap { token in
            guard !token.hasPrefix("!") else { return nil }
            let name = token.prefix { !"<>=~".contains($0) }
            return name.isEmpty ? nil : String(name)
        }
    }
}

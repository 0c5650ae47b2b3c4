import BulkheadCore

/// Pure parser for dpkg's database: `var/lib/dpkg/status` (many stanzas) and distroless
/// `var/lib/dpkg/status.d/<name>` files (one stanza each, usually without `Status:`).
enum ParseDpkgStatus {
    /// The installed entries in `text`, and diagnostics (with `path` and line) for stanzas that
    /// are malformed or lack `Package`/`Version`. Entries that are not installed (`config-files`,
    /// `not-installed`, `half-installed`) are left out without a diagnostic.
    static func parse(_ text: String, path: String) -> (entries: [DpkgEntry], diagnostics: [Diagnostic]) {
        let (stanzas, syntaxDiagnostics) = ControlStanzaParser.parse(text, path: path)
        var diagnostics = syntaxDiagnostics
        var entries: [DpkgEntry] = []
        for stanza in stanzas {
            guard let package = stanza["Package"], !package.isEmpty else {
                diagnostics.append(.catalog(.missingField, "dpkg entry has no Package field; entry skipped",
                                            file: path, line: stanza.line))
                continue
            }
            guard let version = stanza["Version"], !version.isEmpty else {
                diagnostics.append(.catalog(.missingField, "dpkg entry '\(package)' has no Version field; entry skipped",
                                            file: path, line: stanza.line))
                continue
            }
            let (source, sourceVersion) = splitSource(stanza["Source"])
            var entry = DpkgEntry(package: package, version: version,
                                  architecture: stanza["Architecture"].flatMap { $0.isEmpty ? nil : $0 },
                                  source: source, sourceVersion: sourceVersion, status: stanza["Status"],
                                  line: stanza.line)
            entry.depends = relations(stanza["Pre-Depends"]) + relations(stanza["Depends"])
            entry.provides = relations(stanza["Provides"]).compactMap(\.first)
            if entry.isInstalled { entries.append(entry) }
        }
        return (entries, diagnostics)
    }

    /// `libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, perl:any` → `[["libc6"], ["debconf",
    /// "debconf-2.0"], ["perl"]]`: names only (versions, architecture qualifiers and `[arch]`/`<profile>`
    /// restrictions dropped).
    static func relations(_ field: String?) -> [[String]] {
        guard let field, !field.isEmpty else { return [] }
        return field.split(separator: ",").compactMap { group in
            let names = group.split(separator: "|").compactMap { alternative -> String? in
                let word = alternative.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "(" || $0 == "[" || $0 == "<" }).first
                guard let word else { return nil }
                let name = word.split(separator: ":").first.map(String.init) ?? ""
                return name.isEmpty ? nil : name
            }
            return names.isEmpty ? nil : names
        }
    }

    /// `Source: glibc (2.36-9)` → (`glibc`, `2.36-9`); `Source: zlib` → (`zlib`, nil).
    static func splitSource(_ field: String?) -> (name: String?, version: String?) {
        guard let field = field?.trimmingWhitespace(), !field.isEmpty else { return (nil, nil) }
        guard let open = field.firstIndex(of: "(") else {
            return (field.split(separator: " ").first.map(String.init), nil)
        }
        let name = field[..<open].trimmingWhitespace()
        let rest = field[field.index(after: open)...]
        let version = (rest.firstIndex(of: ")").map { rest[..<$0] } ?? rest).trimmingWhitespace()
        return (name.isEmpty ? nil : name, version.isEmpty ? nil : version)
    }

    /// Paths in a dpkg `info/<pkg>.list` file, without dpkg's `/.` root entry.
    static func parseFileList(_ text: String) -> [String] {
        // Byte lines: these files run to thousands of lines per package, and splitting them into
        // Characters dominated the cataloger. Lines end in LF (or CR); spaces and tabs are trimmed.
        var out: [String] = []
        var text = text
        text.withUTF8 { bytes in
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D {
                var a = start, b = i
                start = i + 1
                while a < b, isSpace(bytes[a]) { a += 1 }
                while b > a, isSpace(bytes[b - 1]) { b -= 1 }
                guard b > a, !(b - a == 2 && bytes[a] == 0x2F && bytes[a + 1] == 0x2E) else { continue }
                out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self))
            }
        }
        return out
    }

    /// Paths in an `md5sums` file (`<md5>  <relative path>`), made absolute.
    static func parseMD5Sums(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let space = line.firstIndex(of: " ") else { return nil }
            let path = line[space...].trimmingWhitespace()
            guard !path.isEmpty else { return nil }
            return path.hasPrefix("/") ? path : "/" + path
        }
    }
}

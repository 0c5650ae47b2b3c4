import BulkheadCore

/// Pure parser for Python core metadata: RFC 822 headers up to the first blank line (the body
/// is the long description and is ignored).
enum ParsePythonMetadata {
    /// The metadata in `text`, or a diagnostic when `Name` or `Version` is missing or a header
    /// line is malformed.
    static func parse(_ text: String, path: String) -> Result<PythonMetadata, CatalogError> {
        var headers: [(name: String, value: String)] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                guard let last = headers.indices.last else {
                    return .failure(CatalogError(.corruptEntry, "continuation line before any header",
                                                 at: SourceLocation(file: path, line: lineNumber)))
                }
                headers[last].value += "\n" + line.trimmingWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                return .failure(CatalogError(.corruptEntry, "expected 'Header: value', found '\(line.prefix(60))'",
                                             at: SourceLocation(file: path, line: lineNumber)))
            }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingWhitespace()))
        }
        func header(_ name: String) -> String? {
            let wanted = name.lowercased()
            return headers.first { $0.name.lowercased() == wanted }.flatMap { $0.value.isEmpty ? nil : $0.value }
        }
        guard let name = header("Name") else {
            return .failure(CatalogError(.missingField, "Python metadata has no Name header",
                                         at: SourceLocation(file: path, line: 1)))
        }
        guard let version = header("Version") else {
            return .failure(CatalogError(.missingField, "Python metadata for '\(name)' has no Version header",
                                         at: SourceLocation(file: path, line: 1)))
        }
        // A multi-line License is usually the whole license text, not an identifier; "UNKNOWN"
        // is what old setuptools wrote for "not given".
        let license = header("License-Expression")
            ?? header("License").flatMap { $0.contains("\n") || $0 == "UNKNOWN" ? nil : $0 }
        let requires = headers.filter { $0.name.lowercased() == "requires-dist" }.compactMap { PythonMetadata.requirementName($0.value) }
        return .success(PythonMetadata(name: name, version: version, license: license, requires: requires))
    }
}

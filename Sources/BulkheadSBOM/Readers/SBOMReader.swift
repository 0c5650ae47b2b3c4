import BulkheadCore
import Foundation

/// Reads CycloneDX (1.2–1.7) and SPDX (2.2, 2.3) JSON documents back into an ``SBOMDocument``,
/// detecting the format from the content, so an SBOM can be a scan source
/// (`bulkhead sbom app.cdx.json -f spdx`).
///
/// ```swift
/// let document = try SBOMReader.read(bytes, path: "app.cdx.json")
/// print(document.packages.map(\.purl))
/// ```
///
/// Every component/package with a package URL of a type Bulkhead models becomes a ``Package``;
/// the described root becomes the ``SBOMDocument/Subject``, an operating-system component the
/// ``SBOMDocument/OperatingSystem``. Locations and layers are read from Bulkhead's, Syft's and
/// Trivy's properties (CycloneDX) or from `sourceInfo` (SPDX).
///
/// Structural problems (not JSON, a field of the wrong type, not CycloneDX/SPDX) throw an
/// ``SBOMError`` whose location names the file and the JSON path. A single unusable entry (a
/// purl that does not parse, an unsupported package type) is skipped with a ``Diagnostic``.
public enum SBOMReader {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case cyclonedx, spdx
    }

    /// A read document plus the entries that were skipped.
    public struct Result: Sendable, Hashable {
        public var format: Format
        public var document: SBOMDocument
        public var diagnostics: [Diagnostic]
    }

    /// Reads `bytes` (the contents of `path`) as CycloneDX or SPDX JSON.
    public static func read(_ bytes: [UInt8], path: String) throws(SBOMError) -> SBOMDocument {
        try readReporting(bytes, path: path).document
    }

    /// Like ``read(_:path:)``, also returning a diagnostic for every skipped entry.
    public static func readReporting(_ bytes: [UInt8], path: String) throws(SBOMError) -> Result {
        switch try format(of: bytes, path: path) {
        case .cyclonedx: try CycloneDXReader.read(bytes, path: path)
        case .spdx: try SPDXReader.read(bytes, path: path)
        }
    }

    /// The format of a JSON document: `bomFormat: "CycloneDX"` or `spdxVersion: "SPDX-…"`.
    ///
    /// - Throws: ``SBOMError`` `malformed-sbom` when it is not a JSON object, `unsupported-sbom`
    ///   when it is neither format.
    public static func format(of bytes: [UInt8], path: String) throws(SBOMError) -> Format {
        struct Probe: Decodable {
            var bomFormat: String?
            var spdxVersion: String?
        }
        let probe = try decode(Probe.self, from: bytes, path: path)
        if probe.bomFormat == "CycloneDX" { return .cyclonedx }
        if probe.spdxVersion?.hasPrefix("SPDX-") == true { return .spdx }
        throw SBOMError(code: .unsupported, message: "neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON",
                        location: SourceLocation(file: path))
    }

    /// Whether `bytes` look like JSON (first non-blank byte is `{`), for sniffing sources.
    public static func looksLikeJSON(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    // MARK: - Shared helpers

    /// Decodes JSON, turning decoder errors into located ``SBOMError``s (`components[2].name`).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], path: String) throws(SBOMError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               let problem = JSONSyntax.firstProblem(in: bytes) {
                throw SBOMError(code: .malformed, message: "not valid JSON: \(problem)", location: SourceLocation(file: path))
            }
            throw SBOMError(decoding: error, path: path)
        } catch {
            throw SBOMError(code: .malformed, message: "not valid JSON: \(error)", location: SourceLocation(file: path))
        }
    }

    /// `components[2].licenses[0].license.id` from a decoder coding path.
    static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    /// Declared licenses from an SPDX expression: top-level `AND` terms become separate
    /// entries (one outer pair of parentheses removed), `LicenseRef-…` ids become their text.
    static func licenses(fromExpression expression: String, references: [String: String] = [:]) -> [String] {
        var terms: [String] = []
        var depth = 0
        var current = ""
        let tokens = expression.split(separator: " ", omittingEmptySubsequences: true)
        for token in tokens {
            if depth == 0, token.uppercased() == "AND" {
                terms.append(current)
                current = ""
                continue
            }
            depth += token.filter { $0 == "(" }.count - token.filter { $0 == ")" }.count
            current += (current.isEmpty ? "" : " ") + token
        }
        terms.append(current)
        return terms.compactMap { term in
            var text = term
            if text.hasPrefix("("), text.hasSuffix(")"), balanced(String(text.dropFirst().dropLast())) {
                text = String(text.dropFirst().dropLast())
            }
            if text.isEmpty { return nil }
            return references[text] ?? text
        }
    }

    private static func balanced(_ text: String) -> Bool {
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 }
            if ch == ")" {
                depth -= 1
                if depth < 0 { return false }
            }
        }
        return depth == 0
    }

    /// `sha256:<hex>` when `text` is one, else nil.
    static func digest(_ text: String?) -> String? {
        guard let text, text.hasPrefix("sha256:") else { return nil }
        let hex = text.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy(\.isHexDigit) ? text.lowercased() : nil
    }

    /// A diagnostic for an entry that was skipped.
    static func skipped(_ message: String, path: String, field: String, level: Diagnostic.Level = .warning) -> Diagnostic {
        Diagnostic(code: "sbom-entry-skipped", level: level, message: message,
                   location: SourceLocation(file: path, fieldPath: field))
    }
}

extension SBOMError {
    init(decoding error: DecodingError, path: String) {
        let context: DecodingError.Context
        let message: String
        switch error {
        case .typeMismatch(let type, let c):
            context = c
            message = "expected \(Self.describe(type)): \(c.debugDescription)"
        case .valueNotFound(let type, let c):
            context = c
            message = "expected \(Self.describe(type)), found null"
        case .keyNotFound(let key, let c):
            context = c
            message = "missing field '\(key.stringValue)'"
        case .dataCorrupted(let c):
            context = c
            let detail = c.underlyingError.map { " (\($0))" } ?? ""
            message = c.codingPath.isEmpty ? "not valid JSON: \(c.debugDescription)\(detail)" : c.debugDescription
        @unknown default:
            self.init(code: .malformed, message: "\(error)", location: SourceLocation(file: path))
            return
        }
        let field = SBOMReader.jsonPath(context.codingPath)
        self.init(code: .malformed, message: message,
                  location: SourceLocation(file: path, fieldPath: field.isEmpty ? nil : field))
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }
}

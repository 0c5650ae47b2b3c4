import BulkheadCore

/// The core metadata of an installed Python distribution (`METADATA` / `PKG-INFO`).
public struct PythonMetadata: Sendable, Hashable {
    public var name: String
    public var version: String
    /// `License-Expression` (PEP 639) when present, else a one-line `License`.
    public var license: String?
    /// Normalised names from `Requires-Dist`, leaving out requirements that only apply to an
    /// extra (`; extra == "socks"`).
    public var requires: [String]

    public init(name: String, version: String, license: String? = nil, requires: [String] = []) {
        self.name = name
        self.version = version
        self.license = license
        self.requires = requires
    }

    /// `requests (>=2.0) ; python_version < "3"` → `requests`; nil for extra-only requirements.
    static func requirementName(_ value: String) -> String? {
        let parts = value.split(separator: ";", maxSplits: 1)
        if parts.count == 2, parts[1].contains("extra") { return nil }
        let name = (parts.first ?? "").drop { $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return name.isEmpty ? nil : normalize(String(name))
    }

    /// PEP 503 normalised name: lowercase, every run of `-`, `_`, `.` becomes one `-`.
    public static func normalize(_ name: String) -> String {
        var out = ""
        var inRun = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                if !inRun { out.append("-") }
                inRun = true
            } else {
                out.append(c)
                inRun = false
            }
        }
        return out
    }

    /// `pkg:pypi/<normalised-name>@<version>`.
    public var purl: PURL { PURL(type: "pypi", name: Self.normalize(name), version: version) }
}

import BulkheadCore

/// The core metadata of an installed Python distribution (`METADATA` / `PKG-INFO`).
public struct PythonMetadata: Sendable, Hashable {
    public var name: String
    public var version: String
    /// `License-Expression` (PEP 639) when present, else a one-line `License`.
    public var license: String?

    public init(name: String, version: String, license: String? = nil) {
        self.name = name
        self.version = version
        self.license = license
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

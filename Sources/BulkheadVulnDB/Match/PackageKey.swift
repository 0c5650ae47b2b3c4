/// How package names are keyed in the database, so that advisories and catalogued packages meet
/// whatever spelling each side used.
public enum PackageKey {
    /// PyPI names per PEP 503 (lowercase, runs of `-`, `_`, `.` become `-`); NuGet, Packagist and
    /// npm names are case-insensitive in their registries and are lowercased; others as written.
    public static func normalizedName(_ name: String, ecosystem: String) -> String {
        let base = ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem
        switch base {
        case "PyPI":
            var out = ""
            var lastWasSeparator = false
            for ch in name.lowercased() {
                if ch == "-" || ch == "_" || ch == "." {
                    if !lastWasSeparator { out.append("-") }
                    lastWasSeparator = true
                } else {
                    out.append(ch)
                    lastWasSeparator = false
                }
            }
            return out
        case "NuGet", "Packagist", "npm":
            return name.lowercased()
        default:
            return name
        }
    }
}

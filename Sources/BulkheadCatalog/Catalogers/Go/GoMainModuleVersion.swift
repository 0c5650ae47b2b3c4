/// Better versions for a main module built as `(devel)`, in syft's order: a semantic version
/// set with `-ldflags -X main.version=1.2.3` (or `<module>/….Version=…`, `….Tag=…`), then a
/// pseudo-version from the `vcs.revision` and `vcs.time` build settings.
enum GoMainModuleVersion {
    static let devel = "(devel)"

    /// The version to report for the main module of `info`.
    static func resolve(_ info: GoBuildInfo, module: GoModuleVersion) -> String {
        guard module.version == devel else { return module.version }
        if let ldflags = info.setting("-ldflags"), let version = fromLDFlags(ldflags, module: module.path) {
            return version.hasPrefix("v") ? version : "v" + version
        }
        if let revision = info.setting("vcs.revision"), let time = info.setting("vcs.time") {
            return "v0.0.0-\(pseudoVersionTimestamp(time))-\(revision.prefix(12))"
        }
        return module.version
    }

    /// The version in an `-X <main|module/…>.<…>version=<x.y.z…>` (or `…Tag=`) linker flag.
    static func fromLDFlags(_ ldflags: String, module: String) -> String? {
        let owner = "(main|\(escape(module))/[^\\s]*)"
        let version = "(?<version>v?\\d+.\\d+.\\d+[-\\w]*)"
        let patterns = [
            owner + "\\.[a-zA-Z0-9]*([rR]elease)?([gG]it)?([bB]uild)?[vV]er(sion)?=(\\S+/)*" + version,
            owner + "\\.[a-zA-Z0-9]*([tT]ag)=(\\S+/)*" + version,
        ]
        for pattern in patterns {
            guard let regex = try? Regex(pattern),
                  let match = try? regex.firstMatch(in: ldflags),
                  let captured = match.output["version"]?.substring else { continue }
            return String(captured)
        }
        return nil
    }

    /// `vcs.time` (RFC 3339, UTC as Go writes it) as `yyyymmddhhmmss`; Go's zero time when it
    /// does not parse.
    static func pseudoVersionTimestamp(_ time: String) -> String {
        let digits = time.filter(\.isNumber)
        let shape = time.count >= 20 && Array(time)[4] == "-" && Array(time)[10] == "T" && time.hasSuffix("Z")
        guard shape, digits.count >= 14 else { return "00010101000000" }
        return String(digits.prefix(14))
    }

    /// `s` as a literal inside a regex (`\Q…\E`; a backslash, never valid in module paths, is dropped).
    static func escape(_ s: String) -> String {
        "\\Q" + s.filter { $0 != "\\" } + "\\E"
    }
}

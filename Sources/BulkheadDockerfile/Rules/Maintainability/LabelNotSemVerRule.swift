import BulkheadCore

/// DL3056: a `semver` label of the label schema is not a semantic version.
struct LabelNotSemVerRule: LabelSchemaValueCheck {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["org.opencontainers.image.version": .semver])

    static let metadata = RuleMetadata(
        id: "DF156", slug: "label-not-semver", title: "Label from the label schema is not a semantic version",
        severity: .medium, category: .maintainability,
        rationale: """
            Labels declared as `semver` in `label-schema` are compared and sorted by tools; they need \
            the `MAJOR.MINOR.PATCH[-pre][+build]` shape (no `v` prefix, all three numbers).
            """,
        fix: "Write a semantic version: `LABEL org.opencontainers.image.version=1.4.0`.",
        references: [.hadolint("DL3056")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL org.opencontainers.image.version=not-sem-ver",
                "FROM debian:12\n↓LABEL org.opencontainers.image.version=1.0",
                "FROM debian:12\n↓LABEL org.opencontainers.image.version=v1.0.0",
            ],
            passing: [
                "FROM debian:12\nLABEL org.opencontainers.image.version=1.0.0",
                "FROM debian:12\nLABEL org.opencontainers.image.version=1.0.0-rc.1+b5",
            ]))

    static let labelKind = LabelKind.semver

    static func message(label name: String) -> String {
        "Label `\(name)` does not conform to semantic versioning."
    }

    /// `N.N.N`, then optionally `-` and `+` parts made of `[0-9A-Za-z-]` identifiers each
    /// optionally followed by one `.` (the verdicts of Haskell's `semver` parser, which accepts
    /// `01.0.0`, `1.0.0-` and `1.0.0-a.`).
    static func isValidValue(_ value: String) -> Bool {
        let s = Array(value.unicodeScalars)
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isIdent(_ c: Unicode.Scalar) -> Bool {
            isDigit(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "-"
        }
        for part in 0..<3 {
            if part > 0 {
                guard i < s.count, s[i] == "." else { return false }
                i += 1
            }
            guard i < s.count, isDigit(s[i]) else { return false }
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        func identifiers() {
            while i < s.count, isIdent(s[i]) {
                while i < s.count, isIdent(s[i]) { i += 1 }
                if i < s.count, s[i] == "." { i += 1 }
            }
        }
        if i < s.count, s[i] == "-" {
            i += 1
            identifiers()
        }
        if i < s.count, s[i] == "+" {
            i += 1
            identifiers()
        }
        return i == s.count
    }
}

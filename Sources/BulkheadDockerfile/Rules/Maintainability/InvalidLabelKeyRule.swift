import BulkheadCore

/// DL3048: LABEL keys that break Docker's key format recommendations.
struct InvalidLabelKeyRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF148", slug: "invalid-label-key", title: "LABEL key is not a valid label key",
        severity: .info, category: .maintainability,
        rationale: """
            Docker recommends lower-case reverse-DNS label keys that start with a letter, end with a \
            letter or digit, contain only `a-z 0-9 . - _ /` without repeated separators, and do not \
            use the reserved `com.docker.`, `io.docker.` and `org.dockerproject.` namespaces. Tools \
            that query labels rely on these keys.
            """,
        fix: "Rename the key, e.g. `LABEL org.opencontainers.image.version=1.2.3` instead of `LABEL Version=1.2.3`.",
        references: [.hadolint("DL3048")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL com.docker.label=x",
                "FROM debian:12\n↓LABEL Version=1.0",
                "FROM debian:12\n↓LABEL invalid..character=x",
                "FROM debian:12\n↓LABEL valid=1 -invalid=2",
            ],
            passing: [
                "FROM debian:12\nLABEL org.valid-key.label3=x",
                "FROM debian:12\nLABEL validlabel=x",
                "FROM debian:12\nLABEL org.opencontainers.image.source=\"https://example.com\" a_b/c=1",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓LABEL io.docker.x=1",
                "FROM debian:12\n↓LABEL org.dockerproject.x=1",
                "FROM debian:12\n↓LABEL invalid$character=1",
                "FROM debian:12\n↓LABEL .invalid=1",
                "FROM debian:12\n↓LABEL 1invalid=1",
                "FROM debian:12\n↓LABEL invalid--character=1",
                "FROM debian:12\n↓LABEL invalid.=1",
            ]))

    /// Hadolint's key check.
    static func isValidKey(_ key: String) -> Bool {
        let s = Array(key.unicodeScalars)
        guard let first = s.first, let last = s.last else { return false }
        func lower(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) }
        func digit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        guard lower(first), lower(last) || digit(last) else { return false }
        guard s.allSatisfy({ lower($0) || digit($0) || $0 == "." || $0 == "-" || $0 == "_" || $0 == "/" }) else { return false }
        if key.hasPrefix("com.docker.") || key.hasPrefix("io.docker.") || key.hasPrefix("org.dockerproject.") { return false }
        return !key.contains("..") && !key.contains("--")
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let bad = Hadolint.labelPairs(instruction, in: context).first(where: { !Self.isValidKey($0.key) }) else { return }
        report(Violation(instruction, "Invalid label key. ('\(bad.key)')"))
    }
}

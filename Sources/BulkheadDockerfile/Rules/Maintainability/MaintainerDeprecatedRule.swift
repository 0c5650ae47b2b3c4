import BulkheadCore

/// DL4000 / BuildKit MaintainerDeprecated: the MAINTAINER instruction.
struct MaintainerDeprecatedRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF200", slug: "maintainer-deprecated", title: "MAINTAINER is deprecated",
        severity: .high, category: .maintainability,
        rationale: """
            `MAINTAINER` has been deprecated since Docker 1.13: it sets a legacy image field that \
            tools no longer read. Labels carry the same information in a queryable way.
            """,
        fix: "Use a label: `LABEL org.opencontainers.image.authors=\"team@example.com\"`.",
        references: [.hadolint("DL4000"), .buildkit("MaintainerDeprecated")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓MAINTAINER Lukas <me@example.com>",
                "↓MAINTAINER Lukas\nFROM debian:12",
            ],
            passing: [
                "FROM debian:12\nLABEL org.opencontainers.image.authors=\"me@example.com\"",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .maintainer else { return }
        report(Violation(instruction, "MAINTAINER is deprecated"))
    }
}

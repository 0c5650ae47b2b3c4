import BulkheadCore

/// DL3043: `ONBUILD FROM` / `ONBUILD MAINTAINER` (`ONBUILD ONBUILD` is a parse error).
struct OnbuildForbiddenTriggerRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF143", slug: "onbuild-forbidden-trigger", title: "ONBUILD triggers FROM, MAINTAINER or ONBUILD",
        severity: .high, category: .reliability,
        rationale: """
            Docker does not allow `FROM`, `MAINTAINER` or `ONBUILD` as ONBUILD triggers: every \
            build that uses this image as its base fails when the trigger runs.
            """,
        fix: "Remove the trigger; for metadata use `ONBUILD LABEL maintainer=\"…\"`.",
        references: [.hadolint("DL3043")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓ONBUILD FROM debian:buster",
                "FROM debian:12\n↓ONBUILD MAINTAINER \"Jane Doe <jane@example.com>\"",
            ],
            passing: [
                "FROM debian:12\nONBUILD RUN echo hello",
                "FROM debian:12\nONBUILD LABEL maintainer=\"jane@example.com\"",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .onbuild else { return }
        let inner = instruction.effective
        guard inner.name == .from || inner.name == .maintainer || inner.name == .onbuild else { return }
        report(Violation(instruction,
                         "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction. (ONBUILD \(inner.keyword.uppercased()))"))
    }
}

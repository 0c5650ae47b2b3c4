import BulkheadCore

/// DL3063 / BuildKit ReservedStageName: a stage named `scratch` or `context`.
struct ReservedStageNameRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF163", slug: "reserved-stage-name", title: "Stage name is a reserved word",
        severity: .medium, category: .syntax,
        rationale: """
            `scratch` is the empty base image and `context` names the build context in \
            `COPY --from`/`--mount from=`: a stage with either name is ambiguous, and references to \
            it do not mean what they seem to.
            """,
        fix: "Rename the stage: `FROM alpine:3.20 AS base` instead of `AS scratch`.",
        references: [.hadolint("DL3063"), .buildkit("ReservedStageName")],
        examples: RuleExamples(
            triggering: [
                "↓FROM foo:bar AS scratch",
                "FROM debian:12 AS build\nRUN make\n↓FROM alpine:3 AS context",
            ],
            passing: [
                "FROM foo:bar AS foobar",
                "FROM scratch",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, let alias = from.alias?.raw,
              alias == "scratch" || alias == "context" else { return }
        report(Violation(instruction, "stage name should not be a reserved word ('\(alias)')"))
    }
}

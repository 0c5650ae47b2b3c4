import BulkheadCore

/// BuildKit StageNameCasing: stage names should be lowercase.
struct StageNameCasingRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF418", slug: "stage-name-casing", title: "Stage name is not lowercase",
        severity: .info, category: .maintainability,
        rationale: """
            Stage names are case-insensitive (BuildKit lowercases them), so `AS BuilderBase` is really \
            `builderbase`; writing them in lowercase keeps them distinct from instruction keywords and \
            matches what `--target` and `COPY --from` resolve. Style only, hence `info`.
            """,
        fix: "Write the stage name in lowercase: `FROM alpine AS builder-base`.",
        references: [.buildkit("StageNameCasing")],
        examples: RuleExamples(
            triggering: ["↓FROM alpine AS BuilderBase", "FROM alpine AS base\n↓FROM base AS Final"],
            passing: ["FROM alpine AS builder-base", "FROM alpine"],
            hiddenTriggering: ["↓FROM scratch AS BadStageName\nFROM scratch as base2"],
            hiddenPassing: ["FROM scratch AS base3"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, let alias = from.alias,
              alias.raw != alias.raw.lowercased() else { return }
        report(Violation(instruction, "Stage name '\(alias.raw)' should be lowercase"))
    }
}

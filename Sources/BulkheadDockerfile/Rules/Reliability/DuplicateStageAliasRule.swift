import BulkheadCore

/// DL3024: two stages share an alias.
struct DuplicateStageAliasRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF124", slug: "unique-stage-names", title: "Stage name is used more than once",
        severity: .high, category: .reliability,
        rationale: """
            `COPY --from=name` and `FROM name` resolve to one of the stages that share the name, \
            so a copy-pasted `AS build` makes later stages read from the wrong one without any \
            error.
            """,
        fix: "Give every stage its own name (`AS build-api`, `AS build-web`).",
        references: [.hadolint("DL3024"), .buildkit("DuplicateStageName")],
        examples: RuleExamples(
            triggering: [
                "FROM node:20 AS foo\nRUN something\n↓FROM scratch AS foo\nRUN something",
                "FROM a:1 AS build\nFROM b:1 AS build-web\n↓FROM c:1 AS build\n↓FROM d:1 AS build",
            ],
            passing: [
                "FROM node:20 AS build\nRUN something\nFROM scratch AS final\nCOPY --from=build /app /app",
                "FROM node:20\nFROM node:20",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, let alias = from.alias?.raw,
              let stageIndex = instruction.stageIndex else { return }
        // Hadolint compares aliases exactly as written.
        let earlier = context.file.stages[..<stageIndex].contains { $0.writtenName == alias }
        guard earlier else { return }
        report(Violation(instruction, "FROM aliases (stage names) must be unique: '\(alias)' is already a stage name"))
    }
}

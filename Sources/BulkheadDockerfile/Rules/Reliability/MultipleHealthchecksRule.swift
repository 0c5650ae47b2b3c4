import BulkheadCore

/// DL3012: more than one `HEALTHCHECK` in a stage.
struct MultipleHealthchecksRule: DockerfileRule {
    struct State: Sendable {
        var stage: Int?
        var seen = false
    }

    static let metadata = RuleMetadata(
        id: "DF112", slug: "multiple-healthchecks", title: "Multiple HEALTHCHECK instructions",
        severity: .high, category: .reliability,
        rationale: """
            Only the last `HEALTHCHECK` of a stage takes effect. Earlier ones are dead code that \
            readers take for the health check the container really runs.
            """,
        fix: "Keep a single `HEALTHCHECK` per stage and delete the others.",
        references: [.hadolint("DL3012")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/\n↓HEALTHCHECK CMD true",
                "FROM debian:12\nHEALTHCHECK CMD a\n↓HEALTHCHECK NONE\n↓HEALTHCHECK CMD b",
            ],
            passing: [
                "FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/",
                "FROM debian:12 AS a\nHEALTHCHECK CMD a\nFROM debian:12\nHEALTHCHECK CMD b",
            ]))

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        if instruction.stageIndex != state.stage {
            state = State(stage: instruction.stageIndex)
        }
        guard instruction.name == .healthcheck else { return }
        if state.seen {
            report(Violation(instruction, "Multiple `HEALTHCHECK` instructions"))
        }
        state.seen = true
    }
}

import BulkheadCore

/// DL3057: a stage has no HEALTHCHECK (itself, inherited from a parent stage, or given to it
/// by a child stage). Off by default, as in Hadolint.
struct MissingHealthcheckRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF157", slug: "missing-healthcheck", title: "Stage has no HEALTHCHECK",
        severity: .info, category: .reliability,
        rationale: """
            Without a `HEALTHCHECK`, Docker and Swarm only know whether the main process is alive, \
            not whether it still serves requests; a hung service stays "running" forever. (Off by \
            default: orchestrators such as Kubernetes use their own probes and ignore it.)
            """,
        fix: "Add a health check to the image stage, e.g. `HEALTHCHECK CMD curl -fsS http://localhost:8080/health || exit 1`, or `HEALTHCHECK NONE` to state that none is wanted.",
        references: [.hadolint("DL3057")],
        examples: RuleExamples(
            triggering: [
                "↓FROM debian:12\nRUN true",
                "FROM debian:12 AS base\nHEALTHCHECK CMD true\n↓FROM debian:12\nRUN true",
            ],
            passing: [
                "FROM debian:12\nHEALTHCHECK NONE",
                "FROM debian:12 AS base\nHEALTHCHECK CMD true\nFROM base",
                "FROM debian:12 AS base\nFROM base AS app\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1",
            ],
            hiddenTriggering: [
                // Bifurcation: base3.2 and end2 have no health check; base3.1 inherits from end1.
                """
                FROM debian:12 AS base1
                FROM base1 AS base2
                FROM base2 AS base3.1
                ↓FROM base2 AS base3.2
                FROM base3.1 AS end1
                HEALTHCHECK CMD true
                RUN true
                RUN true
                ↓FROM base3.2 AS end2
                """,
            ]),
        enabledByDefault: false)

    struct StageID: Hashable, Sendable {
        /// Image name of the FROM.
        var source: String
        /// Alias, or image name when there is no alias.
        var name: String
        var fromIndex: Int
    }

    struct State: Sendable {
        var current: StageID?
        var good: Set<StageID> = []
        var bad: Set<StageID> = []
    }

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        switch instruction.name {
        case .from:
            guard case .from(let from) = instruction.arguments else { return }
            let image = HadolintImageName(from, digestFirst: true).name
            let stage = StageID(source: image, name: from.alias?.raw ?? image, fromIndex: instruction.index)
            if state.current != nil, state.good.contains(where: { $0.name == image }) {
                state.good.insert(stage)
            } else {
                state.bad.insert(stage)
            }
            state.current = stage
        case .healthcheck:
            guard let current = state.current else { return }
            // The stage and, recursively, the bad stages it was built from are covered.
            var nowGood: Set<StageID> = []
            var frontier = [current]
            var remaining = state.bad
            while let stage = frontier.popLast() {
                let parents = remaining.filter { $0.name == stage.source }
                remaining.subtract(parents)
                nowGood.formUnion(parents)
                frontier.append(contentsOf: parents)
            }
            state.good.formUnion(nowGood)
            state.good.insert(current)
            state.bad.subtract(nowGood)
            state.bad.remove(current)
        default:
            return
        }
    }

    func finish(state: State, in context: DockerfileContext, report: (Violation) -> Void) {
        for stage in state.bad.sorted(by: { $0.fromIndex < $1.fromIndex }) {
            report(Violation(context.file.instructions[stage.fromIndex], "`HEALTHCHECK` instruction missing."))
        }
    }
}

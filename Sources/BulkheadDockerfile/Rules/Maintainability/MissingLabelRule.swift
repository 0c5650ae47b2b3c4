import BulkheadCore

/// DL3049: a label required by the label schema is missing from a stage.
struct MissingLabelRule: DockerfileRule {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["maintainer": .text])

    static let metadata = RuleMetadata(
        id: "DF149", slug: "missing-required-label", title: "Stage lacks a label required by the label schema",
        severity: .low, category: .maintainability,
        rationale: """
            With a `label-schema` configured, every image stage must carry each schema label, either \
            itself or through a labelled parent stage it is built `FROM`. Stages only used as \
            `COPY --from` sources are exempt. Missing ownership or provenance labels make images \
            hard to trace.
            """,
        fix: "Add the label to the stage: `LABEL maintainer=\"team@example.com\"`.",
        references: [.hadolint("DL3049")],
        examples: RuleExamples(
            triggering: [
                "↓FROM debian:12\nRUN true",
                "↓FROM debian:12\nLABEL other=x",
                "FROM debian:12 AS base\nLABEL maintainer=me\n↓FROM alpine:3\nRUN true",
            ],
            passing: [
                "FROM debian:12\nLABEL maintainer=me",
                "FROM debian:12 AS base\nFROM base\nLABEL maintainer=me",
                "FROM debian:12 AS build\nRUN make\nFROM alpine:3\nLABEL maintainer=me\nCOPY --from=build /out /out",
            ]))

    struct Stage: Hashable, Sendable {
        var fromIndex: Int
        var alias: String?
        /// Alias, or image name when there is no alias.
        var name: String
    }

    struct Sets: Sendable {
        var good: Set<Stage> = []
        var silent: Set<Stage> = []
        var bad: Set<Stage> = []
    }

    struct State: Sendable {
        var current: Stage?
        var perLabel: [String: Sets] = [:]
    }

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        let labels = context.options.labelSchema.keys
        guard !labels.isEmpty else { return }
        switch instruction.name {
        case .from:
            guard case .from(let from) = instruction.arguments else { return }
            let image = HadolintImageName(from, digestFirst: true).name
            let alias = from.alias?.raw
            let stage = Stage(fromIndex: instruction.index, alias: alias, name: alias ?? image)
            for label in labels {
                var sets = state.perLabel[label] ?? Sets()
                if state.current != nil, sets.good.contains(where: { $0.alias == image }) {
                    sets.good.insert(stage)
                } else {
                    sets.bad.insert(stage)
                }
                state.perLabel[label] = sets
            }
            state.current = stage
        case .copy:
            guard state.current != nil, let source = instruction.flag("from")?.value else { return }
            for label in labels { silence(source, label, &state) }
        case .label:
            guard let current = state.current else { return }
            let keys = Set(Hadolint.labelPairs(instruction, in: context).map(\.key))
            for label in labels where keys.contains(label) {
                silence(current.name, label, &state)
                var sets = state.perLabel[label] ?? Sets()
                sets.good.insert(current)
                sets.silent.remove(current)
                sets.bad.remove(current)
                state.perLabel[label] = sets
            }
        default:
            return
        }
    }

    /// Bad stages with alias `name` need no label (a labelled child or a copy source).
    private func silence(_ name: String, _ label: String, _ state: inout State) {
        guard var sets = state.perLabel[label] else { return }
        let matching = sets.bad.filter { $0.alias == name }
        sets.silent.formUnion(matching)
        sets.bad.subtract(matching)
        state.perLabel[label] = sets
    }

    func finish(state: State, in context: DockerfileContext, report: (Violation) -> Void) {
        for label in state.perLabel.keys.sorted() {
            for stage in (state.perLabel[label]?.bad ?? []).sorted(by: { $0.fromIndex < $1.fromIndex }) {
                report(Violation(context.file.instructions[stage.fromIndex], "Label `\(label)` is missing."))
            }
        }
    }
}

import BulkheadCore

/// DL3044: an ENV uses a variable it defines itself.
struct EnvSelfReferenceRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF144", slug: "env-self-reference", title: "ENV refers to a variable defined in the same ENV",
        severity: .high, category: .reliability,
        rationale: """
            All pairs of one `ENV` are expanded with the values from *before* the instruction: in \
            `ENV A=1 B=$A`, `B` is empty (or an older `A`), not `1`. The result silently differs \
            from what the line suggests.
            """,
        fix: "Split the instruction: `ENV A=1` then `ENV B=$A/bin`.",
        references: [.hadolint("DL3044")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓ENV BLA=\"blubb\" BLUBB=\"${BLA}/blubb\"",
                "FROM debian:12\n↓ENV BLA=\"blubb\" BLUBB=\"$BLA/$BLAFOO/blubb\"",
                "FROM debian:12\n↓ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}",
                "FROM debian:12\n↓ENV A=$B B=1",
            ],
            passing: [
                "FROM debian:12\nENV BLA=\"blubb\"\nENV BLUBB=\"${BLA}/blubb\"",
                "FROM debian:12\nENV BLA=\"blubb\" BLUBB=\"${FOOBLA}/blubb\"",
                "FROM debian:12\nENV BLA=\"blubb\" BLUBB=\"$BLAFOO/blubb\"",
                "FROM debian:12\nARG BLA\nENV BLA=${BLA} BLUBB=${BLA}/x",
                "FROM debian:12\nENV PATH=/bla:${PATH}",
            ]))

    struct State: Sendable {
        var defined: Set<String> = []
    }

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        switch instruction.arguments {
        case .args(let decls):
            state.defined.formUnion(decls.map(\.name))
        case .pairs(let pairs) where instruction.name == .env:
            var offending: [String] = []
            for (i, pair) in pairs.enumerated() where !state.defined.contains(pair.key) && !offending.contains(pair.key) {
                let referenced = pairs.indices.contains { j in
                    j != i && Hadolint.references(pairs[j].value, variable: pair.key)
                }
                if referenced { offending.append(pair.key) }
            }
            state.defined.formUnion(pairs.map(\.key))
            guard !offending.isEmpty else { return }
            report(Violation(instruction,
                             "Do not refer to an environment variable within the same `ENV` statement where it is defined. (\(offending.joined(separator: ", ")))"))
        default:
            return
        }
    }
}

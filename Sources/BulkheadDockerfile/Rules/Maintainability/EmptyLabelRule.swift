import BulkheadCore

/// DL3051: a label of the label schema is set to an empty value.
struct EmptyLabelRule: DockerfileRule {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["maintainer": .text])

    static let metadata = RuleMetadata(
        id: "DF151", slug: "empty-required-label", title: "Label from the label schema is empty",
        severity: .medium, category: .maintainability,
        rationale: """
            A schema label set to `""` satisfies the "label present" check while carrying no \
            information, which defeats the purpose of requiring it.
            """,
        fix: "Give the label a value: `LABEL maintainer=\"team@example.com\"`.",
        references: [.hadolint("DL3051")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL maintainer=\"\"",
                "FROM debian:12\n↓LABEL other=x maintainer=''",
            ],
            passing: [
                "FROM debian:12\nLABEL maintainer=me",
                "FROM debian:12\nLABEL other=\"\"",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .label, !context.options.labelSchema.isEmpty else { return }
        let pairs = Hadolint.labelPairs(instruction, in: context)
        for name in context.options.labelSchema.keys.sorted() where pairs.contains(where: { $0.key == name && $0.value.isEmpty }) {
            report(Violation(instruction, "label `\(name)` is empty."))
        }
    }
}

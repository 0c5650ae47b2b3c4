import BulkheadCore

/// DL3050: with strict labels, a LABEL key that the label schema does not list.
struct SuperfluousLabelRule: DockerfileRule {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["maintainer": .text], strictLabels: true)

    static let metadata = RuleMetadata(
        id: "DF150", slug: "superfluous-label", title: "LABEL key is not in the label schema",
        severity: .low, category: .maintainability,
        rationale: """
            With `strict-labels` on, only the labels listed in `label-schema` may be set, so that \
            typos (`maintaner`) and ad-hoc keys do not slip into images that downstream tools query \
            by label.
            """,
        fix: "Remove the label, fix its spelling, or add it to `label-schema`.",
        references: [.hadolint("DL3050")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL other=bar",
                "FROM debian:12\n↓LABEL maintainer=me other=bar",
            ],
            passing: [
                "FROM debian:12\nLABEL maintainer=me",
                "FROM debian:12\nRUN true",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard context.options.strictLabels, instruction.name == .label else { return }
        let extra = Hadolint.labelPairs(instruction, in: context).map(\.key)
            .filter { context.options.labelSchema[$0] == nil }
        guard !extra.isEmpty else { return }
        report(Violation(instruction, "Superfluous label(s) present. (not in the label schema: \(extra.joined(separator: ", ")))"))
    }
}

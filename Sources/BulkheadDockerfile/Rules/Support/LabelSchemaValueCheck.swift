/// A rule that validates the values of the `label-schema` labels of one kind (Hadolint's DL3052
/// url, DL3053 rfc3339, DL3054 spdx, DL3055 hash, DL3056 semver, DL3058 email). Conforming rules
/// give the kind, Hadolint's message and the validator; the check is shared.
protocol LabelSchemaValueCheck: DockerfileRule where State == Void {
    /// The `label-schema` kind whose labels this rule validates.
    static var labelKind: LabelKind { get }
    /// Hadolint's message for label `name` having an invalid value.
    static func message(label name: String) -> String
    /// Whether `value` is valid for ``labelKind``, with Hadolint 2.15.1's verdicts.
    static func isValidValue(_ value: String) -> Bool
}

extension LabelSchemaValueCheck {
    /// Hadolint's typed label check: for each `label-schema` label of ``labelKind`` (sorted by
    /// name), one finding at the LABEL when one of its pairs sets that label to an invalid
    /// value; the message names the first invalid value.
    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .label else { return }
        let names = context.options.labelSchema.filter { $0.value == Self.labelKind }.keys.sorted()
        guard !names.isEmpty else { return }
        let pairs = Hadolint.labelPairs(instruction, in: context)
        for name in names {
            if let bad = pairs.first(where: { $0.key == name && !Self.isValidValue($0.value) }) {
                report(Violation(instruction, "\(Self.message(label: name)) (value '\(bad.value)')"))
            }
        }
    }
}

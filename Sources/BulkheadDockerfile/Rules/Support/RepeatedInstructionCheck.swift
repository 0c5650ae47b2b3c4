/// A rule for an instruction of which only the last one in a stage takes effect (Hadolint's
/// DL4003 CMD, DL4004 ENTRYPOINT): every further one after the first in the same stage is
/// reported, with Hadolint's message. A stage starts at each FROM; ONBUILD triggers do not count.
protocol RepeatedInstructionCheck: DockerfileRule where State == Bool {
    /// The instruction that should appear at most once per stage.
    static var instructionName: InstructionName { get }
}

extension RepeatedInstructionCheck {
    /// Whether the current stage already had one.
    func makeState() -> Bool { false }

    /// Resets at FROM; reports each ``instructionName`` after the first of its stage.
    func check(_ instruction: Instruction, in context: DockerfileContext, state seen: inout Bool,
               report: (Violation) -> Void) {
        switch instruction.name {
        case .from:
            seen = false
        case Self.instructionName:
            if seen {
                let keyword = Self.instructionName.rawValue.uppercased()
                report(Violation(instruction, "Multiple `\(keyword)` instructions found. If you list more than one `\(keyword)` then only the last `\(keyword)` will take effect"))
            }
            seen = true
        default:
            return
        }
    }
}

import BulkheadCore

/// DL3000: `WORKDIR` with a relative path.
struct WorkdirNotAbsoluteRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF100", slug: "workdir-not-absolute", title: "WORKDIR path is not absolute",
        severity: .high, category: .reliability,
        rationale: """
            A relative `WORKDIR` is resolved against the previous working directory, which may \
            come from the base image and change when it is updated. An absolute path says where \
            the build runs, whatever the base image does.
            """,
        fix: "Write the full path: `WORKDIR /usr/src/app` (or start it with a variable, `WORKDIR $HOME/app`).",
        references: [.hadolint("DL3000")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓WORKDIR relative/dir",
                "FROM debian:12\n↓WORKDIR 'relative/dir'",
                "FROM debian:12\n↓WORKDIR \"relative/dir\"",
            ],
            passing: [
                "FROM debian:12\nWORKDIR /usr/local",
                "FROM debian:12\nWORKDIR ${work}",
                "FROM debian:12\nWORKDIR \"${dir}\"",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:/app",
            ],
            hiddenTriggering: ["FROM debian:12\n↓WORKDIR a"],
            hiddenPassing: ["FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR 'C:\\'"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .workdir, case .string(let word) = instruction.arguments else { return }
        if Hadolint.isAbsoluteOrVariable(Hadolint.dropQuotes(word.raw)) { return }
        report(Violation(instruction, "Use absolute WORKDIR (got '\(word.raw)')"))
    }
}

import BulkheadCore

/// DL3004: `sudo` in RUN.
struct SudoInRunRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF104", slug: "sudo-in-run", title: "RUN uses sudo",
        severity: .high, category: .privilege,
        rationale: """
            `sudo` has TTY and signal-forwarding behaviour that is unpredictable in builds and \
            containers, and it needs a sudoers setup that widens the image's privilege surface. \
            RUN already executes as the current `USER`.
            """,
        fix: """
            Switch users with `USER root` … `USER app` around the privileged steps; at runtime, drop \
            privileges with a tool like `gosu` or `su-exec` instead of `sudo`.
            """,
        references: [.hadolint("DL3004")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN sudo apt-get update",
                "FROM debian:12\n↓RUN apt-get update && sudo apt-get install -y curl",
                "FROM debian:12\n↓ONBUILD RUN sudo make install",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get install -y sudo",
                "FROM debian:12\nUSER root\nRUN make install",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true),
              run.commands.contains(where: { $0.name == "sudo" }) else { return }
        report(Violation(instruction,
                         "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root"))
    }
}

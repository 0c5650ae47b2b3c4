import BulkheadCore

/// DL3034: zypper without `-n`/`-y`.
struct ZypperNonInteractiveRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF134", slug: "zypper-non-interactive", title: "zypper without the non-interactive switch",
        severity: .medium, category: .reliability,
        rationale: """
            zypper asks for confirmation before installing or removing packages; a build has no \
            terminal to answer, so the command aborts and the build fails.
            """,
        fix: "Add `-n` (`--non-interactive`) or `-y`: `zypper --non-interactive install httpd=2.4.24`.",
        references: [.hadolint("DL3034")],
        examples: RuleExamples(
            triggering: [
                "FROM opensuse/leap:15.6\n↓RUN zypper install httpd=2.4.24 && zypper clean",
                "FROM opensuse/leap:15.6\n↓RUN zypper rm vim",
                "FROM opensuse/leap:15.6\n↓ONBUILD RUN zypper in curl=8.6.0",
            ],
            passing: [
                "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.24 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.24 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install httpd=2.4.24 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper install --no-confirm httpd=2.4.24 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper refresh",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        guard Hadolint.lacksNonInteractiveSwitch(run.commands, tools: ["zypper"],
                                                 subcommands: ["install", "in", "remove", "rm", "source-install", "si", "patch"],
                                                 switches: ["non-interactive", "n", "no-confirm", "y"]) else { return }
        report(Violation(instruction, "Non-interactive switch missing from `zypper` command: `zypper install -y`"))
    }
}

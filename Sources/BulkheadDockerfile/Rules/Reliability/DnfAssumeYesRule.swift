import BulkheadCore

/// DL3038: `dnf install` without `-y`.
struct DnfAssumeYesRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF138", slug: "dnf-assume-yes", title: "dnf install without -y",
        severity: .medium, category: .reliability,
        rationale: """
            A build has no terminal to answer dnf's confirmation prompt: without `-y` the \
            install aborts and the build fails.
            """,
        fix: "Add `-y`: `dnf install -y httpd-2.4.24 && dnf clean all`.",
        references: [.hadolint("DL3038")],
        examples: RuleExamples(
            triggering: [
                "FROM fedora:40\n↓RUN dnf install httpd-2.4.24 && dnf clean all",
                "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\n↓RUN microdnf install httpd-2.4.24 && microdnf clean all",
                "FROM fedora:40\n↓ONBUILD RUN dnf groupinstall 'Development Tools'",
            ],
            passing: [
                "FROM fedora:40\nRUN dnf install -y httpd-2.4.24 && dnf clean all",
                "FROM fedora:40\nRUN dnf --assumeyes localinstall foo.rpm && dnf clean all",
                "FROM fedora:40\nRUN notdnf install httpd",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        guard Hadolint.lacksNonInteractiveSwitch(run.commands, tools: ["dnf", "microdnf"],
                                                 subcommands: ["install", "groupinstall", "localinstall"],
                                                 switches: ["y", "assumeyes"]) else { return }
        report(Violation(instruction, "Use the -y switch to avoid manual input `dnf install -y <package>`"))
    }
}

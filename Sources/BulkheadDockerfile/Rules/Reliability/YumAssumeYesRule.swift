import BulkheadCore

/// DL3030: `yum install` without `-y`.
struct YumAssumeYesRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF130", slug: "yum-assume-yes", title: "yum install without -y",
        severity: .medium, category: .reliability,
        rationale: """
            A build has no terminal to answer yum's confirmation prompt: without `-y` the \
            install aborts (or waits) and the build fails.
            """,
        fix: "Add `-y`: `yum install -y httpd-2.4.6 && yum clean all`.",
        references: [.hadolint("DL3030")],
        examples: RuleExamples(
            triggering: [
                "FROM centos:7\n↓RUN yum install httpd-2.4.24 && yum clean all",
                "FROM centos:7\n↓RUN yum groupinstall 'Development Tools'",
                "FROM centos:7\n↓ONBUILD RUN yum install httpd-2.4.24",
            ],
            passing: [
                "FROM centos:7\nRUN yum install -y httpd-2.4.24 && yum clean all",
                "FROM centos:7\nRUN yum --assumeyes localinstall foo.rpm",
                "FROM centos:7\nRUN bash -c `# not even a yum command`",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        guard Hadolint.lacksNonInteractiveSwitch(run.commands, tools: ["yum"],
                                                 subcommands: ["install", "groupinstall", "localinstall"],
                                                 switches: ["y", "assumeyes"]) else { return }
        report(Violation(instruction, "Use the -y switch to avoid manual input `yum install -y <package>`"))
    }
}

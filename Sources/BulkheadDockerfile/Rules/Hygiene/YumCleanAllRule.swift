import BulkheadCore

/// DL3032: `yum install` without `yum clean all` afterwards.
struct YumCleanAllRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF132", slug: "yum-clean-all", title: "yum install without yum clean all",
        severity: .medium, category: .hygiene,
        rationale: """
            yum keeps downloaded packages and metadata under `/var/cache/yum`. Unless they are \
            removed in the same RUN, they stay in the layer and bloat the image.
            """,
        fix: "End the RUN with `&& yum clean all` (or `rm -rf /var/cache/yum/*`).",
        references: [.hadolint("DL3032")],
        examples: RuleExamples(
            triggering: [
                "FROM centos:7\n↓RUN yum install -y mariadb-10.4",
                "FROM centos:7\n↓RUN yum clean all && yum install -y mariadb-10.4",
                "FROM centos:7\n↓ONBUILD RUN yum install -y mariadb-10.4",
            ],
            passing: [
                "FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean all",
                "FROM centos:7\nRUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*",
                "FROM centos:7\nRUN yum makecache",
            ],
            hiddenPassing: [
                // Hadolint accepts any `yum clean …` and any `rm -rf …`.
                "FROM centos:7\nRUN yum install -y mariadb-10.4 && yum clean metadata",
                "FROM centos:7\nRUN yum install -y mariadb-10.4 && rm -rf /tmp/x",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let ok = Hadolint.cleanedAfterInstall(
            run.commands,
            install: { $0.is("yum", withAnyOf: ["install"]) },
            clean: { $0.is("yum", withAnyOf: ["clean", "all"]) || $0.is("rm", withAnyOf: ["-rf", "/var/cache/yum/*"]) })
        guard !ok else { return }
        report(Violation(instruction, "`yum clean all` missing after yum command."))
    }
}

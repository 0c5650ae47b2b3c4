import BulkheadCore

/// DL3040: `dnf install` without `dnf clean all` afterwards.
struct DnfCleanAllRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF140", slug: "dnf-clean-all", title: "dnf install without dnf clean all",
        severity: .medium, category: .hygiene,
        rationale: """
            dnf keeps repository metadata and downloaded packages in its cache; unless it is \
            cleaned in the same RUN, the cache stays in the layer and bloats the image.
            """,
        fix: "End the RUN with `&& dnf clean all` (or mount a cache: `RUN --mount=type=cache,target=/var/cache/libdnf5 …`).",
        references: [.hadolint("DL3040")],
        examples: RuleExamples(
            triggering: [
                "FROM fedora:40\n↓RUN dnf install -y mariadb-10.4",
                "FROM fedora:40\n↓RUN dnf -y upgrade-minimal",
                "FROM fedora:40\n↓RUN microdnf clean all && dnf install -y mariadb-10.4",
                "FROM fedora:40\n↓ONBUILD RUN microdnf install -y mariadb-10.4",
            ],
            passing: [
                "FROM fedora:40\nRUN dnf install -y mariadb-10.4 && dnf clean all",
                "FROM fedora:40\nRUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*",
                "FROM fedora:40\nRUN notdnf install mariadb",
                "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y mariadb-10.4",
            ],
            hiddenTriggering: [
                "FROM fedora:40\n↓RUN rm -rf /var/cache/libdnf5 && dnf install -y mariadb-10.4",
                "FROM fedora:40\n↓RUN dnf in -y mariadb-10.4",
                "FROM fedora:40\n↓RUN dnf -y rei mariadb-10.4",
            ]))

    static let installs: Set<String> = ["install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"]

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let mounts = RunMount.all(of: instruction, reading: .asWritten)
        if RunMount.hasCacheOrTmpfs(mounts, targetContainingAnyOf: ["/var/cache/libdnf5", ".cache/libdnf5"]) { return }
        let ok = ["dnf", "microdnf"].allSatisfy { tool in
            Hadolint.cleanedAfterInstall(
                run.commands,
                install: { $0.is(tool, withAnyOf: Self.installs) },
                clean: { $0.is(tool, withAnyOf: ["clean", "all"]) || $0.is("rm", withAnyOf: ["-rf", "/var/cache/libdnf5*"]) })
        }
        guard !ok else { return }
        report(Violation(instruction, "`dnf clean all` missing after dnf command."))
    }
}

import BulkheadCore

/// DL3036: `zypper install` without `zypper clean` afterwards.
struct ZypperCleanRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF136", slug: "zypper-clean", title: "zypper install without zypper clean",
        severity: .medium, category: .hygiene,
        rationale: """
            zypper keeps repository metadata and packages under `/var/cache/zypp`; unless the \
            cache is cleaned in the same RUN, it stays in the layer and bloats the image.
            """,
        fix: "End the RUN with `&& zypper clean` (or mount a cache: `RUN --mount=type=cache,target=/var/cache/zypp …`).",
        references: [.hadolint("DL3036")],
        examples: RuleExamples(
            triggering: [
                "FROM opensuse/leap:15.6\n↓RUN zypper install -y mariadb=10.4",
                "FROM opensuse/leap:15.6\n↓RUN zypper clean && zypper install -y mariadb=10.4",
                "FROM opensuse/leap:15.6\n↓ONBUILD RUN zypper in -y mariadb=10.4",
            ],
            passing: [
                "FROM opensuse/leap:15.6\nRUN zypper install -y mariadb=10.4 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper install -y mariadb=10.4 && zypper cc",
                "FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper install -y mariadb=10.4",
            ],
            hiddenPassing: [
                "FROM opensuse/leap:15.6\nRUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y mariadb=10.4",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let mounts = RunMount.all(of: instruction, reading: .asWritten)
        let ok = RunMount.hasCacheOrTmpfs(mounts, targetContainingAnyOf: ["/var/cache/zypp"])
            || Hadolint.cleanedAfterInstall(
                run.commands,
                install: { $0.is("zypper", withAnyOf: ["install", "in"]) },
                clean: { $0.is("zypper", withAnyOf: ["clean", "cc"]) })
        guard !ok else { return }
        report(Violation(instruction, "`zypper clean` missing after zypper use."))
    }
}

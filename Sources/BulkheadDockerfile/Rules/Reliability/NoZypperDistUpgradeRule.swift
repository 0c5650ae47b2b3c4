import BulkheadCore

/// DL3035: `zypper dist-upgrade`.
struct NoZypperDistUpgradeRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF135", slug: "no-zypper-dist-upgrade", title: "zypper dist-upgrade in a RUN",
        severity: .medium, category: .reliability,
        rationale: """
            `zypper dist-upgrade` may move the whole distribution to new package versions (even \
            a new release) at build time, so the image no longer matches its base and rebuilds \
            are not reproducible.
            """,
        fix: "Use a newer base image instead, or update only the packages you need with pinned versions.",
        references: [.hadolint("DL3035")],
        examples: RuleExamples(
            triggering: [
                "FROM opensuse/leap:15.6\n↓RUN zypper dist-upgrade",
                "FROM opensuse/leap:15.6\n↓RUN zypper -n dup && zypper clean",
                "FROM opensuse/leap:15.6\n↓ONBUILD RUN zypper dup",
            ],
            passing: [
                "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper -n update curl",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true),
              run.commands.contains(where: { $0.is("zypper", withAnyOf: ["dist-upgrade", "dup"]) }) else { return }
        report(Violation(instruction, "Do not use `zypper dist-upgrade`."))
    }
}

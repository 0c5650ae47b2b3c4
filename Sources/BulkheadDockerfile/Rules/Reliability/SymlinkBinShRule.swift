import BulkheadCore

/// DL4005: `ln … /bin/sh` to change the default shell.
struct SymlinkBinShRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF205", slug: "symlink-bin-sh", title: "ln replaces /bin/sh",
        severity: .medium, category: .reliability,
        rationale: """
            Re-pointing `/bin/sh` changes the shell of every script in the image, including the \
            distribution's own maintainer scripts, which may rely on the original shell. `SHELL` \
            changes the shell for the Dockerfile's RUN instructions only.
            """,
        fix: "Use `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` instead of `ln -sf /bin/bash /bin/sh`.",
        references: [.hadolint("DL4005")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN ln -sfv /bin/bash /bin/sh",
                "FROM debian:12\n↓RUN ln -sf /bin/bash \"/bin/sh\"",
                "FROM debian:12\n↓ONBUILD RUN ln -sf /bin/bash /bin/sh",
            ],
            passing: [
                "FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl",
                "FROM debian:12\nRUN ln -s foo bar && something_with /bin/sh",
                "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh/",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let script = Hadolint.strictHeredocScript(instruction, in: context),
              script.commands.contains(where: { $0.is("ln", withAnyOf: ["/bin/sh"]) }) else { return }
        report(Violation(instruction, "Use SHELL to change the default shell"))
    }
}

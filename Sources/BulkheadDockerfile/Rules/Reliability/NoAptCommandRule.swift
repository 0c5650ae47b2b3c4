import BulkheadCore

/// DL3027: `apt` in a RUN.
struct NoAptCommandRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF127", slug: "use-apt-get-not-apt", title: "RUN uses apt instead of apt-get",
        severity: .medium, category: .reliability,
        rationale: """
            `apt` is the interactive front end: its command-line interface is not stable, it prints \
            \"WARNING: apt does not have a stable CLI interface\" in scripts, and its output and \
            defaults may change between releases. `apt-get` and `apt-cache` are meant for scripts.
            """,
        fix: "Use `apt-get install -y --no-install-recommends …` (or `apt-cache` for queries).",
        references: [.hadolint("DL3027")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN apt install python",
                "FROM debian:12\n↓RUN apt-get update && apt upgrade -y",
                "FROM debian:12\n↓ONBUILD RUN apt install -y curl",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get install -y python",
                "FROM debian:12\nRUN apt-cache policy curl",
            ],
            hiddenPassing: [
                // Hadolint compares the command name exactly.
                "FROM debian:12\nRUN /usr/bin/apt install -y python",
                "FROM debian:12\nRUN echo apt install",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true),
              run.commands.contains(where: { $0.name == "apt" }) else { return }
        report(Violation(instruction,
                         "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead"))
    }
}

import BulkheadCore

/// DL3014: `apt-get install` without `-y`.
struct AptGetWithoutYesRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF114", slug: "apt-get-without-yes", title: "apt-get install without -y",
        severity: .medium, category: .reliability,
        rationale: """
            Without `-y`, `apt-get install` asks for confirmation whenever it pulls in extra \
            packages; a build has no terminal to answer, so it aborts.
            """,
        fix: "Add `-y` (or `--yes`, `--assume-yes`, `-qq`): `apt-get install -y curl=…`.",
        references: [.hadolint("DL3014")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN apt-get install python3",
                "FROM debian:12\n↓RUN apt-get update && apt-get -q install python3",
                "FROM debian:12\n↓ONBUILD RUN apt-get install python3",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get install -yq python3",
                "FROM debian:12\nRUN apt-get install --assume-yes python3",
                "FROM debian:12\nRUN apt-get -qq install python3",
                "FROM debian:12\nRUN apt-get -q -q install python3",
            ],
            hiddenTriggering: ["FROM debian:12\n↓RUN apt-get -qqq install python3"],
            hiddenPassing: [
                "FROM debian:12\nRUN apt-get -q=2 install python3",
                "FROM debian:12\nRUN apt-get --quiet --quiet install python3",
                "FROM debian:12\nRUN apt-get install --yes python3",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let missing = run.hadolintCommands.contains { command in
            guard command.is("apt-get", withAnyOf: ["install"]) else { return false }
            return !(command.hasAnyFlag(["y", "yes", "qq", "assume-yes"]) || command.countFlag("q") == 2
                || command.countFlag("quiet") == 2 || command.hasArgument("-q=2"))
        }
        guard missing else { return }
        report(Violation(instruction, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`"))
    }
}

import BulkheadCore

/// DL3015: `apt-get install` without `--no-install-recommends`.
struct AptGetInstallRecommendsRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF115", slug: "apt-get-install-recommends", title: "apt-get install pulls in recommended packages",
        severity: .low, category: .hygiene,
        rationale: """
            By default apt also installs "recommended" packages: often dozens of them, making the \
            image larger, slower to pull and richer in software that can have vulnerabilities.
            """,
        fix: "Add `--no-install-recommends`: `apt-get install -y --no-install-recommends curl=…`.",
        references: [.hadolint("DL3015")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN apt-get install python3",
                "FROM debian:12\n↓RUN apt-get -y install python3",
                "FROM debian:12\n↓RUN apt-get install -y -o APT::Install-Recommends=0 python3",
                "FROM debian:12\n↓ONBUILD RUN apt-get install -y python3",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get install -y --no-install-recommends python3",
                "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false python3",
                "FROM debian:12\nRUN apt-get install -y -o \"APT::Install-Recommends=false\" python3",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let missing = run.hadolintCommands.contains { command in
            command.is("apt-get", withAnyOf: ["install"])
                && !(command.hasFlag("no-install-recommends") || command.hasArgument("APT::Install-Recommends=false"))
        }
        guard missing else { return }
        report(Violation(instruction, "Avoid additional packages by specifying `--no-install-recommends`"))
    }
}

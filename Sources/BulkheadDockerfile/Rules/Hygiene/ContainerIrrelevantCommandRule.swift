import BulkheadCore

/// DL3001: commands that make no sense in an image build (`ssh`, `vim`, `service`, …).
struct ContainerIrrelevantCommandRule: DockerfileRule {
    static let commands: Set<String> = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"]

    static let metadata = RuleMetadata(
        id: "DF101", slug: "container-irrelevant-command", title: "Command makes no sense in a container build",
        severity: .low, category: .hygiene,
        rationale: """
            Interactive tools (`vim`, `top`, `ssh`) and service or process managers (`service`, \
            `shutdown`, `kill`, `ps`, `mount`) either hang the build, act on the throw-away build \
            container, or do nothing useful in an image layer.
            """,
        fix: """
            Drop the command. Start services from `CMD`/`ENTRYPOINT`, edit files with `sed` or \
            `COPY`, and install packages (`apt-get install openssh-client`) without running them.
            """,
        references: [.hadolint("DL3001")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN top",
                "FROM debian:12\n↓RUN apt-get update && service nginx start",
                "FROM debian:12\n↓ONBUILD RUN vim /etc/hosts",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get install -y ssh",
                "FROM debian:12\nRUN ifconfig",
                "FROM debian:12\nCMD [\"service\", \"nginx\", \"start\"]",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let used = run.commands.map(\.name).filter(Self.commands.contains)
        guard let first = used.first else { return }
        report(Violation(instruction, """
            For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig` (found: \(first))
            """))
    }
}

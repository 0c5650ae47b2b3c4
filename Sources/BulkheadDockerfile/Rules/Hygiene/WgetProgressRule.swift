import BulkheadCore

/// DL3047: `wget` without `--progress`, `-q` or `-nv`.
struct WgetProgressRule: DockerfileRule {
    static let message = "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`)."

    static let metadata = RuleMetadata(
        id: "DF147", slug: "wget-without-progress-option", title: "wget runs with its default progress bar",
        severity: .low, category: .hygiene,
        rationale: """
            Without a TTY, `wget`'s default progress output prints a line for every few kilobytes: \
            downloads of large files flood the build log and can slow or truncate CI logs.
            """,
        fix: "Use `wget --progress=dot:giga <url>`, or `-q`/`-nv` (`--quiet`/`--no-verbose`).",
        references: [.hadolint("DL3047")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN wget https://example.com/file.tar.gz",
                "FROM debian:12\n↓RUN busybox wget https://example.com/x",
                "FROM debian:12\n↓ONBUILD RUN wget https://example.com/x",
            ],
            passing: [
                "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/x",
                "FROM debian:12\nRUN wget -q https://example.com/x",
                "FROM debian:12\nRUN wget -nv https://example.com/x",
                "FROM debian:12\nRUN wget -qO- https://example.com/x | tar -x",
            ],
            hiddenPassing: [
                "FROM debian:12\nRUN wget --quiet https://example.com/x",
                "FROM debian:12\nRUN wget --no-verbose https://example.com/x",
                "FROM debian:12\nRUN wget --output-file=/tmp/log https://example.com/x",
                "FROM debian:12\nRUN wget -o /tmp/log https://example.com/x",
                "FROM debian:12\nRUN wget --append-output=/tmp/log https://example.com/x",
                "FROM debian:12\nRUN wget -a /tmp/log https://example.com/x",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let script = Hadolint.strictHeredocScript(instruction, in: context) else { return }
        let quiet: Set<String> = ["progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose"]
        if script.commands.contains(where: { $0.name == "wget" && !$0.hasAnyFlag(quiet) && !$0.hasArgument("-nv") }) {
            report(Violation(instruction, Self.message))
        }
    }
}

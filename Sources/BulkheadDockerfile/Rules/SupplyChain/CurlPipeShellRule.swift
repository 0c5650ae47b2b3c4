import BulkheadCore

/// `curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`, `bash <(curl …)`.
struct CurlPipeShellRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF304", slug: "curl-pipe-shell", title: "Remote script piped into a shell",
        severity: .high, category: .supplyChain,
        rationale: """
            Piping a download straight into an interpreter runs whatever the server (or anyone on \
            the path, or whoever compromised it) sends today, with no checksum and no record of what \
            ran. A truncated download can even run half a script.
            """,
        fix: """
            Download to a file, verify it against a pinned checksum or signature, then run it: \
            `curl -fsSLo install.sh https://… && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`. \
            Prefer a package from the distribution or a pinned release artifact.
            """,
        references: [.checkov("CKV2_DOCKER_1"), .trivy("DS019")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nRUN ↓curl -fsSL https://get.example.com | sh",
                "FROM debian:12\nRUN apt-get update && ↓wget -qO- https://x.example/install.sh | bash -s -- --yes",
                "FROM debian:12\nRUN sh -c \"$(↓curl -fsSL https://example.com/install.sh)\"",
                "FROM debian:12\nRUN bash <(↓curl -s https://example.com/i.sh)",
            ],
            passing: [
                "FROM debian:12\nRUN curl -fsSLo i.sh https://get.example.com && sha256sum -c i.sh.sha256 && sh i.sh",
                "FROM debian:12\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg",
                "FROM debian:12\nRUN curl -s https://example.com/data.json | jq .version",
            ]))

    static let interpreters: Set<String> = ["sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python3", "perl", "ruby", "node", "php"]
    static let downloaders: Set<String> = ["curl", "wget"]

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = context.script(for: instruction) else { return }
        let commands = run.commands
        for cmd in commands where Self.downloaders.contains(cmd.program) {
            // 1. A later command of the same pipeline is an interpreter reading stdin.
            let piped = commands.contains { other in
                other.pipelineID == cmd.pipelineID && other.pipelinePosition > cmd.pipelinePosition
                    && Self.interpreters.contains(other.program) && !other.hasFlag("c")
                    && (other.argumentsWithoutFlags.isEmpty || other.hasArgument("-") || other.hasFlag("s"))
            }
            // 2. The download is substituted into `sh -c "$(curl …)"` or `bash <(curl …)`.
            let source = Array(run.script.source.utf8)
            let substituted = cmd.isSubstitution && commands.contains { outer in
                guard !outer.isSubstitution, Self.interpreters.contains(outer.program), outer.offset < cmd.offset else {
                    return false
                }
                if outer.words.contains(where: { $0.offset <= cmd.offset && cmd.offset < $0.offset + $0.raw.utf8.count }) {
                    return true
                }
                guard let last = outer.words.last else { return false }
                let end = last.offset + last.raw.utf8.count
                guard end <= cmd.offset, cmd.offset <= source.count else { return false }
                let between = String(decoding: source[end..<cmd.offset], as: UTF8.self)
                    .filter { $0 != " " && $0 != "\t" }
                return between == "<("
            }
            if piped || substituted {
                report(Violation(instruction, run, scriptOffset: cmd.offset,
                                 "\(cmd.program) output is executed by a shell without verification"))
                return
            }
        }
    }
}

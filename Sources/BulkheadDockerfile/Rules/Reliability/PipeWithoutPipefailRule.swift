import BulkheadCore

/// DL4006: a RUN with a pipe while the shell does not have `-o pipefail`.
struct PipeWithoutPipefailRule: DockerfileRule {
    static let message = "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check"

    static let metadata = RuleMetadata(
        id: "DF206", slug: "pipe-without-pipefail", title: "RUN uses a pipe without pipefail",
        severity: .medium, category: .reliability,
        rationale: """
            A pipeline's exit status is its last command's: in `RUN curl -fsSL URL | tar -xz`, a \
            failed download still lets the build continue with an empty or partial result. \
            `set -o pipefail` (via `SHELL`) makes the pipeline fail when any part fails.
            """,
        fix: "Set the shell first: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `/bin/ash` on Alpine).",
        references: [.hadolint("DL4006")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN wget -O - https://some.site | wc -l > /number",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM debian:12\n↓RUN a | b",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/sh\", \"-c\"]\n↓RUN a | b",
            ],
            passing: [
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://some.site | wc -l > /number",
                "FROM alpine:3\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM debian:12\nRUN a && b || c",
            ],
            hiddenTriggering: [
                "FROM debian:12\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\n↓RUN a | b",
                // Hadolint 2.15.1 only knows the exact names bash, zsh, ash and /bin/….
                "FROM debian:12\nSHELL [\"/usr/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n↓RUN a | b",
                "FROM debian:12\n↓RUN echo $(a | b)",
            ],
            hiddenPassing: [
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-e\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"errexit\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM debian:12\nSHELL [\"/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-ChildItem | Select-Object Name",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"cmd.exe\", \"/c\"]\nRUN dir | more",
            ]))

    struct State: Sendable { var safe = false }

    func makeState() -> State { State() }

    static let pipefailShells: Set<String> = ["/bin/bash", "/bin/zsh", "/bin/ash", "bash", "zsh", "ash"]

    /// Whether a SHELL instruction makes pipes safe: a non-POSIX shell, or bash/zsh/ash with
    /// `-o pipefail`.
    static func isSafe(_ instruction: Instruction) -> Bool {
        guard case .command(let form) = instruction.arguments else { return false }
        let text: String
        switch form {
        case .exec(let argv): text = argv.joined(separator: " ")
        case .shell(let s, _): text = s
        }
        if text.hasPrefix("pwsh") || text.hasPrefix("powershell") || text.hasPrefix("cmd") { return true }
        return ShellScript.parse(text).commands.contains {
            pipefailShells.contains($0.name) && $0.hasFlag("o") && $0.hasArgument("pipefail")
        }
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        switch instruction.name {
        case .from:
            state.safe = false
        case .shell:
            state.safe = Self.isSafe(instruction)
        case .run:
            guard !state.safe, let script = HadolintC.script(instruction, in: context), script.hasPipeline else { return }
            report(Violation(instruction, Self.message))
        default:
            return
        }
    }
}

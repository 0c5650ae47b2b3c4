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
                "FROM debian:12\n↓RUN { echo a; echo b; } | tee /f",
                "FROM debian:12\n↓RUN for f in a b; do echo $f; done | sort",
            ],
            hiddenPassing: [
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-e\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"errexit\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM debian:12\nSHELL [\"/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b",
                "FROM debian:12\nRUN case $x in a|b) echo ;; esac",
                "FROM debian:12\nRUN echo '{ x; } | y' && [ -f x ] || true",
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

    /// Whether a compound command is piped: `{ …; } | tee f`, `( … ) | x`, `done | x`,
    /// `fi | x`, `esac | x` (the command list does not show these as pipelines).
    static func hasCompoundPipe(_ source: String) -> Bool {
        let b = Array(source.utf8)
        var i = 0
        var quote: UInt8 = 0
        var word: [UInt8] = []
        var lastToken: [UInt8] = []
        func endWord() {
            if !word.isEmpty { lastToken = word }
            word = []
        }
        while i < b.count {
            let c = b[i]
            if quote == 0x27 {
                if c == 0x27 { quote = 0 }
                i += 1
                continue
            }
            if quote == 0x22 {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { quote = 0 }
                i += 1
                continue
            }
            switch c {
            case 0x5C:
                word.append(c)
                if i + 1 < b.count { word.append(b[i + 1]) }
                i += 2
                continue
            case 0x27, 0x22:
                quote = c
                word.append(c)
            case 0x23 where word.isEmpty:
                while i < b.count, b[i] != 0x0A { i += 1 }
                continue
            case 0x20, 0x09, 0x0A, 0x0D:
                endWord()
            case 0x7C:
                endWord()
                let next = i + 1 < b.count ? b[i + 1] : 0
                let previous = i > 0 ? b[i - 1] : 0
                if next != 0x7C, previous != 0x7C,
                   ["}", ")", "done", "fi", "esac"].contains(String(decoding: lastToken, as: UTF8.self)) {
                    return true
                }
                lastToken = [c]
            case 0x7D, 0x29, 0x3B, 0x26, 0x28, 0x3C, 0x3E:
                endWord()
                lastToken = [c]
            default:
                word.append(c)
            }
            i += 1
        }
        return false
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        switch instruction.name {
        case .from:
            state.safe = false
        case .shell:
            state.safe = Self.isSafe(instruction)
        case .run:
            guard !state.safe, let script = Hadolint.strictHeredocScript(instruction, in: context),
                  script.hasPipeline || Self.hasCompoundPipe(script.source) else { return }
            report(Violation(instruction, Self.message))
        default:
            return
        }
    }
}

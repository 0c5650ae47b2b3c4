import BulkheadCore

/// DL3042: `pip install` without `--no-cache-dir`.
struct PipNoCacheDirRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF142", slug: "pip-no-cache-dir", title: "pip install keeps its download cache",
        severity: .medium, category: .hygiene,
        rationale: """
            pip caches every downloaded wheel and sdist under `~/.cache/pip`. In an image nothing \
            ever reuses that cache, but it stays in the layer and can add hundreds of megabytes.
            """,
        fix: """
            Use `pip install --no-cache-dir …`, set `ENV PIP_NO_CACHE_DIR=1` in the stage, or mount \
            the cache: `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.
            """,
        references: [.hadolint("DL3042")],
        examples: RuleExamples(
            triggering: [
                "FROM python:3.12\n↓RUN pip install MySQL_python",
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\n↓RUN pip3 install six",
                "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12-slim\n↓RUN python -m pip install six",
                "FROM python:3.12\n↓ONBUILD RUN pip install six",
            ],
            passing: [
                "FROM python:3.12\nRUN pip install --no-cache-dir MySQL_python",
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install six",
                "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install six",
                "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=yes\nFROM base\nRUN pip install six",
                "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install six",
                "FROM python:3.12\nRUN pipx install software && pipenv install library",
            ],
            hiddenTriggering: [
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=0 PIP_NO_CACHE_DIR=1\n↓RUN pip install six",
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR \"1\"\n↓RUN pip install six",
            ],
            hiddenPassing: [
                "FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=true && pip install six",
                "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nENV PIP_NO_CACHE_DIR=0\nRUN pip install six",
                "FROM python:3.12\nONBUILD ENV PIP_NO_CACHE_DIR=1\nONBUILD RUN pip install six",
            ]))

    struct State: Sendable {
        var main = HadolintStageFlag()
        var onbuild = HadolintStageFlag()
    }

    func makeState() -> State { State() }

    static let truthy = ["1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"]

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        let isTrigger = instruction.name == .onbuild
        let target = instruction.effective
        var flag = isTrigger ? state.onbuild : state.main
        defer { if isTrigger { state.onbuild = flag } else { state.main = flag } }
        switch target.arguments {
        case .from(let from):
            flag.enter(from)
            return
        case .pairs(let pairs) where target.name == .env:
            // Hadolint keeps the quotes of the legacy `ENV KEY "value"` form.
            if let pair = pairs.first(where: { $0.key == "PIP_NO_CACHE_DIR" }),
               Self.truthy.contains(pair.separator.isEmpty ? pair.rawValue : pair.value) {
                flag.set()
            }
            return
        default:
            break
        }
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true), !flag.isSet else { return }
        if Self.setInline(run.script.source) { return }
        if RunMount.hasCacheOrTmpfs(RunMount.all(of: instruction, reading: .asWritten), targetContainingAnyOf: [".cache/pip"]) { return }
        let bad = run.commands.first { Self.isPipInstall($0) && !$0.hasArgument("--no-cache-dir") && !Self.isWrapper($0) }
        guard bad != nil else { return }
        report(Violation(instruction,
                         "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`"))
    }

    /// `PIP_NO_CACHE_DIR=1 pip …` or `export PIP_NO_CACHE_DIR=1 && …` in the RUN text (prefix test, as Hadolint).
    static func setInline(_ text: String) -> Bool {
        guard let r = text.firstRange(of: "PIP_NO_CACHE_DIR=") else { return false }
        let after = text[r.upperBound...]
        return truthy.contains { after.hasPrefix($0) }
    }

    /// Hadolint's `isPipInstall`.
    static func isPipInstall(_ cmd: ShellCommand) -> Bool {
        let name = cmd.name
        let args = cmd.argumentValues
        if name.hasPrefix("pip") && !name.hasPrefix("pipenv") && args.contains("install") { return true }
        if name.hasPrefix("python") {
            return args.indices.contains { i in
                i + 2 < args.count && args[i] == "-m" && args[i + 1] == "pip" && args[i + 2] == "install"
            }
        }
        return false
    }

    /// pipx and pipenv manage their own caches.
    static func isWrapper(_ cmd: ShellCommand) -> Bool {
        let name = cmd.name
        if name.contains("pipx") || name.contains("pipenv") { return true }
        let args = cmd.argumentValues
        return name.hasPrefix("python") && args.indices.contains { i in
            i + 1 < args.count && args[i] == "-m" && (args[i + 1] == "pipx" || args[i + 1] == "pipenv")
        }
    }
}

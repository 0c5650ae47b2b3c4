import BulkheadCore

/// DL3009: `apt-get update` without deleting `/var/lib/apt/lists` afterwards.
///
/// As in Hadolint, only RUNs whose image matters are reported: those in the last stage (a stage
/// whose FROM is identical to the last FROM counts as it) and those in stages that a later or
/// earlier FROM builds on by name. `ONBUILD RUN`s are always reported.
struct AptListsNotDeletedRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF109", slug: "apt-lists-not-deleted", title: "apt lists not deleted after apt-get update",
        severity: .low, category: .hygiene,
        rationale: """
            `apt-get update` downloads package indexes (tens of MB) into `/var/lib/apt/lists`. Left \
            in the layer they bloat the image and go stale: later installs from them use outdated \
            metadata instead of failing loudly.
            """,
        fix: """
            Clean up in the same RUN: `apt-get update && apt-get install -y … && rm -rf /var/lib/apt/lists/*`, \
            or mount the lists as a cache: `RUN --mount=type=cache,target=/var/lib/apt/lists …`.
            """,
        references: [.hadolint("DL3009")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN apt-get update && apt-get install -y python3",
                "FROM debian:12\n↓RUN apt update && apt install -y python3",
                "FROM debian:12 AS base\n↓RUN apt-get update && apt-get install -y python3\nFROM base\nRUN make",
                "FROM debian:12\n↓RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y python3",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*",
                "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y python3",
                "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out",
                "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=tmpfs,target=/var/cache/apt apt-get update",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓RUN apt-get update && rm -fr /var/lib/apt/lists",
                "FROM debian:12 AS build\n↓ONBUILD RUN apt-get update\nFROM scratch\nRUN echo",
                "FROM debian:12\n↓RUN aptitude update && aptitude install python3",
            ],
            hiddenPassing: [
                // Any `rm -rf` counts as clean-up for Hadolint.
                "FROM debian:12\nRUN apt-get update && apt-get install -y python3 && rm -rf /tmp/x",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let file = context.file
        func base(of stage: Int?) -> HadolintBaseImage {
            guard let stage, case .from(let from) = file.instructions[file.stages[stage].fromIndex].arguments else {
                return HadolintBaseImage.placeholder
            }
            return HadolintBaseImage(from)
        }
        let lastFrom = base(of: file.stages.indices.last)
        var imageNames: Set<String> = []
        for ins in file.instructions {
            if ins.name == .from, case .from(let from) = ins.arguments { imageNames.insert(HadolintImageName(from).name) }
        }
        for ins in file.instructions {
            guard let run = Hadolint.runScript(ins, in: context, includingOnbuild: true), Self.forgetsCleanup(ins, run) else { continue }
            if ins.name == .run {
                let stage = base(of: ins.stageIndex)
                guard stage == lastFrom || stage.alias.map(imageNames.contains) == true else { continue }
            }
            report(Violation(ins, "Delete the apt lists (/var/lib/apt/lists) after installing something"))
        }
    }

    static func forgetsCleanup(_ instruction: Instruction, _ run: RunScript) -> Bool {
        let commands = run.hadolintCommands
        guard commands.contains(where: { $0.isAny(["apt", "apt-get", "aptitude"], withAnyOf: ["update"]) }),
              !commands.contains(where: { $0.is("rm", withAnyOf: ["-rf", "/var/lib/apt/lists/*"]) }) else { return false }
        let targets = RunMount.cacheAndTmpfsTargets(RunMount.all(of: instruction, reading: .unquotedListAndValues))
        if targets.contains(where: { $0.contains("/var/lib/apt/lists") }) { return false }
        if targets.contains(where: { $0.contains("/var/lib/apt") }) && targets.contains(where: { $0.contains("/var/cache/apt") }) {
            return false
        }
        return true
    }
}

import BulkheadCore

/// DL3060: `yarn install` without `yarn cache clean` in a stage that ends up in an image.
struct YarnCacheNotCleanedRule: DockerfileRule {
    static let message = "`yarn cache clean` missing after `yarn install` was run."

    static let metadata = RuleMetadata(
        id: "DF160", slug: "yarn-cache-not-cleaned", title: "yarn install without yarn cache clean",
        severity: .low, category: .hygiene,
        rationale: """
            `yarn install` fills yarn's global cache with a copy of every package tarball. Unless \
            the same RUN cleans it (or mounts it as a cache), the layer ships that copy, often \
            hundreds of megabytes. Stages that are neither the last one nor built upon are exempt.
            """,
        fix: "Clean in the same RUN: `RUN yarn install --frozen-lockfile && yarn cache clean`, or use `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`.",
        references: [.hadolint("DL3060")],
        examples: RuleExamples(
            triggering: [
                "FROM node:20\n↓RUN yarn install",
                "FROM node:20\n↓RUN yarn cache clean && yarn install",
                "FROM node:20 AS deps\n↓RUN yarn install\nFROM deps\nRUN node build.js",
                "FROM node:20\n↓RUN --mount=type=cache,target=/tmp/cache yarn install",
            ],
            passing: [
                "FROM node:20\nRUN yarn install && yarn cache clean",
                "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install",
                "FROM node:20 AS deps\nRUN yarn install\nFROM node:20-slim\nCOPY --from=deps /app /app",
            ],
            hiddenTriggering: [
                "FROM node:20\n↓ONBUILD RUN yarn install",
            ]))

    struct Stream: Sendable {
        var current: HadolintBaseImage?
        /// Image names of every FROM.
        var fromImages: Set<String> = []
        /// Remembered RUNs: instruction index → its stage.
        var pending: [(index: Int, stage: HadolintBaseImage)] = []
    }

    struct State: Sendable {
        var main = Stream()
        /// Hadolint runs the rule a second time over the ONBUILD-wrapped instructions alone.
        var onbuild = Stream()
    }

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        if case .from(let from) = instruction.arguments {
            state.main.current = HadolintBaseImage(from)
            state.main.fromImages.insert(HadolintImageName(from, digestFirst: true).name)
            return
        }
        guard let script = Hadolint.strictHeredocScript(instruction, in: context) else { return }
        let commands = script.commands
        let install = commands.firstIndex { $0.is("yarn", withAnyOf: ["install"]) }
        let clean = commands.firstIndex { $0.is("yarn", withAnyOf: ["cache", "clean"]) }
        guard let installIndex = install else { return }
        let forgot: Bool
        if let cleanIndex = clean {
            forgot = cleanIndex < installIndex
        } else {
            let mounts = RunMount.all(of: instruction, reading: .unquotedValues)
            forgot = !RunMount.hasCacheOrTmpfs(mounts, targetContainingAnyOf: [".cache/yarn"])
        }
        guard forgot else { return }
        if instruction.name == .onbuild {
            state.onbuild.pending.append((instruction.index, state.onbuild.current ?? .placeholder))
            if state.onbuild.current == nil { state.onbuild.current = .placeholder }
        } else {
            state.main.pending.append((instruction.index, state.main.current ?? .placeholder))
            if state.main.current == nil { state.main.current = .placeholder }
        }
    }

    func finish(state: State, in context: DockerfileContext, report: (Violation) -> Void) {
        for stream in [state.main, state.onbuild] {
            for entry in stream.pending {
                let reused = entry.stage.alias.map { stream.fromImages.contains($0) } ?? false
                if entry.stage == stream.current || reused {
                    report(Violation(context.file.instructions[entry.index], Self.message))
                }
            }
        }
    }
}

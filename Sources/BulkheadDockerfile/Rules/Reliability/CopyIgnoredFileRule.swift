import BulkheadCore

/// BuildKit CopyIgnoredFile: a COPY or ADD source from the build context that `.dockerignore`
/// excludes, so it is not there when the build runs.
struct CopyIgnoredFileRule: DockerfileRule {
    /// The rule needs a `.dockerignore` (the CLI reads it next to each Dockerfile); examples run
    /// with this one.
    static let exampleOptions = DockerfileLintOptions(dockerignore: try? DockerignoreMatcher("""
        # local state and build output
        */tmp/*
        node_modules
        *.log
        .env
        secrets/

        """))

    static let metadata = RuleMetadata(
        id: "DF402", slug: "copy-ignored-file", title: "COPY or ADD source is excluded by .dockerignore",
        severity: .low, category: .reliability,
        rationale: """
            Files matching `.dockerignore` are never sent to the builder, so a COPY or ADD of one \
            fails with "not found" — or, for a directory, silently copies less than intended. As \
            BuildKit does, each source from the build context (not `--from`, URLs or heredocs) is \
            checked after variable expansion against `Dockerfile.dockerignore` next to the \
            Dockerfile, else `.dockerignore` in the context (the Dockerfile's directory, or \
            `--context`), and nothing is checked when the file has `!` exceptions, because a file \
            re-included under an excluded directory cannot be told apart statically. Runs only when \
            such a file exists.
            """,
        fix: "Remove the matching pattern from `.dockerignore` (or add a `!` exception), or stop copying the file: `COPY package.json package-lock.json ./` instead of `COPY node_modules ./node_modules`.",
        references: [.buildkit("CopyIgnoredFile")],
        examples: RuleExamples(
            triggering: [
                "FROM node:20\nCOPY package.json ./\n↓COPY node_modules ./node_modules",
                "FROM alpine:3.20\n↓ADD .env /app/.env",
                "FROM scratch\n↓COPY ./app/tmp/helloworld.txt /helloworld.txt",
                "FROM alpine:3.20\n↓COPY secrets/api.key /run/",
                "FROM alpine:3.20\n↓COPY debug.log /var/log/",
            ],
            passing: [
                "FROM scratch\nCOPY ./forever/helloworld.txt /helloworld.txt",
                "FROM node:20 AS build\nRUN npm ci\nFROM node:20\nCOPY --from=build /app/node_modules ./node_modules",
                "FROM alpine:3.20\nADD https://example.com/debug.log /tmp/",
                "FROM alpine:3.20\nCOPY . .",
                // `*.log` is anchored at the context root: `*` does not cross `/`.
                "FROM alpine:3.20\nCOPY logs/app.log /var/log/",
            ],
            hiddenTriggering: [
                "FROM alpine:3.20\nARG DIR=secrets\n↓COPY $DIR/key /run/",
                "FROM alpine:3.20\n↓↓COPY .env debug.log /app/",
                "FROM alpine:3.20\n↓COPY [\".env\", \"/app/\"]",
                // A parent directory is excluded.
                "FROM alpine:3.20\n↓COPY node_modules/.bin/tsc /usr/local/bin/",
                "FROM alpine:3.20\n↓COPY --chown=1000 ./node_modules/ /app/node_modules/",
                "FROM alpine:3.20\nWORKDIR /app\n↓ADD --chmod=600 .env \\\n    /app/",
            ],
            hiddenPassing: [
                // The BuildKit doc's "bad" example: `*/tmp/*` needs a directory before `tmp`, so
                // `tmp/helloworld.txt` is not excluded and BuildKit does not warn.
                "FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt",
                "FROM alpine:3.20\nCOPY --from=node:20 /usr/local/lib/node_modules /usr/local/lib/node_modules",
                "FROM alpine:3.20\nCOPY <<EOF .env\nA=1\nEOF",
                "FROM alpine:3.20\nONBUILD COPY node_modules /app/",
                "FROM alpine:3.20\nCOPY src/debug.log.txt /app/",
                "FROM alpine:3.20\nCOPY $UNSET_IN_BASE /app/",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        guard let matcher = context.options.dockerignore, !matcher.patterns.isEmpty, !matcher.hasExceptions else { return }
        let escape = context.file.escape
        BuildKitCheck.walkScopes(context.file, visit: { ins, scope in
            guard ins.name == .copy || ins.name == .add, case .files(let files) = ins.arguments else { return }
            // Sources of another stage or image are not in the build context.
            if ins.name == .copy, let from = ins.flag("from"), !(from.value ?? "").isEmpty { return }
            let verb = ins.name == .add ? "Add" : "Copy"
            for source in files.sources {
                if !ins.heredocs.isEmpty && source.raw.hasPrefix("<<") { continue }
                let word = BuildKitCheck.process(source.raw, escape: escape) { scope.lookup($0) }
                guard !word.isUncertain, !Self.isRemote(word.value) else { continue }
                let path = DockerignoreMatcher.clean(word.value)
                // `.` and `/` are the context root: only a pattern excluding every entry counts.
                if path == "." || path == "/", !matcher.excludesContextRoot { continue }
                guard matcher.isExcluded(path) else { continue }
                report(Violation(ins, "Attempting to \(verb) file \(BuildKitCheck.goQuote(path)) that is excluded by .dockerignore"))
            }
        })
    }

    /// URLs and git sources (ADD), which BuildKit fetches instead of reading the context.
    static func isRemote(_ source: String) -> Bool {
        source.contains("://") || source.hasPrefix("git@")
    }
}

import BulkheadCore

/// DL3019: `apk add` without `--no-cache`.
struct ApkAddWithoutNoCacheRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF119", slug: "apk-add-without-no-cache", title: "apk add without --no-cache",
        severity: .low, category: .hygiene,
        rationale: """
            Without `--no-cache`, apk keeps the package index in `/var/cache/apk` inside the layer: \
            wasted space, and stale metadata for any later install.
            """,
        fix: "Use `apk add --no-cache …`, or mount the cache: `RUN --mount=type=cache,target=/var/cache/apk apk add …`.",
        references: [.hadolint("DL3019")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\n↓RUN apk add flex=2.6.4-r1",
                "FROM alpine:3.20\n↓RUN apk update && apk add -U curl=8.9.1-r1",
                "FROM alpine:3.20\n↓RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=8.9.1-r1",
                "FROM alpine:3.20\n↓ONBUILD RUN apk add flex=2.6.4-r1",
            ],
            passing: [
                "FROM alpine:3.20\nRUN apk add --no-cache flex=2.6.4-r1",
                "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add flex=2.6.4-r1",
                "FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add flex=2.6.4-r1",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let missing = run.hadolintCommands.contains { $0.is("apk", withAnyOf: ["add"]) && !$0.hasFlag("no-cache") }
        let mounts = RunMount.all(of: instruction, reading: .unquotedListAndValues)
        guard missing, !RunMount.hasCacheOrTmpfs(mounts, targetContainingAnyOf: ["/var/cache/apk"]) else { return }
        report(Violation(instruction, """
            Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages
            """))
    }
}

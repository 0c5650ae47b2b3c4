import BulkheadCore

/// DL3023: `COPY --from` names the stage it is in.
struct CopyFromOwnStageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF123", slug: "copy-from-own-stage", title: "COPY --from references its own stage",
        severity: .high, category: .reliability,
        rationale: """
            A stage cannot copy from itself: its filesystem is the one being built. BuildKit either \
            fails the build with a dependency cycle or, when an image of the same name exists, \
            silently copies from that image instead.
            """,
        fix: "Copy from an earlier stage (`COPY --from=build …`) or use the file already in this stage.",
        references: [.hadolint("DL3023")],
        examples: RuleExamples(
            triggering: [
                "FROM node:20 AS foo\n↓COPY --from=foo bar .",
                "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20 AS final\n↓COPY --from=final /app /app",
            ],
            passing: [
                "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app",
                "FROM node:20\nCOPY --from=foo bar .",
                "FROM node:20 AS foo\nCOPY bar .",
            ],
            hiddenPassing: [
                // Hadolint compares the alias exactly as written.
                "FROM node:20 AS foo\nCOPY --from=FOO bar .",
                "FROM node:20 AS foo\nCOPY --from=\"foo\" bar .",
                "FROM node:20 AS foo\nONBUILD COPY --from=foo bar .",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .copy, let from = Hadolint.rawFlagValue("from", of: instruction),
              let stage = context.stage(of: instruction), let alias = stage.writtenName, alias == from
        else { return }
        report(Violation(instruction, "`COPY --from` cannot reference its own `FROM` alias (stage '\(alias)')"))
    }
}

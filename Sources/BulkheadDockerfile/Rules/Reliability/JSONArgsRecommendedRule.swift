import BulkheadCore

/// BuildKit JSONArgsRecommended: shell-form CMD/ENTRYPOINT run under `/bin/sh -c`, which does
/// not forward signals, unless the stage chose its shell with SHELL.
struct JSONArgsRecommendedRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF410", slug: "json-args-recommended",
        title: "JSON arguments recommended for ENTRYPOINT/CMD",
        severity: .low, category: .reliability,
        rationale: """
            In shell form the container's PID 1 is `/bin/sh -c …`, which does not pass `SIGTERM` to \
            the program: `docker stop` waits for the timeout and kills it, without a clean shutdown. \
            As in BuildKit, a `SHELL` instruction in the stage (or a stage it is built from) exempts \
            the stage, since the shell is then a deliberate choice. Rated `low`: it degrades shutdown, \
            the image still works.
            Off by default: Hadolint's DL3025 (on by default) reports the same mistake; enable this rule for BuildKit's exact semantics.
            """,
        fix: "Use the exec form: `CMD [\"my-program\", \"start\"]`; wrap shell logic in a script started with exec form, or set `SHELL` explicitly.",
        references: [.buildkit("JSONArgsRecommended")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine\n↓ENTRYPOINT my-program start",
                "FROM alpine\n↓CMD my-program start",
            ],
            passing: [
                "FROM alpine\nENTRYPOINT [\"my-program\", \"start\"]",
                "FROM alpine\nRUN apk add bash\nSHELL [\"/bin/bash\", \"-c\"]\nENTRYPOINT echo \"hello world\"",
            ],
            hiddenTriggering: [
                "FROM scratch\n↓cmd mycommand",
                // SHELL in another, unrelated stage does not count.
                "FROM scratch AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM scratch\n↓CMD mycommand",
                // Not valid JSON (single quotes): shell form.
                "FROM alpine\n↓CMD ['my-program', 'start']",
            ],
            hiddenPassing: [
                "FROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand",
                "FROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nCMD mycommand",
                "FROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nENTRYPOINT mycommand",
                "FROM alpine\nHEALTHCHECK CMD curl -f http://localhost/\nRUN echo hi",
                "FROM alpine\nONBUILD CMD echo hi",
            ]),
        enabledByDefault: false)

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        BuildKitCheck.walkScopes(context.file, visit: { ins, scope in
            guard ins.name == .cmd || ins.name == .entrypoint, case .command(.shell) = ins.arguments,
                  !scope.shellSet else { return }
            report(Violation(ins, "JSON arguments recommended for \(ins.keyword) to prevent unintended behavior related to OS signals"))
        })
    }
}

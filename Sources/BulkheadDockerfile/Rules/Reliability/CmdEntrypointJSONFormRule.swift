import BulkheadCore

/// DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form.
struct CmdEntrypointJSONFormRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF125", slug: "exec-form-cmd-entrypoint", title: "CMD or ENTRYPOINT uses the shell form",
        severity: .medium, category: .reliability,
        rationale: """
            The shell form runs the command as `/bin/sh -c "…"`: the shell becomes PID 1, so the \
            process never receives `SIGTERM` on `docker stop` and is killed after the timeout; it \
            also needs a shell in the image.
            """,
        fix: "Write the JSON (exec) form: `CMD [\"nginx\", \"-g\", \"daemon off;\"]`.",
        references: [.hadolint("DL3025")],
        examples: RuleExamples(
            triggering: [
                "FROM nginx:1.27\n↓CMD nginx -g 'daemon off;'",
                "FROM alpine:3.20\n↓ENTRYPOINT something",
                "FROM alpine:3.20\n↓HEALTHCHECK --interval=5s CMD curl -f http://localhost/",
            ],
            passing: [
                "FROM alpine:3.20\nCMD [\"foo\", \"bar\"]",
                "FROM alpine:3.20\nENTRYPOINT [ \"foo\", \"bar\" ]",
                "FROM alpine:3.20\nHEALTHCHECK CMD [ \"foobar\" ]",
                "FROM alpine:3.20\nHEALTHCHECK NONE",
            ],
            hiddenPassing: [
                "FROM alpine:3.20\nCMD [\"foo\", \\\n  \"bar\"]",
                "FROM alpine:3.20\nONBUILD CMD foo bar",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let text: String
        switch (instruction.name, instruction.arguments) {
        case (.cmd, .command(.shell(let s, _))), (.entrypoint, .command(.shell(let s, _))):
            text = s
        case (.healthcheck, .healthcheck(.command(.shell(let s, _)))):
            text = s
        default:
            return
        }
        guard !text.isEmpty else { return }
        report(Violation(instruction, "Use arguments JSON notation for CMD and ENTRYPOINT arguments"))
    }
}

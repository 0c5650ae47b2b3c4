import BulkheadCore

/// DL3002: a stage whose last `USER` is root.
struct LastUserRootRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF102", slug: "last-user-root", title: "Last USER is root",
        severity: .medium, category: .privilege,
        rationale: """
            The last `USER` of a stage is the user its container runs as. Switching back to root \
            at the end means every process in the container, and anyone who breaks into it, has \
            root privileges inside it — and more if the runtime is misconfigured.
            """,
        fix: "Do the root work earlier, then end the stage with an unprivileged user: `USER 10001` or `USER app`.",
        references: [.hadolint("DL3002")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓USER root",
                "FROM debian:12\n↓USER 0:0",
                "FROM debian:12 AS base\n↓USER root\nRUN make\nFROM scratch\nUSER app",
            ],
            passing: [
                "FROM debian:12\nUSER root\nRUN make\nUSER app",
                "FROM debian:12\nUSER 10001",
                "USER root\nFROM debian:12",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓USER root:root",
                "FROM debian:12\nUSER root:0\nRUN make\n↓USER 0\nFROM debian:12\nUSER bob",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let file = context.file
        for stage in file.stages {
            guard let user = file.instructions[stage.instructionRange].last(where: { $0.name == .user }),
                  case .string(let word) = user.arguments else { continue }
            if Self.isRoot(word.raw, trailingSpace: Self.hasTrailingSpace(user, in: file)) {
                report(Violation(user, "Last USER should not be root (USER \(word.raw))"))
            }
        }
    }

    /// Hadolint compares the raw USER text, trailing spaces included (`USER root ` is not root).
    static func isRoot(_ user: String, trailingSpace: Bool) -> Bool {
        if user.hasPrefix("root:") || user.hasPrefix("0:") { return true }
        return !trailingSpace && (user == "root" || user == "0")
    }

    static func hasTrailingSpace(_ instruction: Instruction, in file: Dockerfile) -> Bool {
        let line = instruction.range.end.line
        guard line >= 1, line <= file.lines.count else { return false }
        var text = Substring(file.lines[line - 1])
        if text.last == "\r" { text = text.dropLast() }
        return text.last == " " || text.last == "\t"
    }
}

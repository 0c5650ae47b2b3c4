import BulkheadCore

/// DL3066: `USER name` instead of a numeric UID.
struct NonNumericUserRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF166", slug: "non-numeric-user", title: "USER names a user instead of a numeric UID",
        severity: .low, category: .reliability,
        rationale: """
            A user name is resolved through the image's `/etc/passwd`. Platforms that enforce \
            non-root execution (Kubernetes `runAsNonRoot`, OpenShift) cannot verify a name and \
            refuse to start the container, and the host sees only the UID anyway.
            """,
        fix: "Use the numeric UID (and GID): `USER 10001:10001`, or an ARG holding it (`USER ${APP_UID}`).",
        references: [.hadolint("DL3066")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓USER foobar",
                "FROM debian:12\n↓USER foobar:barfoo",
                "FROM debian:12\n↓USER root",
            ],
            passing: [
                "FROM debian:12\nUSER 12345",
                "FROM debian:12\nUSER 1234:5678",
                "ARG APP_UID=10001\nFROM debian:12\nUSER ${APP_UID}",
                "FROM debian:12\nUSER :1000",
            ],
            hiddenTriggering: [
                // Hadolint keeps trailing spaces in USER: `1000 ` is not numeric.
                "FROM debian:12\n↓USER 1000 ",
                "FROM debian:12\n↓USER $APP_UID",
            ],
            hiddenPassing: [
                "FROM debian:12\nARG U\nUSER $USER",
            ]))

    struct State: Sendable {
        var args: Set<String> = []
    }

    func makeState() -> State { State() }

    /// USER's argument text as Hadolint sees it: to the end of the line, trailing spaces kept.
    static func userText(_ instruction: Instruction) -> String {
        let bytes = Array(instruction.text.utf8)
        guard instruction.argumentsOffset <= bytes.count else { return "" }
        var text = String(decoding: bytes[instruction.argumentsOffset...], as: UTF8.self)
        while text.hasSuffix("\r") || text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        switch instruction.arguments {
        case .args(let decls) where instruction.name == .arg:
            // Hadolint reads only the first name of `ARG A B`.
            if let first = decls.first { state.args.insert(first.name) }
        case .string where instruction.name == .user:
            let user = Self.userText(instruction)
            let uid = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if uid.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) { return }
            if state.args.contains(where: { user.contains("${\($0)}") || user.contains("$\($0)") }) { return }
            report(Violation(instruction, "Non-numeric user-id may not be resolvable by host system ('\(uid)')"))
        default:
            return
        }
    }
}

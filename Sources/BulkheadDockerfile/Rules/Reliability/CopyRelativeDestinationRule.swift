import BulkheadCore

/// DL3045: `COPY` to a relative path while the stage has no WORKDIR.
struct CopyRelativeDestinationRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF145", slug: "copy-relative-without-workdir", title: "COPY to a relative destination without WORKDIR",
        severity: .medium, category: .reliability,
        rationale: """
            A relative COPY destination is resolved against the working directory, which comes \
            from the base image when the stage never sets `WORKDIR`: the files land wherever the \
            base image happens to point, and move when it changes.
            """,
        fix: "Set `WORKDIR /app` before the COPY, or copy to an absolute path (`COPY app.py /app/`).",
        references: [.hadolint("DL3045")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓COPY bla.sh blubb.sh",
                "FROM debian:12\n↓COPY bla.sh \"blubb.sh\"",
                "FROM debian:12\n↓COPY a b",
                "FROM debian:buster AS stage1\nWORKDIR /usr\nFROM debian:buster\n↓COPY foo bar",
            ],
            passing: [
                "FROM debian:12\nCOPY bla.sh /usr/local/bin/blubb.sh",
                "FROM debian:12\nCOPY bla.sh \"/usr/local/bin/blubb.sh\"",
                "FROM debian:12\nCOPY bla.sh c:\\\\system32\\\\blubb.sh",
                "FROM debian:12\nCOPY bla.sh $SRC_BASE_ENV",
                "FROM debian:12\nWORKDIR /usr\nCOPY bla.sh blubb.sh",
                "FROM debian:buster AS base\nWORKDIR /usr\nFROM base\nCOPY foo bar",
            ],
            hiddenPassing: [
                "FROM debian:12\nCOPY bla.sh c:/system32/blubb.sh",
                "FROM debian:12\nCOPY bla.sh \"${SRC_BASE_ENV}\"",
                "FROM debian:buster AS base\nWORKDIR /usr\nFROM base AS mid\nFROM mid\nCOPY foo bar",
                "FROM debian:12\nONBUILD WORKDIR /usr\nONBUILD COPY foo bar",
                "FROM debian:12\nADD foo bar",
            ]))

    typealias State = HadolintStageFlag

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        switch instruction.arguments {
        case .from(let from):
            state.enter(from)
        case .string where instruction.name == .workdir:
            state.set()
        case .files(let files) where instruction.name == .copy:
            guard let dest = files.destination, !state.isSet else { return }
            let path = Hadolint.path(dest, json: instruction.isJSON)
            guard !Hadolint.isAbsoluteOrVariable(path) else { return }
            report(Violation(instruction, "`COPY` to a relative destination without `WORKDIR` set. (destination: \(path))"))
        default:
            return
        }
    }
}

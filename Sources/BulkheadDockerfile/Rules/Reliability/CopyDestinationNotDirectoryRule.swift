import BulkheadCore

/// DL3021: `COPY` of several sources to a destination without a trailing `/`.
struct CopyDestinationNotDirectoryRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF121", slug: "copy-destination-not-directory", title: "COPY of several sources to a non-directory",
        severity: .high, category: .reliability,
        rationale: """
            With more than one source, COPY's destination must be a directory, written with a \
            trailing `/`; otherwise the build fails, or the meaning depends on whether the path \
            happens to exist in the base image.
            """,
        fix: "End the destination with a slash: `COPY package.json package-lock.json /app/`.",
        references: [.hadolint("DL3021")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓COPY foo bar baz",
                "FROM debian:12\n↓COPY foo bar \"baz\"",
                "FROM debian:12\n↓COPY [\"foo\", \"bar\", \"/app\"]",
            ],
            passing: [
                "FROM debian:12\nCOPY foo bar",
                "FROM debian:12\nCOPY foo bar baz/",
                "FROM debian:12\nCOPY foo bar \"baz/\"",
                "FROM debian:12\nADD foo bar baz",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .copy, case .files(let files) = instruction.arguments, files.sources.count >= 2 else { return }
        let target = files.destination.map { Hadolint.path($0, json: instruction.isJSON) } ?? ""
        guard target.isEmpty || !target.hasSuffix("/") else { return }
        report(Violation(instruction, "COPY with more than 2 arguments requires the last argument to end with / (got '\(target)')"))
    }
}

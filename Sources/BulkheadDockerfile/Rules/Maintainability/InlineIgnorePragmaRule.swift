import BulkheadCore

/// DL1001: inline `# hadolint ignore=…` / `# bulkhead ignore=…` pragmas (off by default).
struct InlineIgnorePragmaRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF001", slug: "inline-ignore-pragma", title: "Inline ignore pragma",
        severity: .info, category: .maintainability,
        rationale: """
            Inline ignore comments scatter lint policy across Dockerfiles, where nobody reviews it \
            and where it outlives the reason it was added. Teams that want one auditable place for \
            exceptions turn this rule on and keep ignores in the configuration file.
            """,
        fix: """
            Remove the `# hadolint ignore=…` / `# bulkhead ignore=…` comment and list the exception \
            in `.bulkhead.yaml` (or `.hadolint.yaml`) instead, or fix the finding it hides.
            """,
        references: [.hadolint("DL1001")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓# hadolint ignore=DL3003\nRUN cd /tmp && make",
                "FROM debian:12\n↓# bulkhead ignore=DF103 build needs the directory\nRUN cd /tmp && make",
            ],
            passing: [
                "FROM debian:12\n# hadolint shell=powershell\nRUN echo hi",
                "FROM debian:12\n# foobar\nRUN echo hi",
                "FROM debian:12\n# hadolint global ignore=DL3003\nRUN cd /tmp",
            ]),
        enabledByDefault: false)

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        for comment in context.file.comments {
            // Only line-scoped ignores count: global and stage pragmas are configuration-like.
            guard let pragma = Pragma.parse(comment.text, line: comment.line),
                  pragma.scope == .nextInstruction else { continue }
            report(Violation(at: SourcePosition(line: comment.line, column: 1),
                             "Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`."))
        }
    }
}

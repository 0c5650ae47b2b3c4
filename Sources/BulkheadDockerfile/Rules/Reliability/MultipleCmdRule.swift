import BulkheadCore

/// DL4003: more than one CMD in a stage.
struct MultipleCmdRule: RepeatedInstructionCheck {
    static let metadata = RuleMetadata(
        id: "DF203", slug: "multiple-cmd", title: "Stage has more than one CMD",
        severity: .medium, category: .reliability,
        rationale: """
            Only the last `CMD` of a stage takes effect; earlier ones are silently ignored, which \
            usually means the image does not start what its author thinks it starts.
            """,
        fix: "Keep a single `CMD` at the end of the stage.",
        references: [.hadolint("DL4003")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nCMD bash\nRUN foo\n↓CMD another",
                "FROM debian:12\nCMD [\"a\"]\n↓CMD [\"b\"]\n↓CMD [\"c\"]",
            ],
            passing: [
                "FROM debian:12\nCMD bash",
                "FROM debian:12 AS a\nCMD bash\nFROM debian:12\nCMD sh",
            ]))

    static let instructionName = InstructionName.cmd
}

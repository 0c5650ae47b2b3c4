import BulkheadCore

/// DL4004: more than one ENTRYPOINT in a stage.
struct MultipleEntrypointRule: RepeatedInstructionCheck {
    static let metadata = RuleMetadata(
        id: "DF204", slug: "multiple-entrypoint", title: "Stage has more than one ENTRYPOINT",
        severity: .high, category: .reliability,
        rationale: """
            Only the last `ENTRYPOINT` of a stage takes effect; earlier ones are silently ignored, \
            which usually means the image does not start what its author thinks it starts.
            """,
        fix: "Keep a single `ENTRYPOINT` in the stage.",
        references: [.hadolint("DL4004")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nENTRYPOINT bash\nRUN foo\n↓ENTRYPOINT another",
                "FROM debian:12\nENTRYPOINT [\"a\"]\n↓ENTRYPOINT [\"b\"]",
            ],
            passing: [
                "FROM debian:12\nENTRYPOINT [\"/app\"]\nCMD [\"--help\"]",
                "FROM debian:12 AS a\nENTRYPOINT bash\nFROM debian:12\nENTRYPOINT sh",
            ]))

    static let instructionName = InstructionName.entrypoint
}

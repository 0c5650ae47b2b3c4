import BulkheadCore

/// DL3061: an instruction other than ARG before the first FROM.
struct InstructionOrderRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF161", slug: "invalid-instruction-order", title: "Instruction before the first FROM",
        severity: .high, category: .syntax,
        rationale: """
            A Dockerfile must start with `FROM` (optionally preceded by parser directives, comments \
            and global `ARG`s). Any other instruction before the first `FROM` makes the build fail.
            """,
        fix: "Move the instruction after `FROM`; only `ARG` may precede it (to parameterise the base image).",
        references: [.hadolint("DL3061")],
        examples: RuleExamples(
            triggering: [
                "↓LABEL foo=bar\nFROM debian:12",
                "ARG VERSION=12\n↓USER root\nFROM debian:$VERSION",
            ],
            passing: [
                "ARG A=B\nFROM debian:12",
                "# syntax=docker/dockerfile:1\nFROM debian:12",
                "FROM debian:12\nARG A=B\nRUN true",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.stageIndex == nil, instruction.name != .arg, instruction.name != .from else { return }
        report(Violation(instruction, "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment. (\(instruction.keyword.uppercased()) comes before the first FROM)"))
    }
}

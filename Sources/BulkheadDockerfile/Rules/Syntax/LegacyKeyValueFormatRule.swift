import BulkheadCore

/// BuildKit LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of `key=value`.
struct LegacyKeyValueFormatRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF411", slug: "legacy-key-value-format",
        title: "Legacy key/value format with whitespace separator",
        severity: .info, category: .syntax,
        rationale: """
            `ENV key value` is the deprecated form: it sets one variable to the whole rest of the line \
            (`ENV A B C=1` sets `A` to `B C=1`), which surprises readers and cannot be mixed with the \
            `key=value` form. BuildKit reports it for ENV and LABEL (`ARG a b` declares two ARGs and is \
            not this form). Formatting only, hence `info`.
            """,
        fix: "Write `ENV key=value` (quote values with spaces: `ENV DEPS=\"curl git\"`).",
        references: [.buildkit("LegacyKeyValueFormat")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine\n↓ENV DEPS \\\n    curl \\\n    git",
                "FROM alpine\n↓LABEL maintainer me@example.org",
            ],
            passing: [
                "FROM alpine\nARG foo=bar",
                "FROM alpine\nENV DEPS=\"\\\n    curl \\\n    git\"",
                "FROM alpine\nLABEL a=b c=\"d e\"",
            ],
            hiddenTriggering: [
                // BuildKit's test.
                "FROM scratch\n↓ENV testkey value\n↓LABEL key value",
                "FROM scratch\n↓env testkey value",
            ],
            hiddenPassing: [
                "FROM scratch\nENV testkey=value\nLABEL key=value",
                "FROM scratch\nARG foo bar",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .env || instruction.name == .label,
              case .pairs(let pairs) = instruction.arguments else { return }
        let k = instruction.keyword
        for pair in pairs where pair.separator.isEmpty {
            report(Violation(instruction, "\"\(k) key=value\" should be used instead of legacy \"\(k) key value\" format"))
        }
    }
}

import BulkheadCore

/// BuildKit NoEmptyContinuation: an empty line inside a `\`-continued instruction.
struct NoEmptyContinuationRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF414", slug: "no-empty-continuation", title: "Empty continuation line",
        severity: .low, category: .syntax,
        rationale: """
            An empty line after a line ending in `\\` is skipped today, so the instruction goes on \
            past it; BuildKit deprecated this and will make it an error, and it easily hides a missing \
            `\\` (the next instruction silently becomes arguments). Rated `low` because the Dockerfile \
            will stop building. Like BuildKit, one finding per instruction, on the line where the \
            instruction ends; comment lines do not count as empty.
            """,
        fix: "Delete the empty lines inside the instruction, or turn them into comments.",
        references: [.buildkit("NoEmptyContinuation")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine\nEXPOSE \\\n\n↓80",
                "FROM alpine\nRUN apk add \\\n\n    gnupg \\\n\n↓    curl",
            ],
            passing: ["FROM alpine\nEXPOSE \\\n# Port\n80", "FROM alpine\nRUN apk add \\\n    gnupg \\\n    curl\n\nRUN true"],
            hiddenTriggering: [
                // BuildKit's test.
                "FROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n↓.\nCOPY Dockerfile \\\n.",
                // Running to the end of the file.
                "FROM scratch\nRUN true \\\n↓\n",
                // BuildKit's parser test: one warning per instruction, comments are not empty lines.
                "FROM scratch\nRUN valid \\\n    continuation\n\nRUN something \\\n\n    following \\\n\n↓    more\n\nRUN another \\\n\n↓    thing\n\nRUN non-indented \\\n# this is a comment\n   after-comment\n\nRUN indented \\\n    # this is an indented comment\n    comment",
            ],
            hiddenPassing: ["FROM alpine\nRUN <<EOF\necho a\n\necho b\nEOF"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let file = context.file
        guard !file.emptyContinuationLines.isEmpty else { return }
        let start = instruction.range.start.line
        let lastSegmentLine = instruction.segments.map(\.line).max() ?? start
        // The logical line runs to its last fragment, or to the end of the file when that fragment
        // still ends in an escape.
        var end = lastSegmentLine
        if lastSegmentLine - 1 < file.lines.count, continues(file.lines[lastSegmentLine - 1], escape: file.escape) {
            end = file.lines.count
        }
        guard file.emptyContinuationLines.contains(where: { $0 > start && $0 <= end }) else { return }
        report(Violation(at: SourcePosition(line: end, column: 1), "Empty continuation line", instruction: instruction.index))
    }

    private func continues(_ line: String, escape: Character) -> Bool {
        var chars = Array(line)
        while let last = chars.last, last == " " || last == "\t" || last == "\r" { chars.removeLast() }
        guard chars.last == escape else { return false }
        return !(chars.count >= 2 && chars[chars.count - 2] == escape)
    }
}

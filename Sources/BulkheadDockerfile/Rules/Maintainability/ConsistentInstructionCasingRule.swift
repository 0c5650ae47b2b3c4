import BulkheadCore

/// BuildKit ConsistentInstructionCasing: instruction keywords should all be uppercase or all
/// lowercase; a keyword that does not match the casing of the majority is reported.
struct ConsistentInstructionCasingRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF401", slug: "consistent-instruction-casing", title: "Instruction keywords are not consistently cased",
        severity: .info, category: .maintainability,
        rationale: """
            Keywords may be written in either case, but mixing `RUN` and `run` (or `Run`) makes a \
            Dockerfile harder to scan. BuildKit counts the keywords of the build stages (FROM and \
            everything after it; ARGs before the first FROM are not counted) and reports each keyword \
            that does not match the majority casing; a tie counts as uppercase. Style only, hence `info`.
            """,
        fix: "Write every instruction keyword in the same case, normally uppercase (`RUN`, `COPY`, `FROM`).",
        references: [.buildkit("ConsistentInstructionCasing")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine\n↓run echo hello\nRUN echo world",
                "↓From alpine\n↓Run echo hello > /greeting.txt\n↓EntRYpOiNT [\"cat\", \"/greeting.txt\"]",
                "from alpine\nrun echo hello\n↓COPY a /a",
            ],
            passing: [
                "FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT [\"cat\", \"/greeting.txt\"]",
                "from alpine\nrun echo hello > /greeting.txt\nentrypoint [\"cat\", \"/greeting.txt\"]",
            ],
            hiddenTriggering: [
                // BuildKit's tests: majority decides, mixed case never counts toward it.
                "↓From scratch as base\nFROM scratch AS base2",
                "FROM scratch\n↓copy Dockerfile /foo\nCOPY Dockerfile /bar",
                "↓frOM scratch as base\nfrom scratch as base2",
                "from scratch\n↓COPY Dockerfile /foo\ncopy Dockerfile /bar",
                "↓from scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz",
                "↓FROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz",
                // A tie counts as uppercase.
                "FROM alpine\n↓run true",
            ],
            hiddenPassing: [
                "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar",
                // ARGs before the first FROM are neither counted nor checked.
                "arg BASE=alpine\nFROM $BASE\nRUN true",
                "FROM alpine\nRUN <<'EOT'\nenv\nEOT",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let staged = context.file.instructions.filter { $0.stageIndex != nil }
        var lower = 0
        var upper = 0
        for ins in staged {
            if ins.keyword == ins.keyword.lowercased() {
                lower += 1
            } else if ins.keyword == ins.keyword.uppercased() {
                upper += 1
            }
        }
        let majorityLower = lower > upper
        for ins in staged {
            let k = ins.keyword
            let casing: String
            if majorityLower && k.lowercased() != k {
                casing = "lowercase"
            } else if !majorityLower && k.uppercased() != k {
                casing = "uppercase"
            } else {
                continue
            }
            report(Violation(ins, "Command '\(k)' should match the case of the command majority (\(casing))"))
        }
    }
}

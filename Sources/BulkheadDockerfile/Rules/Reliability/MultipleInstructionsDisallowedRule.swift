import BulkheadCore

/// BuildKit MultipleInstructionsDisallowed: only the last CMD, ENTRYPOINT and HEALTHCHECK of a
/// stage take effect; each earlier one is reported.
struct MultipleInstructionsDisallowedRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF413", slug: "multiple-instructions-disallowed",
        title: "Multiple CMD, ENTRYPOINT or HEALTHCHECK instructions in the same stage",
        severity: .low, category: .reliability,
        rationale: """
            An image has one CMD, one ENTRYPOINT and one HEALTHCHECK: within a stage every earlier one \
            is silently replaced, which usually means a leftover or a misunderstanding (two CMDs do not \
            run two programs). As BuildKit does, the instruction that gets ignored (the earlier one) is \
            reported; a stage built `FROM` another stage starts afresh. Rated `low`: the image works, \
            but not as the Dockerfile suggests.
            Off by default: Hadolint's DL4003/DL4004 (on by default) reports the same mistake; enable this rule for BuildKit's exact semantics.
            """,
        fix: "Keep only one CMD, ENTRYPOINT and HEALTHCHECK per stage; run several processes through a script or a process manager.",
        references: [.buildkit("MultipleInstructionsDisallowed")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine\n↓ENTRYPOINT [\"echo\", \"Hello, Norway!\"]\nENTRYPOINT [\"echo\", \"Hello, Sweden!\"]",
                "FROM alpine\n↓CMD [\"a\"]\n↓CMD [\"b\"]\nCMD [\"c\"]",
            ],
            passing: [
                "FROM alpine\nENTRYPOINT [\"echo\", \"Hello, Norway!\\nHello, Sweden!\"]",
                "FROM python:alpine\nRUN apk add curl\nHEALTHCHECK --interval=1s --timeout=3s \\\n  CMD [\"curl\", \"-f\", \"http://localhost:8080\"]\nCMD [\"python\", \"-m\", \"http.server\", \"8080\"]",
            ],
            hiddenTriggering: [
                // BuildKit's tests.
                "FROM scratch\n↓ENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\n↓CMD [\"/myapp\"]\nCMD [\"/myotherapp\"]\n↓HEALTHCHECK CMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]",
                "FROM scratch\n↓ENTRYPOINT [\"/myapp\"]\n↓CMD [\"/myapp\"]\n↓HEALTHCHECK CMD [\"/myapp\"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]",
            ],
            hiddenPassing: [
                "FROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\nFROM a AS b\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]",
                "FROM alpine\nONBUILD CMD [\"a\"]\nCMD [\"b\"]",
            ]),
        enabledByDefault: false)

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        var previous: [InstructionName: Instruction] = [:]
        var stage: Int?
        for ins in context.file.instructions {
            if ins.stageIndex != stage {
                stage = ins.stageIndex
                previous = [:]
            }
            guard [.cmd, .entrypoint, .healthcheck].contains(ins.name) else { continue }
            if let earlier = previous[ins.name] {
                report(Violation(earlier, "Multiple \(ins.keyword) instructions should not be used in the same stage because only the last one will be used"))
            }
            previous[ins.name] = ins
        }
    }
}

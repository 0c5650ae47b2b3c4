import BulkheadCore

/// BuildKit FromAsCasing: the `AS` of `FROM image AS name` should have the case of `FROM`.
struct FromAsCasingRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF406", slug: "from-as-casing", title: "'AS' and 'FROM' keywords' casing do not match",
        severity: .info, category: .maintainability,
        rationale: """
            `FROM debian AS build` and `from debian as build` both read well; `FROM debian as build` \
            mixes styles. When `FROM` itself is mixed case (`From`), only ConsistentInstructionCasing \
            reports it. Style only, hence `info`.
            """,
        fix: "Write `AS` in the case of `FROM`: `FROM debian AS build` or `from debian as build`.",
        references: [.buildkit("FromAsCasing")],
        examples: RuleExamples(
            triggering: ["↓FROM debian:latest as builder", "↓from debian:latest AS builder\nrun true"],
            passing: ["FROM debian:latest AS deb-builder", "from debian:latest as deb-builder", "FROM debian"],
            hiddenTriggering: [
                "FROM scratch AS base\n↓FROM scratch as base2\nFROM scratch AS base3",
                "↓from scratch AS base\nfrom scratch as base2",
                "↓FROM scratch aS base",
            ],
            hiddenPassing: [
                // A mixed-case FROM is ConsistentInstructionCasing's business.
                "From scratch as base",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, let asWord = from.asKeyword else { return }
        let k = instruction.keyword
        let isLower = k == k.lowercased()
        guard isLower || k == k.uppercased() else { return }
        let a = asWord.raw
        let matches = isLower ? a == a.lowercased() : a == a.uppercased()
        if !matches {
            report(Violation(instruction, "'\(a)' and '\(k)' keywords' casing do not match"))
        }
    }
}

import BulkheadCore

/// DL3007: `FROM image:latest`.
struct NoLatestTagRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF107", slug: "no-latest-tag", title: "Base image uses the 'latest' tag",
        severity: .medium, category: .supplyChain,
        rationale: """
            `latest` moves: two builds of the same Dockerfile can ship different software, and a \
            compromised or broken push of the tag reaches every build that follows it.
            """,
        fix: "Pin a release tag (`FROM debian:12.6`) or, better, a digest (`FROM debian@sha256:…`).",
        references: [.hadolint("DL3007")],
        examples: RuleExamples(
            triggering: ["↓FROM debian:latest", "↓FROM debian:latest AS build\nRUN true"],
            passing: ["FROM debian:12", "FROM debian:latest@sha256:0123456789abcdef", "FROM scratch"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments,
              from.image.digest == nil, from.image.tag == "latest" else { return }
        report(Violation(instruction,
                         "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag (base image '\(from.image)')"))
    }
}

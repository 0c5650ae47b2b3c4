import BulkheadCore

/// DL3006: `FROM image` without a tag or digest.
struct UntaggedBaseImageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF106", slug: "untagged-base-image", title: "Base image has no tag",
        severity: .medium, category: .supplyChain,
        rationale: """
            Without a tag, `FROM debian` means `debian:latest`: whatever was pushed last. Builds \
            stop being reproducible and a new major release of the base image can break or \
            change the image without any change to the Dockerfile.
            """,
        fix: "Name the version: `FROM debian:12.6`, or pin a digest: `FROM debian@sha256:…`.",
        references: [.hadolint("DL3006")],
        examples: RuleExamples(
            triggering: [
                "↓FROM debian",
                "↓FROM debian AS builder\nRUN make",
                "FROM golang:1.22 AS build\n↓FROM node as unit-test",
            ],
            passing: [
                "FROM ruby:3.3",
                "FROM ruby@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "FROM ${BASE_IMAGE}",
                "FROM scratch",
                "FROM golang:1.22 AS build\nFROM build as unit-test",
            ],
            hiddenTriggering: [
                // Hadolint compares stage names case-sensitively.
                "FROM debian:12 AS Build\n↓FROM build",
                "↓FROM registry.example.com/team/app",
            ],
            hiddenPassing: ["FROM localhost:5000/app", "FROM my.registry:5000/team/app:1.2"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .from, case .from(let from) = instruction.arguments else { return }
        let image = HadolintImageName(from)
        if image.name == "scratch" || image.tag != nil || image.digest != nil || image.name.hasPrefix("$") { return }
        let earlier = context.file.stages.prefix { $0.fromIndex < instruction.index }
        if earlier.contains(where: { $0.writtenName == image.name }) { return }
        report(Violation(instruction, "Always tag the version of an image explicitly (FROM \(from.imageWord.raw))"))
    }
}

import BulkheadCore

/// FROM without `@sha256:…`.
struct BaseNotPinnedByDigestRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF311", slug: "base-not-pinned-by-digest", title: "Base image not pinned by digest",
        severity: .info, category: .supplyChain,
        rationale: """
            Tags are mutable: `python:3.12-slim` is rebuilt weekly and a registry compromise can \
            repoint any tag. Only a digest names exactly one image, so builds are reproducible and a \
            vulnerability scan of the base stays true for what you ship.
            """,
        fix: "Append the digest: `FROM python:3.12-slim@sha256:<digest>` (keep the tag for readability) and let Renovate or Dependabot bump it.",
        references: [.checkov("CKV_DOCKER_7")],
        examples: RuleExamples(
            triggering: [
                "↓FROM python:3.12-slim",
                "↓FROM golang:1.23 AS build\nRUN true\n↓FROM alpine:3.20",
            ],
            passing: [
                "FROM python:3.12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "FROM scratch",
                "FROM golang:1.23@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS build\nFROM build",
                "ARG BASE=debian:12\nFROM ${BASE}",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments else { return }
        let image = from.image
        guard image.digest == nil, !image.isScratch, !image.hasVariable,
              !context.isStageReference(image.raw, before: instruction.index) else { return }
        report(Violation(instruction, "base image '\(image)' is not pinned by digest"))
    }
}

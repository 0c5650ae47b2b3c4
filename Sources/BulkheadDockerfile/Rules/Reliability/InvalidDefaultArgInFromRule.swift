import BulkheadCore

/// BuildKit InvalidDefaultArgInFrom: with only the default values of the global ARGs, the base
/// image name must still be a valid image reference.
struct InvalidDefaultArgInFromRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF408", slug: "invalid-default-arg-in-from",
        title: "Default value for global ARG results in an empty or invalid base image name",
        severity: .low, category: .reliability,
        rationale: """
            A base image built from ARGs (`FROM busybox:${TAG}`) should be valid when nobody passes \
            `--build-arg`: otherwise a plain `docker build` fails with an obscure reference error. \
            Bulkhead expands the FROM with the global ARGs' defaults (and BuildKit's predefined \
            platform ARGs) and validates the result as BuildKit does. Only FROMs that use variables \
            are checked; a literally invalid name is a plain build error.
            """,
        fix: "Give the ARG a default (`ARG TAG=3.20`), or a fallback in the reference (`FROM alpine:${TAG:-3.20}`).",
        references: [.buildkit("InvalidDefaultArgInFrom")],
        examples: RuleExamples(
            triggering: ["ARG TAG\n↓FROM busybox:${TAG}", "ARG IMAGE\n↓FROM $IMAGE AS base\nRUN true"],
            passing: [
                "ARG TAG=latest\nFROM busybox:${TAG}",
                "ARG VARIANT\nFROM busybox:stable${VARIANT}",
                "ARG TAG\nFROM alpine:${TAG:-3.14}",
            ],
            hiddenTriggering: [
                // BuildKit's tests.
                "ARG VERSION\n↓FROM busybox:$VERSION",
                "ARG SFX=\"box:\"\n↓FROM busy${SFX}",
                "ARG NAME=MyImage\n↓FROM ${NAME}",
                "ARG IMG=alpine:3\n↓FROM ${IMG/:/@}",
            ],
            hiddenPassing: [
                "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}",
                "ARG BUSYBOX_VARIANT=\"\"\nFROM busybox:stable${BUSYBOX_VARIANT}",
                "ARG BUSYBOX_VARIANT\nFROM busybox:stable${BUSYBOX_VARIANT}",
                "ARG REGISTRY=localhost:5000\nFROM ${REGISTRY}/app:1 AS base",
                "ARG DIGEST=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM alpine@${DIGEST}",
                "FROM alpine AS builder\nARG BASE=builder\nFROM builder",
                "FROM alpine:${TARGETARCH}",
                "ARG V=3.19.1\nFROM alpine:${V%.*}",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let globals = BuildKitCheck.GlobalArgs(file: context.file)
        for stage in context.file.stages {
            let ins = context.file.instructions[stage.fromIndex]
            guard case .from(let from) = ins.arguments else { continue }
            let raw = from.imageWord.raw
            let word = BuildKitCheck.process(raw, escape: context.file.escape) { globals.lookup($0) }
            // BuildKit abandons the check at the first FROM it cannot expand.
            if word.failed { return }
            guard raw.contains("$") else { continue }
            if !BuildKitCheck.isValidImageReference(word.value) {
                report(Violation(ins, "Default value for ARG \(raw) results in empty or invalid base image name"))
            }
        }
    }
}

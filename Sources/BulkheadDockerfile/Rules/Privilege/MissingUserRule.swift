import BulkheadCore

/// The image that ships (the last stage) never switches away from root.
struct MissingUserRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF301", slug: "final-stage-runs-as-root", title: "Final stage runs as root (no USER)",
        severity: .medium, category: .privilege,
        rationale: """
            Without a USER instruction the container's main process runs as uid 0. A compromise of \
            the application is then root inside the container, one kernel or runtime bug away from \
            the host, and can rewrite every file in the image. Hadolint's DL3002 only catches an \
            explicit `USER root`; a missing USER is the common case.
            """,
        fix: """
            Create an unprivileged user and switch to it in the final stage: \
            `RUN useradd --uid 10001 --no-create-home app` then `USER 10001`, or start from a base \
            that already runs as non-root (e.g. `gcr.io/distroless/static:nonroot`). If the entrypoint \
            drops privileges itself (gosu, su-exec), suppress with a reason.
            """,
        references: [.trivy("DS002"), .cis("CIS Docker 4.1"), .checkov("CKV_DOCKER_3")],
        examples: RuleExamples(
            triggering: [
                "↓FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]",
                "FROM golang:1.23 AS build\nUSER 1000\nRUN go build ./...\n↓FROM debian:12-slim\nCOPY --from=build /app /app",
            ],
            passing: [
                "FROM python:3.12-slim\nUSER 10001\nCMD [\"python\"]",
                "FROM golang:1.23 AS build\nRUN go build ./...\nFROM gcr.io/distroless/static\nUSER nonroot:nonroot",
                "FROM alpine:3.20\nUSER root\nRUN apk add curl\nUSER app",
            ],
            hiddenPassing: [
                // An explicit root USER is DL3002's finding; this rule does not report it twice.
                "FROM alpine:3.20\nUSER root",
                // `FROM stage` inherits the stage's user.
                "FROM alpine:3.20 AS base\nUSER app\nFROM base\nRUN true",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        guard let last = context.file.stages.last else { return }
        // Follow `FROM <stage>` chains: a USER in an ancestor stage carries over.
        var stage: Stage? = last
        var seen: Set<Int> = []
        while let s = stage, !seen.contains(s.index) {
            seen.insert(s.index)
            if context.file.instructions(of: s).contains(where: { $0.name == .user }) { return }
            stage = s.baseImage.digest == nil && s.baseImage.tag == nil
                ? context.file.stage(named: s.baseImage.raw, before: s.fromIndex) : nil
        }
        let from = context.file.instructions[last.fromIndex]
        report(Violation(from, "final stage (FROM \(last.baseImage)) sets no USER: the container runs as root"))
    }
}

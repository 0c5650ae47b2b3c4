import BulkheadCore

/// The shipped stage starts from a full distribution or SDK image where a slim, alpine or
/// distroless variant exists.
struct HeavyweightBaseRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF312", slug: "heavyweight-final-base", title: "Heavyweight base image for the final stage",
        severity: .info, category: .hygiene,
        rationale: """
            Full images (`python:3.12`, `node:22`, `golang:1.23`, `ubuntu`) carry compilers, shells, \
            package managers and hundreds of packages the application never uses: more size, more \
            CVEs to triage and more tools for an intruder. Their slim, alpine or distroless variants \
            run the same code.
            """,
        fix: "Use the variant named in the message (e.g. `python:3.12-slim`, `node:22-alpine`, `gcr.io/distroless/static` for Go binaries), building in a separate stage if you need the SDK.",
        references: [.url("https://github.com/GoogleContainerTools/distroless")],
        examples: RuleExamples(
            triggering: [
                "↓FROM python:3.12\nCMD [\"python\"]",
                "FROM golang:1.23-alpine AS build\nRUN go build -o /app .\n↓FROM golang:1.23\nCOPY --from=build /app /app",
                "↓FROM node:22",
            ],
            passing: [
                "FROM python:3.12-slim",
                "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app",
                "FROM node:22-alpine",
                "FROM debian:12-slim",
            ]))

    /// Official images whose default tags are full variants, and what to use instead.
    static let suggestions: [String: String] = [
        "python": "python:<version>-slim", "node": "node:<version>-slim or -alpine", "ruby": "ruby:<version>-slim",
        "golang": "gcr.io/distroless/static (ship the binary, not the SDK)", "openjdk": "eclipse-temurin:<version>-jre",
        "maven": "eclipse-temurin:<version>-jre", "gradle": "eclipse-temurin:<version>-jre", "rust": "debian:<version>-slim or distroless/cc",
        "debian": "debian:<version>-slim", "ubuntu": "ubuntu with only what you need, or a distroless image",
        "centos": "a minimal/micro UBI image", "fedora": "a minimal image", "php": "php:<version>-fpm-alpine",
        "perl": "perl:<version>-slim", "buildpack-deps": "debian:<version>-slim",
    ]

    static let lightMarkers = ["slim", "alpine", "distroless", "minimal", "micro", "busybox", "-jre", "fpm-alpine", "nanoserver"]

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, context.isInFinalStage(instruction) else { return }
        let image = from.image
        guard !image.hasVariable, image.registry == nil || image.registry == "docker.io",
              let suggestion = Self.suggestions[image.shortName] else { return }
        let tag = (image.tag ?? "latest").lowercased()
        guard !Self.lightMarkers.contains(where: tag.contains) else { return }
        report(Violation(instruction, "final stage uses the full image '\(image)': consider \(suggestion)"))
    }
}

import BulkheadCore

/// DL3029: `FROM --platform=` with a fixed platform.
struct NoFromPlatformFlagRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF129", slug: "no-from-platform-flag", title: "FROM pins a platform with --platform",
        severity: .medium, category: .reliability,
        rationale: """
            A hard-coded `--platform` makes the image ignore `docker build --platform` and \
            multi-platform builds: an arm64 build silently gets an amd64 base (run under \
            emulation, or failing at run time).
            """,
        fix: "Drop the flag, or use the build arguments: `FROM --platform=$BUILDPLATFORM golang:1.22 AS build`.",
        references: [.hadolint("DL3029")],
        examples: RuleExamples(
            triggering: [
                "↓FROM --platform=linux debian:jessie",
                "↓FROM --platform=linux/amd64 golang:1.22 AS build\nRUN go build ./...",
            ],
            passing: [
                "FROM --platform=$BUILDPLATFORM debian:jessie",
                "FROM --platform=\"$BUILDPLATFORM\" debian:jessie",
                "FROM --platform=${BUILDPLATFORM:-} debian:jessie",
                "FROM --platform=$TARGETPLATFORM debian:jessie",
                "FROM debian:12",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, let platform = from.platform,
              !platform.contains("BUILDPLATFORM"), !platform.contains("TARGETPLATFORM") else { return }
        report(Violation(instruction, "Do not use --platform flag with FROM (--platform=\(platform))"))
    }
}

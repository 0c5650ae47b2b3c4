import BulkheadCore

/// DL3065 / BuildKit RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM`.
struct RedundantTargetPlatformRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF165", slug: "redundant-target-platform", title: "FROM --platform is set to $TARGETPLATFORM",
        severity: .medium, category: .maintainability,
        rationale: """
            Stages are built for the target platform by default, so \
            `--platform=$TARGETPLATFORM` changes nothing and only suggests that the platform is \
            being chosen. (`$BUILDPLATFORM` is the value that changes behaviour.)
            """,
        fix: "Drop the flag: `FROM alpine:3.20`.",
        references: [.hadolint("DL3065"), .buildkit("RedundantTargetPlatform")],
        examples: RuleExamples(
            triggering: [
                "↓FROM --platform=$TARGETPLATFORM alpine:3.20",
                "↓FROM --platform=${TARGETPLATFORM} alpine:3.20 AS base",
            ],
            passing: [
                "FROM alpine:3.20",
                "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
                "FROM --platform=linux/arm64 alpine:3.20",
            ],
            hiddenPassing: [
                "FROM --platform=\"$TARGETPLATFORM\" alpine:3.20",
            ]))

    /// The `--platform` value as written (Hadolint keeps quotes: `"$TARGETPLATFORM"` does not match).
    static func rawPlatform(_ instruction: Instruction) -> String? {
        for token in instruction.text.split(whereSeparator: { $0 == " " || $0 == "\t" }) where token.lowercased().hasPrefix("--platform=") {
            return String(token.dropFirst("--platform=".count))
        }
        return nil
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .from, let platform = Self.rawPlatform(instruction),
              platform == "$TARGETPLATFORM" || platform == "${TARGETPLATFORM}" else { return }
        report(Violation(instruction, "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior"))
    }
}

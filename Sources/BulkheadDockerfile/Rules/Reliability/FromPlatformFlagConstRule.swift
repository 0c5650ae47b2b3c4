import BulkheadCore

/// BuildKit FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins one platform
/// unless the stage is named for it.
struct FromPlatformFlagConstRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF407", slug: "from-platform-flag-const-disallowed",
        title: "FROM --platform uses a constant value",
        severity: .low, category: .reliability,
        rationale: """
            A constant `--platform` forces the stage onto one platform, so the Dockerfile can no \
            longer build a multi-platform image and silently runs emulated elsewhere. As BuildKit \
            does, the flag is accepted when it uses a variable (`$BUILDPLATFORM`) or when the stage \
            name contains the platform's OS or architecture (`AS build_amd64`), which marks the stage \
            as deliberately platform-specific. Rated `low`: it breaks portability, not the build.
            Off by default: Hadolint's DL3029 (on by default) reports the same mistake; enable this rule for BuildKit's exact semantics.
            """,
        fix: "Drop `--platform` and pass `--platform` to `docker build`, use `--platform=$BUILDPLATFORM`, or name the stage after the platform (`AS build-arm64`).",
        references: [.buildkit("FromPlatformFlagConstDisallowed")],
        examples: RuleExamples(
            triggering: [
                "↓FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git",
                "↓FROM --platform=linux/arm64/v8 alpine",
            ],
            passing: [
                "FROM alpine AS base\nRUN apk add --no-cache git",
                "FROM --platform=${BUILDPLATFORM} alpine AS base\nRUN apk add --no-cache git",
                "FROM --platform=linux/amd64 alpine AS build_amd64\nFROM --platform=linux/arm64 alpine AS build_arm64\nARG TARGETARCH\nFROM build_${TARGETARCH} AS build",
            ],
            hiddenTriggering: [
                "↓FROM --platform=linux/amd64 scratch",
                // Architectures are normalized before comparing with the stage name.
                "↓FROM --platform=linux/x86_64 alpine AS build_x86_64",
            ],
            hiddenPassing: [
                "FROM --platform=linux/amd64 scratch AS my_amd64_stage",
                "FROM --platform=linux/amd64 scratch AS linux",
                "FROM --platform=linux/aarch64 alpine AS build-arm64",
                "FROM --platform=$TARGETPLATFORM alpine",
                // Not a platform BuildKit can parse: that is a build error, not this warning.
                "FROM --platform=linux/amd64/v1/x alpine",
            ]),
        enabledByDefault: false)

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard case .from(let from) = instruction.arguments, let platform = from.platform else { return }
        let word = BuildKitCheck.process(platform, escape: context.file.escape) { _ in .unset }
        // Any substitution means the platform is not a constant.
        guard word.lookups.isEmpty, !word.failed,
              let parsed = BuildKitCheck.parsePlatform(word.value) else { return }
        let stageName = from.alias?.value.lowercased() ?? ""
        if stageName.contains(parsed.os) || stageName.contains(parsed.arch) { return }
        report(Violation(instruction, "FROM --platform flag should not use constant value \(BuildKitCheck.goQuote(word.value))"))
    }
}

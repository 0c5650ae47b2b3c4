import BulkheadCore

/// DL3055: a `hash` label of the label schema is not a git commit hash.
struct LabelNotGitHashRule: LabelSchemaValueCheck {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["org.opencontainers.image.revision": .hash])

    static let metadata = RuleMetadata(
        id: "DF155", slug: "label-not-git-hash", title: "Label from the label schema is not a git hash",
        severity: .medium, category: .maintainability,
        rationale: """
            Labels declared as `hash` in `label-schema` (such as `org.opencontainers.image.revision`) \
            should name the exact commit the image was built from: 7 or 40 lower-case hex digits. \
            Branch names or placeholders make the image untraceable.
            """,
        fix: "Pass the commit at build time: `ARG REVISION` + `LABEL org.opencontainers.image.revision=$REVISION`, built with `--build-arg REVISION=$(git rev-parse HEAD)`.",
        references: [.hadolint("DL3055")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL org.opencontainers.image.revision=not-git-hash",
                "FROM debian:12\n↓LABEL org.opencontainers.image.revision=ABCDEF0",
            ],
            passing: [
                "FROM debian:12\nLABEL org.opencontainers.image.revision=2dbfae9",
                "FROM debian:12\nLABEL org.opencontainers.image.revision=43c572f1272b8b3171dd1db9e4a1a1fe4d6cb5d7",
            ]))

    static let labelKind = LabelKind.hash

    static func message(label name: String) -> String {
        "Label `\(name)` is not a valid git hash."
    }

    /// 7 or 40 characters, all `0-9a-f`.
    static func isValidValue(_ value: String) -> Bool {
        let s = value.unicodeScalars
        return (s.count == 7 || s.count == 40) && s.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }
}

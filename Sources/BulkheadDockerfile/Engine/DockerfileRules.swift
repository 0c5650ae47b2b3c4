import BulkheadCore

/// Every built-in Dockerfile rule, sorted by id. An explicit list (no registration by side
/// effect); a test checks it against the rule files on disk.
public enum DockerfileRules {
    public static let all: [any DockerfileRule.Type] =
        (hadolintA + hadolintB + hadolintC + security + buildkit).sorted { $0.metadata.id < $1.metadata.id }

    /// Metadata of every rule, sorted by id.
    public static var metadata: [RuleMetadata] { all.map { $0.metadata } }

    /// The alias index over every built-in rule.
    public static let index = RuleIndex(metadata)
}

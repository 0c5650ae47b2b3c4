import BulkheadCore

/// Typed options for the Dockerfile linter, built by the CLI from flags and config files.
public struct DockerfileLintOptions: Sendable, Hashable {
    /// Rules turned off (canonical ids).
    public var disabledRules: Set<RuleID>
    /// Rules that are off by default and turned on (canonical ids).
    public var enabledRules: Set<RuleID> = []
    /// Severity per rule (canonical ids).
    public var severityOverrides: [RuleID: Severity]
    /// Registries allowed in FROM (DL3026); empty means any.
    public var trustedRegistries: [String]
    /// Required labels and their expected kind (DL3049–DL3058), as `.hadolint.yaml`'s `label-schema`.
    public var labelSchema: [String: LabelKind]
    /// Whether labels not in the schema are violations (DL3050).
    public var strictLabels: Bool
    /// Run `shellcheck` on RUN bodies when it is on PATH (the CLI does the running).
    public var shellcheck: Bool
    /// The build context's `.dockerignore` (or `<Dockerfile>.dockerignore`), read by the CLI;
    /// `nil` when there is none, and then COPY/ADD sources are not checked against it (DF402).
    public var dockerignore: DockerignoreMatcher?

    public init(disabledRules: Set<RuleID> = [], severityOverrides: [RuleID: Severity] = [:],
                trustedRegistries: [String] = [], labelSchema: [String: LabelKind] = [:],
                strictLabels: Bool = false, shellcheck: Bool = false, dockerignore: DockerignoreMatcher? = nil) {
        self.disabledRules = disabledRules
        self.severityOverrides = severityOverrides
        self.trustedRegistries = trustedRegistries
        self.labelSchema = labelSchema
        self.strictLabels = strictLabels
        self.shellcheck = shellcheck
        self.dockerignore = dockerignore
    }
}

extension DockerfileLintOptions {
    /// Whether a rule runs: not disabled, and on by default or enabled (explicitly or by a
    /// severity override, as Hadolint turns on DL1001/DL3057 when overridden).
    public func isEnabled(_ rule: RuleMetadata) -> Bool {
        if disabledRules.contains(rule.id) { return false }
        return rule.enabledByDefault || enabledRules.contains(rule.id) || severityOverrides[rule.id] != nil
    }
}

/// The value kinds Hadolint's label schema knows.
public enum LabelKind: String, Sendable, Hashable, CaseIterable {
    case text, url, semver, hash, rfc3339, spdx, email
}

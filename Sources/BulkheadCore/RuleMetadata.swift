/// Everything Bulkhead knows about a rule besides its logic: id, titles, severity, rationale,
/// fix, peer references and examples.
///
/// One type for every rule family, so `bulkhead rules`, SARIF `tool.driver.rules`, the docs
/// page and the example tests are all generated from the same value.
public struct RuleMetadata: Sendable, Hashable {
    public let id: RuleID
    public let slug: String
    public let title: String
    public let severity: Severity
    public let category: RuleCategory
    public let rationale: String
    public let fix: String
    public let references: [Reference]
    public let examples: RuleExamples
    public var deprecatedIDs: Set<RuleID>
    /// Off unless enabled in config (Hadolint's DL1001 and DL3057 default to `ignore`).
    public var enabledByDefault: Bool

    public init(
        id: RuleID, slug: String, title: String, severity: Severity, category: RuleCategory,
        rationale: String, fix: String, references: [Reference] = [], examples: RuleExamples,
        deprecatedIDs: Set<RuleID> = [], enabledByDefault: Bool = true
    ) {
        self.id = id
        self.slug = slug
        self.title = title
        self.severity = severity
        self.category = category
        self.rationale = rationale
        self.fix = fix
        self.references = references
        self.examples = examples
        self.deprecatedIDs = deprecatedIDs
        self.enabledByDefault = enabledByDefault
    }

    /// Every name this rule answers to: its id, slug, deprecated ids and mirrored peer ids.
    public var aliases: Set<RuleID> {
        var out: Set<RuleID> = [id, RuleID(slug)]
        out.formUnion(deprecatedIDs)
        for ref in references { if let alias = ref.aliasID { out.insert(alias) } }
        return out
    }

    /// The Hadolint id this rule mirrors, if any.
    public var hadolintID: String? {
        for ref in references { if case .hadolint(let v) = ref { return v } }
        return nil
    }
}

/// Examples that document a rule and are run as its tests.
///
/// In `triggering` examples, `↓` marks where each expected violation starts.
public struct RuleExamples: Sendable, Hashable {
    public var triggering: [String]
    public var passing: [String]
    /// Examples that only exist to pin an edge case; not rendered in docs.
    public var hiddenTriggering: [String]
    public var hiddenPassing: [String]

    public init(triggering: [String], passing: [String], hiddenTriggering: [String] = [],
                hiddenPassing: [String] = []) {
        self.triggering = triggering
        self.passing = passing
        self.hiddenTriggering = hiddenTriggering
        self.hiddenPassing = hiddenPassing
    }

    /// The marker that shows where a violation starts inside a triggering example.
    public static let marker: Character = "↓"
}

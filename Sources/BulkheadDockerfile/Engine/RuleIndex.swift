import BulkheadCore

/// Resolves any name a rule answers to (its id, slug, deprecated ids, peer ids such as
/// `DL3008` or `FromAsCasing`) to its canonical id. Lookups are case-insensitive.
public struct RuleIndex: Sendable {
    public let rules: [RuleMetadata]
    private let byAlias: [String: RuleID]

    public init(_ rules: [RuleMetadata]) {
        self.rules = rules
        var map: [String: RuleID] = [:]
        for r in rules {
            for alias in r.aliases { map[alias.rawValue.lowercased()] = r.id }
        }
        self.byAlias = map
    }

    /// The canonical id for `name`, or `nil` when no rule answers to it.
    public func resolve(_ name: String) -> RuleID? { byAlias[name.lowercased()] }

    public func metadata(_ id: RuleID) -> RuleMetadata? { rules.first { $0.id == id } }
}

/// What kind of risk a rule guards against; used for grouping in docs and reports.
public enum RuleCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case supplyChain = "supply-chain"
    case privilege
    case secrets
    case network
    case hygiene
    case reliability
    case maintainability
    case syntax
}

/// How much a finding matters, from `critical` down to `info`; `unknown` when nothing is known.
///
/// Severities are ordered: `critical > high > medium > low > info > unknown`. The gate
/// (`--fail-on`) compares with this order.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case unknown, info, low, medium, high, critical

    /// Rank used for ordering; higher is worse.
    public var rank: Int {
        switch self {
        case .unknown: 0
        case .info: 1
        case .low: 2
        case .medium: 3
        case .high: 4
        case .critical: 5
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// Parses a severity name, also accepting Hadolint's levels (`error`, `warning`, `info`, `style`)
    /// so `.hadolint.yaml` and `--fail-on warning` keep working.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        if let value = Severity(rawValue: lower) {
            self = value
            return
        }
        switch lower {
        case "error": self = .high
        case "warning", "warn": self = .medium
        case "style": self = .info
        case "none": return nil
        default: return nil
        }
    }

    /// Parses a Hadolint level (`error`, `warning`, `info`, `style`), where `info` is Bulkhead's
    /// `low` and `style` is Bulkhead's `info`; other names parse as in ``init(parsing:)``.
    public init?(hadolintLevel text: String) {
        switch text.lowercased() {
        case "error": self = .high
        case "warning": self = .medium
        case "info": self = .low
        case "style": self = .info
        default: self.init(parsing: text)
        }
    }

    /// The Hadolint level this severity corresponds to (`error`, `warning`, `info`, `style`).
    public var hadolintLevel: String {
        switch self {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "info"
        case .info, .unknown: "style"
        }
    }
}

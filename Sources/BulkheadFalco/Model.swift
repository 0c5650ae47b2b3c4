/// Falco's rule priorities, most severe first (syslog order).
public enum FalcoPriority: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case emergency, alert, critical, error, warning, notice, informational, debug

    /// Case-insensitive, as Falco reads `priority:` (`info` is accepted for informational).
    public init?(name: String) {
        switch name.lowercased() {
        case "emergency": self = .emergency
        case "alert": self = .alert
        case "critical": self = .critical
        case "error": self = .error
        case "warning": self = .warning
        case "notice": self = .notice
        case "informational", "info": self = .informational
        case "debug": self = .debug
        default: return nil
        }
    }

    /// Falco's spelling in outputs (`Warning`, `Informational`).
    public var description: String {
        switch self {
        case .emergency: "Emergency"
        case .alert: "Alert"
        case .critical: "Critical"
        case .error: "Error"
        case .warning: "Warning"
        case .notice: "Notice"
        case .informational: "Informational"
        case .debug: "Debug"
        }
    }

    /// More severe sorts first: `.critical < .warning`.
    public static func < (l: FalcoPriority, r: FalcoPriority) -> Bool { l.rawValue < r.rawValue }
}

extension ComparisonOperator {
    /// Reads an operator as it appears in conditions and exception `comps` (`==` is `=`).
    init?(token: String) {
        if token == "==" { self = .eq } else { self.init(rawValue: token) }
    }
}

// TEMPORARY stub until the CVSS scorer lands.
import BulkheadCore
public enum CVSSVersion: String, Sendable { case v2 = "2.0", v3_0 = "3.0", v3_1 = "3.1", v4_0 = "4.0" }
public enum CVSSRating { case none, low, medium, high, critical
    public init(score: Double, version: CVSSVersion) { self = score >= 9 ? .critical : score >= 7 ? .high : score >= 4 ? .medium : score > 0 ? .low : .none }
    public var severity: Severity { switch self { case .none: .info; case .low: .low; case .medium: .medium; case .high: .high; case .critical: .critical } }
}
public struct CVSSVector { public let version: CVSSVersion; public let vector: String; public let baseScore: Double
    public init(parsing text: String) throws { throw CancellationError() } }

import BulkheadCore
import Foundation

/// The CVSS specification a vector is written in, named after its prefix (`CVSS:3.1/`, or none for v2).
public enum CVSSVersion: String, Sendable, Hashable, CaseIterable, Codable {
    case v2 = "2.0", v3_0 = "3.0", v3_1 = "3.1", v4_0 = "4.0"
}

/// The qualitative rating of a score: FIRST's scale for v3 and v4, NVD's (no `none`) for v2.
public enum CVSSRating: String, Sendable, Hashable, CaseIterable, Codable {
    case none, low, medium, high, critical

    /// Rates `score` on the scale of `version`: v2 follows NVD (Low 0–3.9, Medium 4–6.9,
    /// High 7–10), v3 and v4 follow FIRST (None 0, Low 0.1–3.9, …, Critical 9–10).
    /// A score that is not a number rates `none`.
    public init(score: Double, version: CVSSVersion) {
        let tenths = score.isNaN ? 0 : Int((min(max(score, -1), 100) * 10).rounded())
        if version == .v2 {
            self = tenths <= 39 ? .low : (tenths <= 69 ? .medium : .high)
        } else {
            switch tenths {
            case ...0: self = .none
            case ...39: self = .low
            case ...69: self = .medium
            case ...89: self = .high
            default: self = .critical
            }
        }
    }

    /// The finding severity for this rating; `none` (a score of 0) is informational, not unknown.
    public var severity: Severity {
        switch self {
        case .none: .info
        case .low: .low
        case .medium: .medium
        case .high: .high
        case .critical: .critical
        }
    }
}

/// A validated CVSS vector (v2, v3.0, v3.1 or v4.0) and its scores, computed once at parse time
/// so that advisories with the same vector always rank the same way.
///
/// Scores match FIRST's equations as implemented by the reference Python `cvss` package.
public struct CVSSVector: Sendable, Hashable, CustomStringConvertible {
    /// The specification the vector was written in.
    public let version: CVSSVersion
    /// The normalised vector: prefix (none for v2, no parentheses), metrics in specification
    /// order, "not defined" values (`X`, `ND`) dropped. Equal vectors normalise to equal text.
    public let vector: String
    /// Metric abbreviation to value, e.g. `["AV": "N", …]`, as in `vector` (no `X` or `ND`).
    public let metrics: [String: String]
    /// The base score. For v4.0 it is the single score the specification defines, which also
    /// uses the threat and environmental metrics when present (CVSS-B, -BT, -BE or -BTE).
    public let baseScore: Double
    /// v2: nil unless a temporal metric other than `ND` is given; v3: always (unset metrics count
    /// as `X`); v4: nil.
    public let temporalScore: Double?
    /// v2: nil unless an environmental metric other than `ND` is given; v3: always; v4: nil
    /// (folded into `baseScore`).
    public let environmentalScore: Double?

    /// The rating of `baseScore` on this version's scale.
    public var rating: CVSSRating { CVSSRating(score: baseScore, version: version) }

    public var description: String { vector }

    /// Parses and scores a vector. v2 comes without prefix, optionally in parentheses
    /// (`(AV:N/AC:L/Au:N/C:P/I:P/A:P)`); v3 and v4 need `CVSS:3.0/`, `CVSS:3.1/` or `CVSS:4.0/`.
    /// Metrics may come in any order; leading and trailing white space is ignored. Metric names
    /// and values are case-sensitive, as the specifications say.
    public init(parsing text: String) throws(CVSSError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CVSSError(vector: text, reason: .empty) }
        let version: CVSSVersion
        var body = Substring(trimmed)
        if trimmed.hasPrefix("CVSS:") {
            let prefix = trimmed.prefix { $0 != "/" }
            switch prefix {
            case "CVSS:3.0": version = .v3_0
            case "CVSS:3.1": version = .v3_1
            case "CVSS:4.0": version = .v4_0
            default: throw CVSSError(vector: text, reason: .unsupportedPrefix(String(prefix)))
            }
            body = body.dropFirst(prefix.count)
            if body.first == "/" { body = body.dropFirst() }
        } else {
            version = .v2
            if body.hasPrefix("("), body.hasSuffix(")"), body.count >= 2 { body = body.dropFirst().dropLast() }
        }
        let table: [CVSSMetricDefinition]
        switch version {
        case .v2: table = CVSS2.metrics
        case .v3_0, .v3_1: table = CVSS3.metrics
        case .v4_0: table = CVSS4.metrics
        }
        let metrics = try CVSSMetricDefinition.parse(body, vector: text, table: table)
        let scores: (base: Double, temporal: Double?, environmental: Double?)
        switch version {
        case .v2: scores = CVSS2.scores(metrics)
        case .v3_0: scores = CVSS3.scores(metrics, minor: 0)
        case .v3_1: scores = CVSS3.scores(metrics, minor: 1)
        case .v4_0: scores = (CVSS4.score(metrics), nil, nil)
        }
        let prefix = version == .v2 ? "" : "CVSS:\(version.rawValue)/"
        let fields = table.compactMap { def -> String? in
            guard let value = metrics[def.name], value != def.notDefined else { return nil }
            return "\(def.name):\(value)"
        }
        self.version = version
        self.vector = prefix + fields.joined(separator: "/")
        self.metrics = metrics.filter { name, value in table.first { $0.name == name }?.notDefined != value }
        self.baseScore = scores.base
        self.temporalScore = scores.temporal
        self.environmentalScore = scores.environmental
    }
}

/// Why a text is not a CVSS vector; names the vector and, where there is one, the metric.
public struct CVSSError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The text is empty or white space.
        case empty
        /// A `CVSS:` prefix other than `CVSS:3.0`, `CVSS:3.1` and `CVSS:4.0` (the prefix is given).
        case unsupportedPrefix(String)
        /// A field that is not `metric:value` (empty, no colon, two colons); the field is given.
        case malformedField(String)
        /// A metric this version does not define.
        case unknownMetric(String)
        /// A metric given twice.
        case duplicateMetric(String)
        /// Mandatory base metrics that are absent, in specification order.
        case missingMetrics([String])
        /// A value the metric does not allow.
        case badValue(metric: String, value: String)
    }

    /// The text that failed to parse, as given.
    public let vector: String
    public let reason: Reason

    public init(vector: String, reason: Reason) {
        self.vector = vector
        self.reason = reason
    }

    /// The metric at fault, if the error is about one (the first one for `missingMetrics`).
    public var metric: String? {
        switch reason {
        case .empty, .unsupportedPrefix, .malformedField: nil
        case .unknownMetric(let m), .duplicateMetric(let m), .badValue(let m, _): m
        case .missingMetrics(let ms): ms.first
        }
    }

    public var description: String {
        let shown = vector.count > 200 ? String(vector.prefix(200)) + "…" : vector
        let why = switch reason {
        case .empty: "empty vector"
        case .unsupportedPrefix(let p): "unsupported prefix '\(p)' (expected CVSS:3.0, CVSS:3.1, CVSS:4.0 or none for v2)"
        case .malformedField(let f): "malformed field '\(f)' (expected metric:value)"
        case .unknownMetric(let m): "unknown metric '\(m)'"
        case .duplicateMetric(let m): "duplicate metric '\(m)'"
        case .missingMetrics(let ms): "missing mandatory metric\(ms.count == 1 ? "" : "s") \(ms.joined(separator: ", "))"
        case .badValue(let m, let v): "bad value '\(v)' for metric '\(m)'"
        }
        return "invalid CVSS vector '\(shown)': \(why)"
    }
}

/// One metric of a version: its abbreviation, allowed values, whether the base group needs it,
/// and the value meaning "not defined" (dropped when normalising).
struct CVSSMetricDefinition: Sendable {
    let name: String
    let values: Set<String>
    let mandatory: Bool
    let notDefined: String?

    init(_ name: String, _ values: [String], mandatory: Bool = false, notDefined: String? = nil) {
        self.name = name
        self.values = Set(values)
        self.mandatory = mandatory
        self.notDefined = notDefined
    }

    /// Parses `K:V/K:V/…` against `table`: every field must name a known metric once with an
    /// allowed value, and every mandatory metric must be present.
    static func parse(_ body: Substring, vector: String, table: [CVSSMetricDefinition]) throws(CVSSError) -> [String: String] {
        var result: [String: String] = [:]
        for field in body.isEmpty ? [] : body.split(separator: "/", omittingEmptySubsequences: false) {
            let parts = field.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CVSSError(vector: vector, reason: .malformedField(String(field)))
            }
            let name = String(parts[0]), value = String(parts[1])
            guard let def = table.first(where: { $0.name == name }) else {
                throw CVSSError(vector: vector, reason: .unknownMetric(name))
            }
            guard def.values.contains(value) else {
                throw CVSSError(vector: vector, reason: .badValue(metric: name, value: value))
            }
            guard result.updateValue(value, forKey: name) == nil else {
                throw CVSSError(vector: vector, reason: .duplicateMetric(name))
            }
        }
        let missing = table.filter { $0.mandatory && result[$0.name] == nil }.map(\.name)
        guard missing.isEmpty else { throw CVSSError(vector: vector, reason: .missingMetrics(missing)) }
        return result
    }
}

/// Exact decimal helpers: v2 and v3 scores are defined on decimal constants and rounded at one
/// decimal, so binary floating point would put some exact ties on the wrong side.
enum CVSSDecimal {
    /// `units × 10^-scale`, e.g. `d(85, 2)` is 0.85.
    static func d(_ units: Int, _ scale: Int = 0) -> Decimal {
        Decimal(sign: units < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(units.magnitude))
    }

    /// Rounds to one decimal with `mode` (`.plain` is half away from zero, `.up` is ceiling).
    static func round1(_ x: Decimal, _ mode: Decimal.RoundingMode) -> Decimal {
        var x = x, out = Decimal()
        NSDecimalRound(&out, &x, 1, mode)
        return out
    }

    /// Rounds to an integer, half away from zero.
    static func roundInt(_ x: Decimal) -> Int {
        var x = x, out = Decimal()
        NSDecimalRound(&out, &x, 0, .plain)
        return NSDecimalNumber(decimal: out).intValue
    }

    /// A one-decimal value as the nearest Double (via its integer tenths, so 5.3 is exactly `5.3`).
    static func double(_ x: Decimal) -> Double {
        Double(roundInt(x * 10)) / 10
    }
}

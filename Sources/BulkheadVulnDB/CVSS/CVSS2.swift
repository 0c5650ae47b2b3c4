import Foundation

/// CVSS v2 (https://www.first.org/cvss/v2/guide, section 3.2), computed in exact decimals
/// and rounded half up to one decimal as the guide's `round_to_1_decimal` says.
enum CVSS2 {
    static let metrics: [CVSSMetricDefinition] = [
        .init("AV", ["L", "A", "N"], mandatory: true),
        .init("AC", ["H", "M", "L"], mandatory: true),
        .init("Au", ["M", "S", "N"], mandatory: true),
        .init("C", ["N", "P", "C"], mandatory: true),
        .init("I", ["N", "P", "C"], mandatory: true),
        .init("A", ["N", "P", "C"], mandatory: true),
        .init("E", ["U", "POC", "F", "H", "ND"], notDefined: "ND"),
        .init("RL", ["OF", "TF", "W", "U", "ND"], notDefined: "ND"),
        .init("RC", ["UC", "UR", "C", "ND"], notDefined: "ND"),
        .init("CDP", ["N", "L", "LM", "MH", "H", "ND"], notDefined: "ND"),
        .init("TD", ["N", "L", "M", "H", "ND"], notDefined: "ND"),
        .init("CR", ["L", "M", "H", "ND"], notDefined: "ND"),
        .init("IR", ["L", "M", "H", "ND"], notDefined: "ND"),
        .init("AR", ["L", "M", "H", "ND"], notDefined: "ND"),
    ]

    /// Metric weights in thousandths; a metric that is absent counts as `ND`.
    private static let weights: [String: [String: Int]] = [
        "AV": ["L": 395, "A": 646, "N": 1000],
        "AC": ["H": 350, "M": 610, "L": 710],
        "Au": ["M": 450, "S": 560, "N": 704],
        "C": ["N": 0, "P": 275, "C": 660],
        "I": ["N": 0, "P": 275, "C": 660],
        "A": ["N": 0, "P": 275, "C": 660],
        "E": ["U": 850, "POC": 900, "F": 950, "H": 1000, "ND": 1000],
        "RL": ["OF": 870, "TF": 900, "W": 950, "U": 1000, "ND": 1000],
        "RC": ["UC": 900, "UR": 950, "C": 1000, "ND": 1000],
        "CDP": ["N": 0, "L": 100, "LM": 300, "MH": 400, "H": 500, "ND": 0],
        "TD": ["N": 0, "L": 250, "M": 750, "H": 1000, "ND": 1000],
        "CR": ["L": 500, "M": 1000, "H": 1510, "ND": 1000],
        "IR": ["L": 500, "M": 1000, "H": 1510, "ND": 1000],
        "AR": ["L": 500, "M": 1000, "H": 1510, "ND": 1000],
    ]

    static func scores(_ m: [String: String]) -> (base: Double, temporal: Double?, environmental: Double?) {
        typealias D = CVSSDecimal
        func w(_ metric: String) -> Decimal { D.d(weights[metric]?[m[metric] ?? "ND"] ?? 0, 3) }
        let one = D.d(1)

        let exploitability = D.d(20) * w("AV") * w("AC") * w("Au")
        // BaseScore = round_to_1_decimal(((0.6 × Impact) + (0.4 × Exploitability) − 1.5) × f(Impact))
        func baseEquation(impact: Decimal) -> Decimal {
            let f = impact == 0 ? D.d(0) : D.d(1176, 3)
            return D.round1((D.d(6, 1) * impact + D.d(4, 1) * exploitability - D.d(15, 1)) * f, .plain)
        }
        let temporalFactor = w("E") * w("RL") * w("RC")

        let impact = D.d(1041, 2) * (one - (one - w("C")) * (one - w("I")) * (one - w("A")))
        let base = max(0, baseEquation(impact: impact))

        let defined = { (names: [String]) in names.contains { (m[$0] ?? "ND") != "ND" } }
        var temporal: Double?
        if defined(["E", "RL", "RC"]) {
            temporal = D.double(max(0, D.round1(base * temporalFactor, .plain)))
        }
        var environmental: Double?
        if defined(["CDP", "TD", "CR", "IR", "AR"]) {
            // AdjustedTemporal: the temporal equation over a base score whose impact uses
            // the security requirements (capped at 10); not clamped at 0 before use.
            let adjustedImpact = min(D.d(10), D.d(1041, 2) * (one
                - (one - w("C") * w("CR")) * (one - w("I") * w("IR")) * (one - w("A") * w("AR"))))
            let adjustedTemporal = D.round1(baseEquation(impact: adjustedImpact) * temporalFactor, .plain)
            let env = D.round1((adjustedTemporal + (D.d(10) - adjustedTemporal) * w("CDP")) * w("TD"), .plain)
            environmental = D.double(max(0, env))
        }
        return (D.double(base), temporal, environmental)
    }
}

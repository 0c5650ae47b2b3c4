import Foundation

/// CVSS v3.0 and v3.1 (https://www.first.org/cvss/v3.1/specification-document, section 7),
/// computed in exact decimals. v3.1 rounds with the appendix A `Roundup` (integer arithmetic on
/// the value × 100,000); v3.0 rounds with a plain ceiling at one decimal. On exact inputs the two
/// agree for every v3 metric combination, so both also match the reference `cvss` package.
enum CVSS3 {
    static let metrics: [CVSSMetricDefinition] = [
        .init("AV", ["N", "A", "L", "P"], mandatory: true),
        .init("AC", ["L", "H"], mandatory: true),
        .init("PR", ["N", "L", "H"], mandatory: true),
        .init("UI", ["N", "R"], mandatory: true),
        .init("S", ["U", "C"], mandatory: true),
        .init("C", ["H", "L", "N"], mandatory: true),
        .init("I", ["H", "L", "N"], mandatory: true),
        .init("A", ["H", "L", "N"], mandatory: true),
        .init("E", ["X", "H", "F", "P", "U"], notDefined: "X"),
        .init("RL", ["X", "U", "W", "T", "O"], notDefined: "X"),
        .init("RC", ["X", "C", "R", "U"], notDefined: "X"),
        .init("CR", ["X", "H", "M", "L"], notDefined: "X"),
        .init("IR", ["X", "H", "M", "L"], notDefined: "X"),
        .init("AR", ["X", "H", "M", "L"], notDefined: "X"),
        .init("MAV", ["X", "N", "A", "L", "P"], notDefined: "X"),
        .init("MAC", ["X", "L", "H"], notDefined: "X"),
        .init("MPR", ["X", "N", "L", "H"], notDefined: "X"),
        .init("MUI", ["X", "N", "R"], notDefined: "X"),
        .init("MS", ["X", "U", "C"], notDefined: "X"),
        .init("MC", ["X", "H", "L", "N"], notDefined: "X"),
        .init("MI", ["X", "H", "L", "N"], notDefined: "X"),
        .init("MA", ["X", "H", "L", "N"], notDefined: "X"),
    ]

    /// Metric weights in hundredths (section 7.4). PR depends on the (modified) scope.
    private static let weights: [String: [String: Int]] = [
        "AV": ["N": 85, "A": 62, "L": 55, "P": 20],
        "AC": ["L": 77, "H": 44],
        "PR.U": ["N": 85, "L": 62, "H": 27],
        "PR.C": ["N": 85, "L": 68, "H": 50],
        "UI": ["N": 85, "R": 62],
        "CIA": ["H": 56, "L": 22, "N": 0],
        "E": ["X": 100, "H": 100, "F": 97, "P": 94, "U": 91],
        "RL": ["X": 100, "U": 100, "W": 97, "T": 96, "O": 95],
        "RC": ["X": 100, "C": 100, "R": 96, "U": 92],
        "REQ": ["X": 100, "H": 150, "M": 100, "L": 50],
    ]

    static func scores(_ m: [String: String], minor: Int) -> (base: Double, temporal: Double?, environmental: Double?) {
        typealias D = CVSSDecimal
        let one = D.d(1)
        func weight(_ table: String, _ value: String?) -> Decimal { D.d(weights[table]?[value ?? "X"] ?? 0, 2) }
        // A modified metric falls back to its base metric when absent or `X`.
        func modified(_ name: String) -> String? {
            if let v = m["M" + name], v != "X" { return v }
            return m[name]
        }
        func roundUp(_ x: Decimal) -> Decimal { minor == 0 ? D.round1(x, .up) : roundUp31(x) }

        let scope = m["S"] ?? "U"
        let temporalFactor = weight("E", m["E"]) * weight("RL", m["RL"]) * weight("RC", m["RC"])

        // Base: ISS = 1 - (1-C)(1-I)(1-A); impact 6.42 × ISS, or 7.52 × (ISS-0.029) - 3.25 × (ISS-0.02)^15.
        let iss = one - (one - weight("CIA", m["C"])) * (one - weight("CIA", m["I"])) * (one - weight("CIA", m["A"]))
        let impact = scope == "U" ? D.d(642, 2) * iss
            : D.d(752, 2) * (iss - D.d(29, 3)) - D.d(325, 2) * pow(iss - D.d(2, 2), 15)
        let exploitability = D.d(822, 2) * weight("AV", m["AV"]) * weight("AC", m["AC"])
            * weight("PR." + scope, m["PR"]) * weight("UI", m["UI"])
        let base: Decimal
        if impact <= 0 {
            base = 0
        } else {
            let sum = scope == "U" ? impact + exploitability : D.d(108, 2) * (impact + exploitability)
            base = roundUp(min(sum, D.d(10)))
        }
        let temporal = roundUp(base * temporalFactor)

        // Environmental: the same with modified metrics and security requirements; v3.1 changed the
        // changed-scope impact to 7.52 × (MISS-0.029) - 3.25 × (MISS × 0.9731 - 0.02)^13.
        let mScope = modified("S") ?? scope
        let miss = min(one
            - (one - weight("CIA", modified("C")) * weight("REQ", m["CR"]))
            * (one - weight("CIA", modified("I")) * weight("REQ", m["IR"]))
            * (one - weight("CIA", modified("A")) * weight("REQ", m["AR"])), D.d(915, 3))
        let mImpact: Decimal
        if mScope == "U" {
            mImpact = D.d(642, 2) * miss
        } else if minor == 0 {
            mImpact = D.d(752, 2) * (miss - D.d(29, 3)) - D.d(325, 2) * pow(miss - D.d(2, 2), 15)
        } else {
            mImpact = D.d(752, 2) * (miss - D.d(29, 3)) - D.d(325, 2) * pow(miss * D.d(9731, 4) - D.d(2, 2), 13)
        }
        let mExploitability = D.d(822, 2) * weight("AV", modified("AV")) * weight("AC", modified("AC"))
            * weight("PR." + mScope, modified("PR")) * weight("UI", modified("UI"))
        let environmental: Decimal
        if mImpact <= 0 {
            environmental = 0
        } else {
            let sum = mScope == "U" ? mImpact + mExploitability : D.d(108, 2) * (mImpact + mExploitability)
            environmental = roundUp(roundUp(min(sum, D.d(10))) * temporalFactor)
        }
        return (D.double(base), D.double(temporal), D.double(environmental))
    }

    /// Appendix A: `Roundup` as the smallest one-decimal number ≥ the input, computed on the
    /// integer `round(input × 100,000)` so that representation noise cannot push it up a tenth.
    static func roundUp31(_ x: Decimal) -> Decimal {
        let scaled = CVSSDecimal.roundInt(x * CVSSDecimal.d(100_000))
        if scaled % 10_000 == 0 { return CVSSDecimal.d(scaled, 5) }
        return CVSSDecimal.d(scaled / 10_000 + 1, 1)
    }
}

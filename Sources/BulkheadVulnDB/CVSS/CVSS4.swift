/// CVSS v4.0 (https://www.first.org/cvss/v4.0/specification-document, section 8.2): the vector
/// falls into a macro-vector (six equivalence classes EQ1…EQ6) whose score is looked up, then
/// lowered by how far the vector sits below that macro-vector's highest-severity vectors,
/// in proportion to the score gap to the next lower macro-vector in each class.
///
/// Arithmetic follows FIRST's reference calculator step by step in binary floating point (as the
/// `cvss` package does), then rounds half up at one decimal after adding 10^-6.
enum CVSS4 {
    static let metrics: [CVSSMetricDefinition] = [
        .init("AV", ["N", "A", "L", "P"], mandatory: true),
        .init("AC", ["L", "H"], mandatory: true),
        .init("AT", ["N", "P"], mandatory: true),
        .init("PR", ["N", "L", "H"], mandatory: true),
        .init("UI", ["N", "P", "A"], mandatory: true),
        .init("VC", ["H", "L", "N"], mandatory: true),
        .init("VI", ["H", "L", "N"], mandatory: true),
        .init("VA", ["H", "L", "N"], mandatory: true),
        .init("SC", ["H", "L", "N"], mandatory: true),
        .init("SI", ["H", "L", "N"], mandatory: true),
        .init("SA", ["H", "L", "N"], mandatory: true),
        .init("E", ["X", "A", "P", "U"], notDefined: "X"),
        .init("CR", ["X", "H", "M", "L"], notDefined: "X"),
        .init("IR", ["X", "H", "M", "L"], notDefined: "X"),
        .init("AR", ["X", "H", "M", "L"], notDefined: "X"),
        .init("MAV", ["X", "N", "A", "L", "P"], notDefined: "X"),
        .init("MAC", ["X", "L", "H"], notDefined: "X"),
        .init("MAT", ["X", "N", "P"], notDefined: "X"),
        .init("MPR", ["X", "N", "L", "H"], notDefined: "X"),
        .init("MUI", ["X", "N", "P", "A"], notDefined: "X"),
        .init("MVC", ["X", "H", "L", "N"], notDefined: "X"),
        .init("MVI", ["X", "H", "L", "N"], notDefined: "X"),
        .init("MVA", ["X", "H", "L", "N"], notDefined: "X"),
        .init("MSC", ["X", "H", "L", "N"], notDefined: "X"),
        .init("MSI", ["X", "S", "H", "L", "N"], notDefined: "X"),
        .init("MSA", ["X", "S", "H", "L", "N"], notDefined: "X"),
        .init("S", ["X", "N", "P"], notDefined: "X"),
        .init("AU", ["X", "N", "Y"], notDefined: "X"),
        .init("R", ["X", "A", "U", "I"], notDefined: "X"),
        .init("V", ["X", "D", "C"], notDefined: "X"),
        .init("RE", ["X", "L", "M", "H"], notDefined: "X"),
        .init("U", ["X", "Clear", "Green", "Amber", "Red"], notDefined: "X"),
    ]

    /// Values of each metric that takes part in severity distances, most severe first; a value's
    /// position is its distance in steps of 0.1 from the most severe one (SC has no `S`).
    private static let severityOrder: [String: [String]] = [
        "AV": ["N", "A", "L", "P"], "PR": ["N", "L", "H"], "UI": ["N", "P", "A"],
        "AC": ["L", "H"], "AT": ["N", "P"],
        "VC": ["H", "L", "N"], "VI": ["H", "L", "N"], "VA": ["H", "L", "N"],
        "SC": ["S", "H", "L", "N"], "SI": ["S", "H", "L", "N"], "SA": ["S", "H", "L", "N"],
        "CR": ["H", "M", "L"], "IR": ["H", "M", "L"], "AR": ["H", "M", "L"],
    ]
    private static let steps: [Double] = [0.0, 0.1, 0.2, 0.3]

    /// One interpolated class (EQ1, EQ2, EQ3 with EQ6, EQ4): its metrics in the order their
    /// distances are summed, and per level the highest-severity vectors (the specification's EQ tables)
    /// and the depth of the level in steps (the largest distance a vector of it can have).
    private struct ClassShape {
        let metrics: [String]
        let highest: [String: [[String]]]
        let depth: [String: Int]

        init(_ metrics: [String], _ levels: [String: (depth: Int, highest: [String])]) {
            self.metrics = metrics
            self.depth = levels.mapValues(\.depth)
            // "AV:N/PR:N/UI:N" → ["N", "N", "N"] in `metrics` order.
            self.highest = levels.mapValues { level in
                level.highest.map { vector in
                    let pairs = vector.split(separator: "/").map { $0.split(separator: ":").map(String.init) }
                    return metrics.map { name in pairs.first { $0[0] == name }?[1] ?? "" }
                }
            }
        }
    }

    private static let eq1Shape = ClassShape(["AV", "PR", "UI"], [
        "0": (1, ["AV:N/PR:N/UI:N"]),
        "1": (4, ["AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"]),
        "2": (5, ["AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"]),
    ])
    private static let eq2Shape = ClassShape(["AC", "AT"], [
        "0": (1, ["AC:L/AT:N"]),
        "1": (2, ["AC:H/AT:N", "AC:L/AT:P"]),
    ])
    /// EQ3 and EQ6 are interpolated together, keyed by the two digits `eq3 eq6`.
    private static let eq36Shape = ClassShape(["VC", "VI", "VA", "CR", "IR", "AR"], [
        "00": (7, ["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"]),
        "01": (6, ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"]),
        "10": (8, ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"]),
        "11": (8, ["VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
                   "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
                   "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"]),
        "21": (10, ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"]),
    ])
    private static let eq4Shape = ClassShape(["SC", "SI", "SA"], [
        "0": (6, ["SC:H/SI:S/SA:S"]),
        "1": (5, ["SC:H/SI:H/SA:H"]),
        "2": (4, ["SC:L/SI:L/SA:L"]),
    ])

    static func score(_ given: [String: String]) -> Double {
        // Effective values: a modified metric overrides its base metric; unset threat and
        // requirement metrics take their worst case (E:A, CR/IR/AR:H).
        func value(_ name: String) -> String {
            switch name {
            case "E": let e = given["E"] ?? "X"; return e == "X" ? "A" : e
            case "CR", "IR", "AR": let r = given[name] ?? "X"; return r == "X" ? "H" : r
            default:
                if let modified = given["M" + name], modified != "X" { return modified }
                return given[name] ?? "X"
            }
        }
        let impacts = ["VC", "VI", "VA", "SC", "SI", "SA"]
        if impacts.allSatisfy({ value($0) == "N" }) { return 0 }

        let av = value("AV"), pr = value("PR"), ui = value("UI")
        let eq1 = av == "N" && pr == "N" && ui == "N" ? 0 : ((av == "N" || pr == "N" || ui == "N") && av != "P" ? 1 : 2)
        let eq2 = value("AC") == "L" && value("AT") == "N" ? 0 : 1
        let vc = value("VC"), vi = value("VI"), va = value("VA")
        let eq3 = vc == "H" && vi == "H" ? 0 : (vc == "H" || vi == "H" || va == "H" ? 1 : 2)
        let eq4 = value("SI") == "S" || value("SA") == "S" ? 0
            : (["SC", "SI", "SA"].contains { value($0) == "H" } ? 1 : 2)
        let eq5 = ["A": 0, "P": 1, "U": 2][value("E")] ?? 0
        let eq6 = (value("CR") == "H" && vc == "H") || (value("IR") == "H" && vi == "H")
            || (value("AR") == "H" && va == "H") ? 0 : 1

        func lookup(_ e1: Int, _ e2: Int, _ e3: Int, _ e4: Int, _ e5: Int, _ e6: Int) -> Double? {
            macroVectorScores["\(e1)\(e2)\(e3)\(e4)\(e5)\(e6)"]
        }
        guard let macroScore = lookup(eq1, eq2, eq3, eq4, eq5, eq6) else { return 0 }

        // Scores of the next lower macro-vector in each class (nil past the lowest level).
        // EQ3+EQ6 at 00 can go down either way; the higher of the two is the next one.
        let lowerEQ36: Double? = switch (eq3, eq6) {
        case (0, 0):
            lookup(eq1, eq2, 0, eq4, eq5, 1).map { a in lookup(eq1, eq2, 1, eq4, eq5, 0).map { max(a, $0) } ?? a }
        case (_, 1) where eq3 < 2: lookup(eq1, eq2, eq3 + 1, eq4, eq5, 1)
        case (1, 0): lookup(eq1, eq2, 1, eq4, eq5, 1)
        default: lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1)
        }

        // Distance (in 0.1 steps) of the vector below each highest-severity vector of its levels;
        // the first one the vector does not exceed in any metric is its reference. (Should no
        // combination qualify, the last one is used, as the reference calculator does.)
        let classes: [(shape: ClassShape, level: String, lower: Double?)] = [
            (eq1Shape, "\(eq1)", lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6)),
            (eq2Shape, "\(eq2)", lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6)),
            (eq36Shape, "\(eq3)\(eq6)", lowerEQ36),
            (eq4Shape, "\(eq4)", lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6)),
        ]
        func step(_ name: String, _ v: String) -> Double {
            guard let i = severityOrder[name]?.firstIndex(of: v), i < steps.count else { return 0 }
            return steps[i]
        }
        var candidates: [[[Double]]] = []
        for c in classes {
            let highest = c.shape.highest[c.level] ?? []
            candidates.append(highest.map { maxValues in
                zip(c.shape.metrics, maxValues).map { name, maxValue in step(name, value(name)) - step(name, maxValue) }
            })
        }
        let firsts = candidates.map { $0.first { $0.allSatisfy { $0 >= 0 } } }
        let distances: [[Double]] = firsts.allSatisfy { $0 != nil } ? firsts.map { $0 ?? [] } : candidates.map { $0.last ?? [] }

        var sum = 0.0
        var lowerCount = 0
        for (c, d) in zip(classes, distances) {
            guard let lower = c.lower else { continue }
            let available = macroScore - lower
            guard available >= 0 else { continue }
            lowerCount += 1
            let depth = Double(c.shape.depth[c.level] ?? 1) * 0.1
            let distance = d.reduce(0.0, +)
            sum += available * (distance / depth)
        }
        // EQ5 has a single vector per level: it counts towards the mean but moves nothing.
        if let lower = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6), macroScore - lower >= 0 { lowerCount += 1 }

        let mean = lowerCount == 0 ? 0 : sum / Double(lowerCount)
        let score = min(10, max(0, macroScore - mean))
        return roundHalfUp(score + 1e-6)
    }

    /// Rounds the exact binary value of `x` half up at one decimal: the largest q with 10x ≥ q − ½,
    /// i.e. 20x ≥ 2q − 1, decided exactly (a fused multiply-add gives the error of 20x).
    static func roundHalfUp(_ x: Double) -> Double {
        guard x.isFinite, abs(x) < 1e12 else { return x }
        let p = 20 * x
        let residual = (-p).addingProduct(20, x)  // 20x − p, exactly
        func atLeast(_ c: Double) -> Bool { p > c || (p == c && residual >= 0) }
        var q = (x * 10).rounded()
        while !atLeast(2 * q - 1) { q -= 1 }
        while atLeast(2 * q + 1) { q += 1 }
        return q / 10
    }
}

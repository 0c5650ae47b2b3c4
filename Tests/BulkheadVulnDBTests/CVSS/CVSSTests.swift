import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("CVSS vectors")
struct CVSSTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let vector: String
        let base: Double
        let temporal: Double?
        let environmental: Double?
        let rating: CVSSRating
        var testDescription: String { vector }
    }

    static let examples: [Example] = [
        // CVSS v2 guide, section 3.3 (CVE-2002-0392, CVE-2003-0818, CVE-2003-0062).
        .init(vector: "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H",
              base: 7.8, temporal: 6.4, environmental: 9.2, rating: .high),
        .init(vector: "AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L",
              base: 10.0, temporal: 8.3, environmental: 9.0, rating: .high),
        .init(vector: "AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:M",
              base: 6.2, temporal: 4.9, environmental: 7.5, rating: .medium),
        .init(vector: "(AV:N/AC:L/Au:N/C:N/I:N/A:C)", base: 7.8, temporal: nil, environmental: nil, rating: .high),
        // CVSS v3.1 examples document: Heartbleed, Shellshock, POODLE, phpMyAdmin XSS, VMware guest escape
        // (the last one's environmental score is 10.0 by v3.1's changed-scope formula).
        .init(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", base: 7.5, temporal: 7.5, environmental: 7.5, rating: .high),
        .init(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", base: 9.8, temporal: 9.8, environmental: 9.8, rating: .critical),
        .init(vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", base: 3.1, temporal: 3.1, environmental: 3.1, rating: .low),
        .init(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", base: 6.1, temporal: 6.1, environmental: 6.1, rating: .medium),
        .init(vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", base: 9.9, temporal: 9.9, environmental: 10.0, rating: .critical),
        // CVSS v3.0 examples document: MySQL CVE-2013-0375.
        .init(vector: "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", base: 6.4, temporal: 6.4, environmental: 6.4, rating: .medium),
        // v3.0 and v3.1 differ only in the changed-scope environmental impact.
        .init(vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:N/CR:L", base: 10.0, temporal: 10.0, environmental: 9.6, rating: .critical),
        .init(vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:N/CR:L", base: 10.0, temporal: 10.0, environmental: 9.5, rating: .critical),
        // CVSS v4.0 (FIRST calculator): network RCE, local privilege escalation, the same RCE
        // unreported (E:U lowers the one v4 score), all-high, and no impact at all.
        .init(vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", base: 9.3, temporal: nil, environmental: nil, rating: .critical),
        .init(vector: "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", base: 8.5, temporal: nil, environmental: nil, rating: .high),
        .init(vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", base: 8.1, temporal: nil, environmental: nil, rating: .high),
        .init(vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", base: 10.0, temporal: nil, environmental: nil, rating: .critical),
        .init(vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", base: 0.0, temporal: nil, environmental: nil, rating: .none),
    ]

    @Test("published examples score as published", arguments: examples)
    func published(_ example: Example) throws {
        let v = try CVSSVector(parsing: example.vector)
        #expect(v.baseScore == example.base)
        #expect(v.temporalScore == example.temporal)
        #expect(v.environmentalScore == example.environmental)
        #expect(v.rating == example.rating)
    }

    @Test("vectors normalise to prefix, specification order, no parentheses, no not-defined values")
    func normalisation() throws {
        #expect(try CVSSVector(parsing: "(AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND)").vector == "AV:N/AC:L/Au:N/C:P/I:P/A:P")
        let v3 = try CVSSVector(parsing: " CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X/RC:C\n")
        #expect(v3.version == .v3_1)
        #expect(v3.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/RC:C")
        #expect(v3.metrics["E"] == nil && v3.metrics["RC"] == "C")
        let v4 = try CVSSVector(parsing: "CVSS:4.0/U:Red/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:X")
        #expect(v4.vector == "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red")
        #expect(try CVSSVector(parsing: v4.vector) == v4)
    }

    @Test("ratings map to finding severities; v2 follows NVD's three bands")
    func ratings() {
        #expect(CVSSRating(score: 0, version: .v3_1) == .none)
        #expect(CVSSRating.none.severity == .info)
        #expect(CVSSRating(score: 0, version: .v2) == .low)
        #expect(CVSSRating(score: 10, version: .v2) == .high)
        let bands: [(Double, CVSSRating)] = [(0.1, .low), (3.9, .low), (4.0, .medium), (6.9, .medium), (7.0, .high),
                                             (8.9, .high), (9.0, .critical), (10.0, .critical)]
        for (score, rating) in bands {
            #expect(CVSSRating(score: score, version: .v4_0) == rating)
            #expect(CVSSRating(score: score, version: .v3_0).severity == rating.severity)
        }
        #expect(CVSSRating.critical.severity == .critical)
    }

    @Test("errors name the vector and the metric", arguments: zip([
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/PR:N",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/AV:L",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:P",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H",
        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X",
    ], [
        CVSSError.Reason.unknownMetric("XX"), .unknownMetric("PR"), .duplicateMetric("AV"), .duplicateMetric("E"),
        .missingMetrics(["SA"]), .missingMetrics(["S", "A"]), .badValue(metric: "AV", value: "X"),
        .badValue(metric: "S", value: "U"), .badValue(metric: "E", value: "X"),
    ]))
    func metricErrors(_ text: String, _ reason: CVSSError.Reason) {
        #expect(throws: CVSSError(vector: text, reason: reason)) { try CVSSVector(parsing: text) }
        let metric = CVSSError(vector: text, reason: reason).metric
        #expect(metric != nil)
        do {
            _ = try CVSSVector(parsing: text)
        } catch {
            #expect(error.description.contains(text))
            #expect(error.description.contains(metric ?? "?"))
        }
    }

    @Test("prefix and field errors", arguments: zip([
        "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "AV:N/AC:L/Au:N/C:P/I:P/A",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
        "AV:N/AC:L:H/Au:N/C:P/I:P/A:P",
        "CVSS:3.1",
        " ",
    ], [
        CVSSError.Reason.unsupportedPrefix("CVSS:3.2"), .unsupportedPrefix("CVSS:2.0"), .malformedField("A"),
        .malformedField(""), .malformedField("AC:L:H"),
        .missingMetrics(["AV", "AC", "PR", "UI", "S", "C", "I", "A"]), .empty,
    ]))
    func formatErrors(_ text: String, _ reason: CVSSError.Reason) {
        #expect(throws: CVSSError(vector: text, reason: reason)) { try CVSSVector(parsing: text) }
    }

    @Test("random text never crashes the parser")
    func fuzz() {
        var rng = SeededRandom(seed: 0xF022)
        let alphabet = Array("AVCNLHPUXSMRIEDTYG:/()0123456789.-::///é\u{0}")
        let prefixes = ["", "CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/", "CVSS:", "("]
        var accepted = 0
        for _ in 0..<20_000 {
            let body = String((0..<rng.index(60)).map { _ in rng.pick(alphabet) })
            if let v = try? CVSSVector(parsing: rng.pick(prefixes) + body) {
                accepted += 1
                #expect((0...10).contains(v.baseScore))
            }
        }
        // Mutations of valid vectors: one character dropped, replaced or inserted.
        for (i, v) in CVSSVectorGenerator.vectors(prefix: "CVSS:4.0", count: 2_000, seed: 0xF023).enumerated() {
            var chars = Array(v)
            let at = rng.index(chars.count)
            switch i % 3 {
            case 0: chars.remove(at: at)
            case 1: chars[at] = rng.pick(alphabet)
            default: chars.insert(rng.pick(alphabet), at: at)
            }
            _ = try? CVSSVector(parsing: String(chars))
        }
        #expect(accepted < 20_000)
    }

    @Test("every CVSS vector in the OSV corpus scores as the cvss package does")
    func corpus() throws {
        let found = try cvssCorpusVectors(root: Corpus.url("osv"))
        var perVersion: [String: Int] = [:]
        for item in found {
            perVersion[(try? CVSSVector(parsing: item.vector))?.version.rawValue ?? "invalid", default: 0] += 1
        }
        // The corpus has CVSS_V3 severities (and GHSA vectorStrings) only: no v2 or v4 records.
        #expect(found.count > 0)
        #expect(perVersion["3.0", default: 0] > 0)
        #expect(perVersion["3.1", default: 0] > 0)
        #expect(perVersion["invalid"] == nil)
        #expect(try compareWithOracle(found.map(\.vector)) == found.count)
    }

    @Test("5,000 generated vectors per version score as the cvss package does",
          .serialized, arguments: CVSSVersion.allCases)
    func generated(_ version: CVSSVersion) throws {
        let vectors = CVSSVectorGenerator.vectors(version, count: 5_000)
        #expect(vectors.count >= 5_000)
        var normalisedSame = 0
        for text in vectors {
            let v = try CVSSVector(parsing: text)
            #expect(v.version == version)
            if try CVSSVector(parsing: v.vector) == v { normalisedSame += 1 }
        }
        #expect(normalisedSame == vectors.count)
        #expect(try compareWithOracle(vectors) == vectors.count)
    }

    /// Scores `vectors` with both implementations; records the first mismatches and returns how
    /// many agreed. The oracle failing to run throws, so a missing `cvss` package fails loudly.
    private func compareWithOracle(_ vectors: [String]) throws -> Int {
        // Probe with empty input first: if `cvss` is missing, Python exits before reading stdin,
        // and writing thousands of lines to it would kill the test process with SIGPIPE.
        _ = try Oracle.python("import cvss", input: "")
        let output = try Oracle.python(cvssOracleScript, input: vectors.joined(separator: "\n") + "\n")
        let theirs = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(theirs.count >= vectors.count)
        var agreed = 0, reported = 0
        for (i, vector) in vectors.enumerated() {
            let ours = cvssOracleLine(vector), expected = i < theirs.count ? theirs[i] : "<no output>"
            if ours == expected, !ours.hasPrefix("ERR") {
                agreed += 1
            } else if reported < 10 {
                reported += 1
                Issue.record("\(vector): ours \(ours), cvss \(expected)")
            }
        }
        return agreed
    }
}

// MARK: - Generator, oracle script and corpus scan (also used by the development driver)

/// Metric names and values per version, written out independently of the implementation:
/// (name, values, base metric).
private enum CVSSVectorGenerator {
    typealias Table = [(name: String, values: [String], base: Bool)]

    static let v2: Table = [
        ("AV", ["L", "A", "N"], true), ("AC", ["H", "M", "L"], true), ("Au", ["M", "S", "N"], true),
        ("C", ["N", "P", "C"], true), ("I", ["N", "P", "C"], true), ("A", ["N", "P", "C"], true),
        ("E", ["U", "POC", "F", "H", "ND"], false), ("RL", ["OF", "TF", "W", "U", "ND"], false),
        ("RC", ["UC", "UR", "C", "ND"], false),
        ("CDP", ["N", "L", "LM", "MH", "H", "ND"], false), ("TD", ["N", "L", "M", "H", "ND"], false),
        ("CR", ["L", "M", "H", "ND"], false), ("IR", ["L", "M", "H", "ND"], false), ("AR", ["L", "M", "H", "ND"], false),
    ]
    static let v3: Table = [
        ("AV", ["N", "A", "L", "P"], true), ("AC", ["L", "H"], true), ("PR", ["N", "L", "H"], true),
        ("UI", ["N", "R"], true), ("S", ["U", "C"], true),
        ("C", ["H", "L", "N"], true), ("I", ["H", "L", "N"], true), ("A", ["H", "L", "N"], true),
        ("E", ["X", "H", "F", "P", "U"], false), ("RL", ["X", "U", "W", "T", "O"], false),
        ("RC", ["X", "C", "R", "U"], false),
        ("CR", ["X", "H", "M", "L"], false), ("IR", ["X", "H", "M", "L"], false), ("AR", ["X", "H", "M", "L"], false),
        ("MAV", ["X", "N", "A", "L", "P"], false), ("MAC", ["X", "L", "H"], false),
        ("MPR", ["X", "N", "L", "H"], false), ("MUI", ["X", "N", "R"], false), ("MS", ["X", "U", "C"], false),
        ("MC", ["X", "H", "L", "N"], false), ("MI", ["X", "H", "L", "N"], false), ("MA", ["X", "H", "L", "N"], false),
    ]
    static let v4: Table = [
        ("AV", ["N", "A", "L", "P"], true), ("AC", ["L", "H"], true), ("AT", ["N", "P"], true),
        ("PR", ["N", "L", "H"], true), ("UI", ["N", "P", "A"], true),
        ("VC", ["H", "L", "N"], true), ("VI", ["H", "L", "N"], true), ("VA", ["H", "L", "N"], true),
        ("SC", ["H", "L", "N"], true), ("SI", ["H", "L", "N"], true), ("SA", ["H", "L", "N"], true),
        ("E", ["X", "A", "P", "U"], false),
        ("CR", ["X", "H", "M", "L"], false), ("IR", ["X", "H", "M", "L"], false), ("AR", ["X", "H", "M", "L"], false),
        ("MAV", ["X", "N", "A", "L", "P"], false), ("MAC", ["X", "L", "H"], false), ("MAT", ["X", "N", "P"], false),
        ("MPR", ["X", "N", "L", "H"], false), ("MUI", ["X", "N", "P", "A"], false),
        ("MVC", ["X", "H", "L", "N"], false), ("MVI", ["X", "H", "L", "N"], false), ("MVA", ["X", "H", "L", "N"], false),
        ("MSC", ["X", "H", "L", "N"], false), ("MSI", ["X", "S", "H", "L", "N"], false),
        ("MSA", ["X", "S", "H", "L", "N"], false),
        ("S", ["X", "N", "P"], false), ("AU", ["X", "N", "Y"], false), ("R", ["X", "A", "U", "I"], false),
        ("V", ["X", "D", "C"], false), ("RE", ["X", "L", "M", "H"], false),
        ("U", ["X", "Clear", "Green", "Amber", "Red"], false),
    ]

    /// `count` random valid vectors of `version`, the same on every run.
    static func vectors(_ version: CVSSVersion, count: Int) -> [String] {
        let (prefix, seed): (String?, UInt64) = switch version {
        case .v2: (nil, 0xC755_0002)
        case .v3_0: ("CVSS:3.0", 0xC755_0030)
        case .v3_1: ("CVSS:3.1", 0xC755_0031)
        case .v4_0: ("CVSS:4.0", 0xC755_0040)
        }
        return vectors(prefix: prefix, count: count, seed: seed)
    }

    /// `count` random valid vectors of `prefix` (nil for v2): every base metric, and on about
    /// half of them a random subset of the other metrics; some shuffled, some v2 in parentheses.
    static func vectors(prefix: String?, count: Int, seed: UInt64) -> [String] {
        var rng = SeededRandom(seed: seed)
        let table = prefix == nil ? v2 : (prefix == "CVSS:4.0" ? v4 : v3)
        return (0..<count).map { _ in
            let extras = rng.chance(0.5)
            let density = 0.1 + 0.8 * Double(rng.index(1_000)) / 1_000
            var fields: [String] = []
            for metric in table where metric.base || (extras && rng.chance(density)) {
                fields.append("\(metric.name):\(rng.pick(metric.values))")
            }
            if rng.index(10) == 0 { fields.shuffle(using: &rng) }
            let body = fields.joined(separator: "/")
            guard let prefix else { return rng.index(4) == 0 ? "(\(body))" : body }
            return prefix + "/" + body
        }
    }
}

/// The `cvss` package scores every stdin line: `base|temporal|environmental|Severity` for v2 and
/// v3 (`-` when a score is undefined), `score|Severity` for v4, `ERR <exception>` when it rejects.
private let cvssOracleScript = """
import sys
from cvss import CVSS2, CVSS3, CVSS4
for line in sys.stdin:
    v = line.rstrip("\\n")
    try:
        if v.startswith("CVSS:4"):
            c = CVSS4(v)
        elif v.startswith("CVSS:3"):
            c = CVSS3(v)
        else:
            c = CVSS2(v[1:-1] if v.startswith("(") and v.endswith(")") else v)
        s = ["-" if x is None else "%.1f" % x for x in c.scores()]
        print("|".join(s + [c.severities()[0]]))
    except Exception as e:
        print("ERR " + type(e).__name__)
"""

/// Our answer in the oracle's format.
private func cvssOracleLine(_ text: String) -> String {
    guard let v = try? CVSSVector(parsing: text) else { return "ERR" }
    func f(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "-" }
    let rating = v.rating.rawValue.prefix(1).uppercased() + v.rating.rawValue.dropFirst()
    if v.version == .v4_0 { return "\(f(v.baseScore))|\(rating)" }
    return "\(f(v.baseScore))|\(f(v.temporalScore))|\(f(v.environmentalScore))|\(rating)"
}

/// Every CVSS vector in the OSV records under `root`: `score` of `severity` entries typed
/// CVSS_V2/V3/V4, and GHSA `vectorString`s. Returns (type or "vectorString", vector) pairs.
private func cvssCorpusVectors(root: URL) throws -> [(kind: String, vector: String)] {
    let scored = try Regex(#"\btype"?\s*:\s*"?(CVSS_V[234])"?\s*,?\s*"?score"?\s*:\s*"?([^"\s]+)"#)
    let ghsa = try Regex(#""vectorString"\s*:\s*"([^"]+)""#)
    var found: [(kind: String, vector: String)] = []
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    var files: [URL] = []
    for case let url as URL in walker where ["json", "yaml", "yml"].contains(url.pathExtension) { files.append(url) }
    for url in files.sorted(by: { $0.path < $1.path }) {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains("CVSS") else { continue }
        for m in text.matches(of: scored) {
            if let kind = m.output[1].substring, let vector = m.output[2].substring {
                found.append((String(kind), String(vector)))
            }
        }
        for m in text.matches(of: ghsa) {
            if let vector = m.output[1].substring { found.append(("vectorString", String(vector))) }
        }
    }
    return found
}

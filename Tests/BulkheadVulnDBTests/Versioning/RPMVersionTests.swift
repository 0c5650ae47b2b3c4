import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("RPM versions")
struct RPMVersionTests {
    /// Hand-picked cases, each checked in both directions (all confirmed with rpm 4.18's
    /// `labelCompare`).
    static let edges: [(String, String, String)] = [
        ("1.0~rc1", "<", "1.0"), ("1.0~rc1", "<", "1.0~rc2"), ("1.0~~", "<", "1.0~"), ("1.0", "<", "1.0^"),
        ("1.0^", "<", "1.0.1"), ("1.0^git1", "<", "1.0.1"), ("1.0^git1", ">", "1.0"), ("1.0^git1~1", "<", "1.0^git1"),
        ("1.0~rc1^git1", ">", "1.0~rc1"), ("1.0~rc1^git1", "<", "1.0"), ("1.0^~", "<", "1.0^"), ("1.0a", ">", "1.0"),
        ("1.0", "<", "1.0a"), ("1.0a", "<", "1.0.1"), ("1a", "<", "1.1"), ("1.001", "=", "1.1"), ("1.0", "=", "1_0"),
        ("1.0", "=", "1..0"), ("1.", "=", "1"), ("10", ">", "9"), ("a", "<", "b"), ("B", "<", "a"), ("1.0.a", "<", "1.0.0"),
        ("1", "<", "1-"), ("1-", "<", "1-0"), ("1-1", "<", "1-1.1"), ("1-~1", "<", "1-"), ("1", "<", "1-~1"),
        ("0:1.0", "=", "1.0"), ("01:2", "=", "1:2"), (":2", "=", "2"), ("1:1.0", ">", "2.0"), ("2.0-1.el8", "<", "2.0-1.el8_1"),
        ("3.10.0-229.el7", "<", "3.10.0-229.1.2.el7"), ("1.1.α", "=", "1.1.β"), ("1.1.α", "<", "1.1.a"),
        ("a:1", "<", "b:1"), ("1.0-a-b", ">", "1.0-a"), ("18446744073709551616", ">", "18446744073709551615"),
        ("2.0+", "=", "2.0"), ("+2-:1", ">", "+1-:1"),
    ]

    @Test("hand-picked edge cases order as rpm orders them")
    func edgeCases() {
        for (a, op, b) in Self.edges {
            #expect(checkComparison(RPMVersion.self, a, op, b) == nil)
            #expect(checkComparison(.rpm, a, op, b) == nil)
        }
    }

    @Test("epoch, version and release are split as rpm's parseEVR splits them")
    func parts() throws {
        let v = try RPMVersion(parsing: "3:1.0.2-4.el8_6.1")
        #expect(v.epoch == 3 && v.version == "1.0.2" && v.release == "4.el8_6.1")
        let bare = try RPMVersion(parsing: "1.0")
        #expect(bare.epoch == 0 && bare.version == "1.0" && bare.release == nil)
        let empty = try RPMVersion(parsing: "1.0-")
        #expect(empty.release == "")
        let notEpoch = try RPMVersion(parsing: "a1:2")
        #expect(notEpoch.epoch == 0 && notEpoch.version == "a1:2")
    }

    @Test("every line of the osv-scalibr Red Hat corpus")
    func corpus() throws {
        let lines = try corpusComparisons("redhat-versions.txt")
        #expect(lines.count > 0)
        #expect(lines.count == 165)
        let failures = lines.compactMap { c in
            checkComparison(RPMVersion.self, c.a, c.op, c.b).map { "redhat-versions.txt:\(c.line): \($0)" }
        }
        let failuresCount = failures.count
        #expect(failuresCount == 0, "\(summary(failures))")
    }

    @Test("garbage is rejected, naming the rpm scheme", arguments: [
        "", " ", "1.0 ", " 1.0", "1 0", "1.0\t", "1.0\n", "1:", "-1", "1:-1", "1.0\u{7F}", "99999999999:1",
    ])
    func garbage(text: String) {
        do {
            let v = try RPMVersion(parsing: text)
            Issue.record("accepted \(text.debugDescription) as \(v)")
        } catch {
            #expect(error.scheme == .rpm)
            #expect(error.text == text)
            #expect(error.description.contains("rpm"))
        }
    }

    @Test("10,000 seeded random pairs agree with rpm.labelCompare")
    func oracle() throws {
        let pairs = try rpmOraclePairs()
        #expect(pairs.count >= 10_000)
        let answers = try rpmCompare(pairs)
        try #require(answers.count == pairs.count)
        var mismatches: [String] = []
        for ((a, b), expected) in zip(pairs, answers) {
            let ours = orderSymbol(try RPMVersion(parsing: a), try RPMVersion(parsing: b))
            if ours != expected { mismatches.append("\(a) vs \(b): rpm \(expected), ours \(ours)") }
        }
        let mismatchesCount = mismatches.count
        #expect(mismatchesCount == 0, "\(summary(mismatches))")
    }
}

/// At least 10,000 pairs (seeded) of versions that parse. The Red Hat corpus is small, so the
/// pool also takes the Debian and Alpine corpus versions (any text is an rpm version) and the
/// mutations add `~`, `^`, epochs, releases and odd separators.
func rpmOraclePairs(count: Int = 10_000, seed: UInt64 = 0x52504D) throws -> [(String, String)] {
    var pool = try corpusVersionPool(["redhat-versions.txt"])
    var rng = SeededRandom(seed: seed)
    for v in try corpusVersionPool(["debian-versions-generated.txt", "alpine-versions-generated.txt"]) where rng.chance(0.2) {
        pool.append(v)
    }
    var kept: [(String, String)] = []
    while kept.count < count {
        for (a, b) in randomPairs(pool: pool, count: count, rng: &rng, mutateRate: 0.6, mutate: rpmMutate) {
            guard kept.count < count, (try? RPMVersion(parsing: a)) != nil, (try? RPMVersion(parsing: b)) != nil else { continue }
            kept.append((a, b))
        }
    }
    return kept
}

/// One to three rpm-flavoured edits of `v`.
func rpmMutate(_ v: String, _ rng: inout SeededRandom) -> String {
    var s = v
    for _ in 0...rng.index(3) {
        switch rng.index(7) {
        case 0:  // add, change or drop the epoch
            if let colon = s.firstIndex(of: ":"), rng.chance(0.5) {
                s = String(s[s.index(after: colon)...])
            } else {
                s = rng.pick(["0", "1", "2", "01", "10", ""]) + ":" + s
            }
        case 1:  // add or drop a release
            if let hyphen = s.lastIndex(of: "-"), rng.chance(0.5) {
                s = String(s[..<hyphen])
            } else {
                s += "-" + rng.pick(["1", "0", "", "1.el7", "1.el8_6", "2.fc38", "~1", "^1", "1^git2", "a"])
            }
        case 2:  // tilde and caret additions
            s += rng.pick(["~", "^", "~rc1", "^git1", "^20160101", "~~", "^~", "~^", "^^"])
        default:
            s = mutateVersion(s, &rng, fragments: ["~", "^", "~rc1", "^git3", ".", "_", "+", "%", "a", "Z", "0", "00",
                                                  "-", ":", ".el7", "α"],
                              alphabet: "0123456789.~^_+-:azAZ")
        }
    }
    return s
}

/// Asks rpm's Python binding about every pair: `rpm.ver` splits epoch, version and release
/// (rpm's own parseEVR) and `rpm.labelCompare` orders them. One line per pair: `<`, `=`, `>`.
func rpmCompare(_ pairs: [(String, String)]) throws -> [String] {
    let script = """
        import json, sys, rpm
        out = []
        for a, b in json.load(sys.stdin):
            x, y = rpm.ver(a), rpm.ver(b)
            r = rpm.labelCompare((x.e, x.v, x.r), (y.e, y.v, y.r))
            out.append('<' if r < 0 else ('>' if r > 0 else '='))
        sys.stdout.write('\\n'.join(out) + '\\n')
        """
    let input = try JSONSerialization.data(withJSONObject: pairs.map { [$0.0, $0.1] })
    return try Oracle.python(script, input: String(decoding: input, as: UTF8.self))
        .split(separator: "\n").map(String.init)
}

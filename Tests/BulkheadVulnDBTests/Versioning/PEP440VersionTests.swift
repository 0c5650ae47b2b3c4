import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("PEP 440 versions")
struct PEP440VersionTests {
    /// Hand-picked cases, each checked in both directions (all confirmed with packaging 23).
    static let edges: [(String, String, String)] = [
        ("1.0.dev1", "<", "1.0a1"), ("1.0a1", "<", "1.0a2.dev1"), ("1.0a2.dev1", "<", "1.0a2"), ("1.0a2", "<", "1.0a2.post1"),
        ("1.0a2.post1", "<", "1.0b1"), ("1.0b1", "<", "1.0rc1"), ("1.0rc1", "<", "1.0"), ("1.0", "<", "1.0.post1.dev1"),
        ("1.0.post1.dev1", "<", "1.0.post1"), ("1.0.post1", "<", "1.0.1"), ("1.0", "=", "1.0.0"), ("1.0", "=", "1"),
        ("1.0", "<", "1.0+local"), ("1.0+abc", "<", "1.0+abc.1"), ("1.0+abc", "<", "1.0+1"), ("1.0+a.1", "=", "1.0+a-1"),
        ("1.0+ABC", "=", "1.0+abc"), ("1.0+01", "=", "1.0+1"), ("1.0+2", "<", "1.0+10"), ("1.0+abc.2", ">", "1.0+abc.abc"),
        ("1.0a", "=", "1.0alpha0"), ("1.0c1", "=", "1.0rc1"), ("1.0pre1", "=", "1.0rc1"), ("1.0preview1", "=", "1.0RC1"),
        ("1.0-1", "=", "1.0.post1"), ("1.0r", "=", "1.0.post0"), ("1.0rev2", "=", "1.0-2"), ("1.0-post-2", "=", "1.0.post2"),
        ("v1.0", "=", "1.0"), (" 1.0\n", "=", "1.0"), ("1!1.0", ">", "2.0"), ("0!1.0", "=", "1.0"), ("1.0.DEV", "=", "1.0.dev0"),
        ("1.0a.", "=", "1.0a0"), ("1.0_a_1", "=", "1.0a1"), ("1.0-dev-3", "=", "1.0.dev3"), ("1.0a1.dev", "<", "1.0a1"),
        ("1.0.dev456", "<", "1.0a1"), ("1.1.dev1", ">", "1.0+abc"), ("1.0.post1", "<", "1.0.post1+local"),
        ("1.99999999999999999999999", ">", "1.99999999999999999999998"), ("1.18446744073709551616", ">", "1.18446744073709551615"),
        ("1.0.0.0.0", "=", "1"), ("1.0a1", "<", "1.0.0.1a1"), ("2019.12.304", ">", "2019.12.3"),
    ]

    @Test("hand-picked edge cases order as packaging orders them")
    func edgeCases() {
        for (a, op, b) in Self.edges {
            #expect(checkComparison(PEP440Version.self, a, op, b) == nil)
            #expect(checkComparison(.pep440, a, op, b) == nil)
        }
    }

    @Test("normalized spelling and pre-release flag match packaging", arguments: [
        ("1.0", "1.0", false), ("v1.0.0", "1.0.0", false), ("1.0ALPHA", "1.0a0", true), ("1.0-c-1", "1.0rc1", true),
        ("1.0.preview.2", "1.0rc2", true), ("1.0-1", "1.0.post1", false), ("1.0_r_3", "1.0.post3", false),
        ("1.0.dev", "1.0.dev0", true), ("0!01.02", "1.2", false), ("3!1.0", "3!1.0", false),
        ("1.0+Ubuntu-01_x", "1.0+ubuntu.1.x", false), ("  1.0rc1.post2.dev3+abc.4 ", "1.0rc1.post2.dev3+abc.4", true),
        ("1.0.post1.dev0", "1.0.post1.dev0", true), ("00000000000000000000000001.0", "1.0", false),
    ])
    func normalized(text: String, expected: String, prerelease: Bool) throws {
        let v = try PEP440Version(parsing: text)
        #expect(v.normalized == expected)
        #expect(v.isPrerelease == prerelease)
    }

    /// Lines with a "legacy" version (`0.1-bulbasaur`, `2013-01-21T20:33:09+0100`, `0.3m1`,
    /// `trunk`): the files were made with a packaging that still had `LegacyVersion`; packaging 22
    /// and later reject those texts, so this implementation does too. Every other line must hold.
    @Test("every line of the osv-scalibr PyPI corpus", arguments: [
        ("pypi-versions.txt", 37, 11), ("pypi-versions-generated.txt", 12_375, 69),
    ])
    func corpus(file: String, expected: Int, expectedRejected: Int) throws {
        let lines = try corpusComparisons(file)
        #expect(lines.count > 0)
        #expect(lines.count == expected)
        var rejected: [String] = []
        var failures: [String] = []
        for c in lines {
            if (try? PEP440Version(parsing: c.a)) == nil || (try? PEP440Version(parsing: c.b)) == nil {
                rejected.append("\(file):\(c.line): \(c.a) \(c.op) \(c.b)")
            } else if let f = checkComparison(PEP440Version.self, c.a, c.op, c.b) {
                failures.append("\(file):\(c.line): \(f)")
            }
        }
        let failuresCount = failures.count
        #expect(failuresCount == 0, "\(summary(failures))")
        let rejectedCount = rejected.count
        #expect(rejectedCount == expectedRejected, "\(summary(rejected, limit: 100))")
    }

    @Test("garbage is rejected, naming the pep440 scheme", arguments: [
        "", " ", "abc", "1.0.", ".1", "1..0", "1.0-", "1.0+", "1.0+abc.", "1.0+abc..1", "1.0+-abc", "1!", "!1.0", "1!!1",
        "1.0a1a2", "1.0.dev1.post1", "1.0-1-1", "1.0 1", "1.0prev", "1.0alp", "1.0.post.post", "V", "vv1.0",
        "0.1-bulbasaur", "-class.-jw.util.version.version-pre", "1.0+ab_", "1.0é", "1.0\u{0}", "1.0_", "1.0a1_", "1.0+ü",
    ])
    func garbage(text: String) {
        do {
            let v = try PEP440Version(parsing: text)
            Issue.record("accepted \(text.debugDescription) as \(v)")
        } catch {
            #expect(error.scheme == .pep440)
            #expect(error.text == text)
            #expect(error.description.contains("pep440"))
        }
    }

    @Test("10,000 seeded random pairs agree with packaging.version.Version")
    func oracle() throws {
        let pairs = try pep440OraclePairs()
        let answers = try pep440Compare(pairs)
        try #require(answers.count == pairs.count)
        var compared = 0
        var mismatches: [String] = []
        for ((a, b), answer) in zip(pairs, answers) {
            // Each answer is `op<TAB>normalized a<TAB>normalized b`, `!` for a text packaging rejects.
            let fields = answer.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { mismatches.append("bad oracle line \(answer)"); continue }
            let x = try? PEP440Version(parsing: a), y = try? PEP440Version(parsing: b)
            if (x?.normalized ?? "!") != fields[1] { mismatches.append("\(a.debugDescription): packaging \(fields[1]), ours \(x?.normalized ?? "rejected")") }
            if (y?.normalized ?? "!") != fields[2] { mismatches.append("\(b.debugDescription): packaging \(fields[2]), ours \(y?.normalized ?? "rejected")") }
            guard let x, let y, fields[0] != "E" else { continue }
            compared += 1
            let ours = orderSymbol(x, y)
            if ours != fields[0] { mismatches.append("\(a) vs \(b): packaging \(fields[0]), ours \(ours)") }
        }
        #expect(compared >= 10_000)
        let mismatchesCount = mismatches.count
        #expect(mismatchesCount == 0, "\(summary(mismatches))")
    }
}

/// Seeded pairs from the PyPI corpus, mutated towards PEP 440's edge cases: 10,000 where both
/// texts parse, plus 3,000 with a text this parser rejects, so validity is compared too.
func pep440OraclePairs(valid: Int = 10_000, invalid: Int = 3_000, seed: UInt64 = 0x9E9440) throws -> [(String, String)] {
    let pool = try corpusVersionPool(["pypi-versions.txt", "pypi-versions-generated.txt"])
    var rng = SeededRandom(seed: seed)
    var kept: [(String, String)] = []
    var validCount = 0, invalidCount = 0
    while validCount < valid || invalidCount < invalid {
        for (a, b) in randomPairs(pool: pool, count: 1_000, rng: &rng, mutateRate: 0.6, mutate: pep440Mutate) {
            if (try? PEP440Version(parsing: a)) != nil && (try? PEP440Version(parsing: b)) != nil {
                guard validCount < valid else { continue }
                validCount += 1
            } else {
                guard invalidCount < invalid else { continue }
                invalidCount += 1
            }
            kept.append((a, b))
        }
    }
    return kept
}

/// One to three PEP 440-flavoured edits of `v`.
func pep440Mutate(_ v: String, _ rng: inout SeededRandom) -> String {
    var s = v
    for _ in 0...rng.index(3) {
        switch rng.index(8) {
        case 0: s = rng.pick(["1!", "0!", "v", "V", " ", "\t", "2!"]) + s
        case 1: s += rng.pick([".post1", "-1", ".post", "post2", "-r3", ".rev", "_post_4", ".dev0", "dev", ".dev-2",
                               "rc2", "a1", "b", ".alpha", "-beta-3", "c1", "pre", "preview2", "+local", "+ABC-01.x",
                               "+1.2", ".0", ".00", "\n", " ", "99999999999999999999999"])
        case 2: s = s.uppercased()
        case 3: s = s.replacingOccurrences(of: ".", with: rng.pick(["-", "_", ".."]), options: [], range: nil)
        default:
            s = mutateVersion(s, &rng, fragments: [".", "-", "_", "+", "!", "a", "b", "rc", "c", "post", "dev", "r", "0", "01"],
                              alphabet: "0123456789.-_+!abcdeprvz")
        }
    }
    return s
}

/// Asks packaging about every pair: one line `op<TAB>str(Version(a))<TAB>str(Version(b))`, with
/// `!` for a text `Version` rejects and op `E` then.
func pep440Compare(_ pairs: [(String, String)]) throws -> [String] {
    let script = """
        import json, sys
        from packaging.version import Version, InvalidVersion
        def parse(s):
            try:
                return Version(s)
            except InvalidVersion:
                return None
        out = []
        for a, b in json.load(sys.stdin):
            x, y = parse(a), parse(b)
            op = 'E' if x is None or y is None else ('<' if x < y else ('>' if x > y else '='))
            out.append('\\t'.join([op, '!' if x is None else str(x), '!' if y is None else str(y)]))
        sys.stdout.write('\\n'.join(out) + '\\n')
        """
    let input = try JSONSerialization.data(withJSONObject: pairs.map { [$0.0, $0.1] })
    return try Oracle.python(script, input: String(decoding: input, as: UTF8.self))
        .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

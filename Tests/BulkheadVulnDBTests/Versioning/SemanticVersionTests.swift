import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("SemanticVersion (SemVer 2.0.0, lenient)")
struct SemanticVersionTests {
    /// Failures of `versions[i] < versions[j]` for every i < j.
    static func ascendingFailures(_ versions: [String]) -> [String] {
        var failures: [String] = []
        for i in versions.indices {
            for j in versions.indices where j > i {
                if let f = checkComparison(SemanticVersion.self, versions[i], "<", versions[j]) { failures.append(f) }
            }
        }
        return failures
    }

    @Test("every line of semver-versions.txt holds both ways")
    func corpus() throws {
        let (count, failures) = try corpusFailures(SemanticVersion.self, "semver-versions.txt")
        #expect(count == 86)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("the precedence example of the SemVer spec")
    func specExample() {
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                     "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"]
        #expect(Self.ascendingFailures(chain).isEmpty, "\(Self.ascendingFailures(chain))")
    }

    @Test("hand-picked precedence edge cases")
    func edgeCases() {
        let table: [(String, String, String)] = [
            // build metadata never counts
            ("1.0.0+build.1", "=", "1.0.0+other"), ("1.0.0-rc.1+b", "=", "1.0.0-rc.1"),
            ("1.0.0+zzz", "<", "1.0.1"),
            // pre-release identifiers: numbers numerically and below words, words by ASCII
            ("1.0.0-2", "<", "1.0.0-10"), ("1.0.0-10", "<", "1.0.0-a"), ("1.0.0-Z", "<", "1.0.0-a"),
            ("1.0.0-a-b", ">", "1.0.0-a"), ("1.0.0-a.b", ">", "1.0.0-a"), ("1.0.0-rc.1", "<", "1.0.0-rc.1.0"),
            ("1.0.0-0", "<", "1.0.0"), ("1.0.0-alpha", "<", "1.0.0-alpha.0"),
            // numbers of any size, across the 64-bit boundary
            ("9999999999999999999.0.0", "<", "10000000000000000000.0.0"),
            ("18446744073709551615.0.0", "<", "18446744073709551616.0.0"),
            ("1.0.0-18446744073709551616", ">", "1.0.0-18446744073709551615"),
            ("1.0.0-99999999999999999999", "<", "1.0.0-a"),
            ("00000000000000000000000001.0.0", "=", "1.0.0"),
            ("\(LongNumbers.nines38).0.0", ">", "\(LongNumbers.nines37).0.0"),
            ("\(LongNumbers.zeros50One).0.0", "=", "1.0.0"),
            // leniency: prefixes, short and long forms, leading zeros, pre-release without '-'
            ("=1.2.3", "=", "1.2.3"), ("v1.2.3", "=", "1.2.3"), ("V1.2.3", "=", "1.2.3"), ("=v1.2.3", "=", "v1.2.3"),
            ("1", "=", "1.0.0"), ("1.2", "=", "1.2.0"), ("1.2-rc.1", "=", "1.2.0-rc.1"), ("0", "<", "0.0.1-0"),
            ("1.2.3.4", ">", "1.2.3"), ("1.2.3.0", "=", "1.2.3"), ("1.2.3.0.1", ">", "1.2.3.0.0.9"),
            ("1.2.3.4", "<", "1.2.4-alpha"), ("1.2.3.4-beta", "<", "1.2.3.4"), ("1.2.3.4-beta", ">", "1.2.3"),
            ("01.02.03", "=", "1.2.3"), ("1.2.3-01", "=", "1.2.3-1"),
            ("1.2.3beta", "=", "1.2.3-beta"), ("1.2.3beta.2", ">", "1.2.3-beta.1"), ("1rc1", "=", "1.0.0-rc1"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(SemanticVersion.self, a, op, b) == nil)
        }
    }

    @Test("pre-release flag and text round trip")
    func accessors() throws {
        #expect(try SemanticVersion(parsing: "1.0.0-rc.1").isPrerelease)
        #expect(try SemanticVersion(parsing: "1.0.0beta").isPrerelease)
        #expect(try !SemanticVersion(parsing: "1.0.0+build-1").isPrerelease)
        #expect(try !SemanticVersion(parsing: "1.2.3.4").isPrerelease)
        #expect(try SemanticVersion(parsing: "=v01.2.3-RC.1+b").description == "=v01.2.3-RC.1+b")
        #expect(SemanticVersion.scheme == .semver)
        #expect(try VersionScheme.semver.parse("v1.2.3").description == "v1.2.3")
    }

    @Test("garbage is rejected with the scheme and the text", arguments: [
        "", " ", "1.2.3 ", " 1.2.3", "1.2.3\n", "a.b.c", "x", "v", "=", "=v", "==1.2.3", "vv1.2.3", "v=1.2.3",
        "1..2", "1.", ".1", "1.2.", "1.2.3.", "1.2.3.beta", "1.2.x", "1.2.*", "1.2.3-", "1.2.3+", "1.2.3-a..b",
        "1.2.3-a.", "1.2.3+a..b", "1.2.3-a_b", "1.2.3+a+b", "1.2.3-é", "1.2.3_4", ">=1.2.3", "^1.2.3", "~1.2.3",
        "1.2.3 || 2.0.0", "1.2.3 - 2.0.0", "1.2.3,2.0.0", "-1.2.3", "1.2.3-rc 1", "1.٢.3",
        "\(LongNumbers.digits39).0.0", "1.0.0-\(LongNumbers.digits39)",
    ])
    func garbage(_ text: String) {
        let error = #expect(throws: VersionParseError.self) { try SemanticVersion(parsing: text) }
        #expect(error?.scheme == .semver)
        #expect(error?.text == text)
        #expect(error.map { "\($0)" }?.contains("semver") == true)
    }

    @Test("random text never crashes; what parses orders consistently")
    func fuzz() throws {
        var rng = SeededRandom(seed: 0x5E_4E7)
        let fragments = ["0", "1", "9", "10", "01", "99999999999999999999", ".", ".", "-", "-", "+", "v", "V", "=",
                         "a", "Z", "rc", "beta", "x-y", " ", "_", "é", "\u{0}", "*", "~", "^", "..", "--", "++"]
        var parsed: [SemanticVersion] = []
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<rng.index(9) { s += rng.pick(fragments) }
            if let v = try? SemanticVersion(parsing: s) {
                #expect(v.description == s)
                parsed.append(v)
            }
        }
        #expect(parsed.count > 500)
        var pool = try corpusVersionPool(["semver-versions.txt"])
        for (a, b) in randomPairs(pool: pool, count: 5_000, rng: &rng, mutate: {
            mutateVersion($0, &$1, fragments: ["-rc.1", ".0", "+b", "-0", ".", "-", "v"], alphabet: "0123456789.-+aZv")
        }) {
            pool.append(a)
            pool.append(b)
        }
        parsed += pool.compactMap { try? SemanticVersion(parsing: $0) }
        var violations: [String] = []
        for _ in 0..<50_000 {
            let a = rng.pick(parsed), b = rng.pick(parsed), c = rng.pick(parsed)
            if a < b && b < a { violations.append("\(a) <> \(b)") }
            if (a == b) != (!(a < b) && !(b < a)) { violations.append("\(a) == \(b)") }
            if a < b && b < c && !(a < c) { violations.append("\(a) < \(b) < \(c)") }
            if a == b && b == c && !(a == c) { violations.append("\(a) = \(b) = \(c)") }
        }
        #expect(violations.isEmpty, "\(violations.prefix(10))")
    }
}

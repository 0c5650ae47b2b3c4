import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("MavenVersion (ComparableVersion, Maven 3.9)")
struct MavenVersionTests {
    /// Fixture lines where this type gives Maven 3.9's answer, not the fixture's, with that answer.
    ///
    /// The generated fixture was sorted by `maven-artifact` 3.8.6 (osv-scanner's
    /// `GenerateMavenVersions.java`). Maven 3.8.7 and 3.9.0 changed the order (MNG-7644: `.X1` is
    /// parsed as `-X1`, so `1.0.0.RC1 < 1.0.0-RC2` and `2.0.X == 2-X`); these 18 lines are exactly
    /// the ones that change. `1-1 = 1-ga-1` is an example from the POM reference page, but Maven's
    /// code (3.8 and 3.9 alike) puts `1-ga-1` below `1-1`: `ga` is dropped, leaving a list nested
    /// in a list, and a list sorts below a number.
    static let maven39Answers: [String: String] = [
        "1-1 = 1-ga-1": ">",
        "1.0.0-RC16 < 1.0.0.RC8-beta": ">",
        "1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3": ">",
        "2.9.0-1 < 2.9.0.RC1": ">",
        "6.1.12.rc5 < 6.1.12rc1": ">",
        "1.1.31.sec10 < 1.1.31_noneautotype": ">",
        "1.1.34.sec10 < 1.1.34_noneautotype": ">",
        "1.1.46.sec10 < 1.1.46_noneautotype": ">",
        "1.2.8.sec10_noneautotype < 1.2.8_noneautotype": ">",
        "1.2.31.sec10 < 1.2.31_noneautotype": ">",
        "1.2.48.sec10 < 1.2.48_noneautotype": ">",
        "1.2.50.sec10 < 1.2.50_noneautotype": ">",
        "1.2.54.sec10 < 1.2.54_noneautotype": ">",
        "1.2.57.sec10 < 1.2.57_noneautotype": ">",
        "1.2.60.sec10 < 1.2.60_noneautotype": ">",
        "1.2.67.sec10 < 1.2.67_noneautotype": ">",
        "1.0.0rc0 < 1.0.beta8": ">",
        "1.5.9.RC1 < 1.5.9-RC0": ">",
        "1.1.0-01-glassfish < 1.1.0.Beta1": ">",
    ]

    /// Checks a fixture file; returns (lines, lines answered as Maven 3.9 differently, failures).
    static func checkFile(_ file: String) throws -> (Int, Int, [String]) {
        let lines = try corpusComparisons(file)
        var divergent = 0
        var failures: [String] = []
        for l in lines {
            var op = l.op
            if let answer = maven39Answers["\(l.a) \(l.op) \(l.b)"] {
                op = answer
                divergent += 1
            }
            if let f = checkComparison(MavenVersion.self, l.a, op, l.b) { failures.append(f) }
            if let f = checkComparison(VersionScheme.maven, l.a, op, l.b) { failures.append(f) }
        }
        return (lines.count, divergent, failures)
    }

    static func ascendingFailures(_ versions: [String]) -> [String] {
        var failures: [String] = []
        for i in versions.indices {
            for j in versions.indices where j > i {
                if let f = checkComparison(MavenVersion.self, versions[i], "<", versions[j]) { failures.append(f) }
            }
        }
        return failures
    }

    @Test("every line of maven-versions.txt holds both ways (one as Maven 3.9 orders it)")
    func corpus() throws {
        let (count, divergent, failures) = try Self.checkFile("maven-versions.txt")
        #expect(count == 102)
        #expect(divergent == 1)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("every line of maven-versions-generated.txt holds both ways (18 as Maven 3.9 orders them)")
    func generatedCorpus() throws {
        let (count, divergent, failures) = try Self.checkFile("maven-versions-generated.txt")
        #expect(count == 14_752)
        #expect(divergent == 18)
        #expect(failures.isEmpty, "\(failures.prefix(20))")
    }

    @Test("qualifier and number orderings from Maven's own tests")
    func orderings() {
        let qualifiers = ["1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11",
                          "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc",
                          "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123"]
        #expect(Self.ascendingFailures(qualifiers).isEmpty, "\(Self.ascendingFailures(qualifiers))")
        let numbers = ["2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
                       "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11",
                       "11.a", "11b", "11c", "11m"]
        #expect(Self.ascendingFailures(numbers).isEmpty, "\(Self.ascendingFailures(numbers))")
        // MNG-5568, MNG-6572 (numbers past int and long), MNG-6964
        for chain in [["6.1.0rc3", "6.1.0", "6.1H.5-beta"],
                      ["20190126.230843", "1234567890.12345", "123456789012345.1H.5-beta",
                       "12345678901234567890.1H.5-beta"],
                      ["1-0.alpha", "1-0.beta", "1"]] {
            #expect(Self.ascendingFailures(chain).isEmpty, "\(Self.ascendingFailures(chain))")
        }
    }

    @Test("Maven 3.9's .X as -X rule (MNG-7644)")
    func dotQualifier() {
        for x in ["abc", "alpha", "a", "beta", "b", "def", "milestone", "m", "RC"] {
            #expect(checkComparison(MavenVersion.self, "1.0.0.\(x)1", "<", "1.0.0-\(x)2") == nil)
            #expect(checkComparison(MavenVersion.self, "2-\(x)", "=", "2.0.\(x)") == nil)
            #expect(checkComparison(MavenVersion.self, "2-\(x)", "=", "2.0.0.\(x)") == nil)
            #expect(checkComparison(MavenVersion.self, "2.0.\(x)", "=", "2.0.0.\(x)") == nil)
        }
        #expect(checkComparison(MavenVersion.self, "1.0.RC2", "<", "1.0-RC3") == nil)
        #expect(checkComparison(MavenVersion.self, "1.0-RC3", "<", "1.0.1") == nil)
    }

    @Test("hand-picked equalities and edge cases")
    func edgeCases() {
        let table: [(String, String, String)] = [
            // trailing zeros and release qualifiers vanish, at each hyphen too
            ("1", "=", "1.0.0"), ("1", "=", "1-0"), ("1.0", "=", "1.0-0"), ("1", "=", "1.ga"), ("1", "=", "1-final"),
            ("1", "=", "1.RELEASE"), ("1", "=", "1."), ("1", "=", "1-"), ("1", "=", "01"),
            ("1-1", "=", "1.0-1"), ("1.0.0-foo.0.0", "=", "1-foo"),
            // case-insensitive aliases; a single letter before digits is alpha/beta/milestone
            ("1cr", "=", "1rc"), ("1CR1", "=", "1-rc-1"), ("1a1", "=", "1-alpha-1"), ("1B2", "=", "1-beta-2"),
            ("1m3", "=", "1-MILESTONE-3"), ("1-abcdefghijklmnopqrstuvwxyz", "=", "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            ("1a", ">", "1"), ("1-a", ">", "1-sp"), ("1-a", "=", "1a"), ("1-c1", "=", "1c1"),
            // qualifier order, then unknown words lexically after sp
            ("1-alpha", "<", "1-beta"), ("1-beta", "<", "1-milestone"), ("1-milestone", "<", "1-rc"),
            ("1-rc", "<", "1-snapshot"), ("1-snapshot", "<", "1"), ("1", "<", "1-sp"), ("1-sp", "<", "1-aardvark"),
            ("1-aardvark", "<", "1-zebra"), ("1-zebra", "<", "1-1"), ("1-1", "<", "1.1"),
            ("1-_x", "<", "1-a_x"), ("1-sp-1", "<", "1-ga-1"),
            // numbers of any size, leading zeros ignored
            ("0000000000000000000000000001", "=", "1"), ("2147483648", ">", "2147483647"),
            ("9223372036854775808", ">", "9223372036854775807"),
            ("18446744073709551616", ">", "18446744073709551615"),
            ("99999999999999999999", "<", "100000000000000000000"),
            ("\(LongNumbers.nines38)", ">", "\(LongNumbers.nines37)"),
            ("\(LongNumbers.zeros50One)", "=", "1"),
            // versions without digits are versions too
            ("client_hc_no_vehicle", "<", "2.0"), ("stable", ">", "profiles_01"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(MavenVersion.self, a, op, b) == nil)
        }
    }

    @Test("text round trip")
    func accessors() throws {
        #expect(try MavenVersion(parsing: "1.0.0.RELEASE").description == "1.0.0.RELEASE")
        #expect(MavenVersion.scheme == .maven)
    }

    @Test("garbage is rejected with the scheme and the text", arguments: [
        "", " ", "1.0 ", " 1.0", "1.0\t", "1\n", "${project.version}", "${revision}", "[1.0,2.0)", "(,1.0]",
        "1.0,2.0", "1.0/2", "1:0", "1.0*", "1.0?", "1|2", "\"1.0\"", "'1.0'", "<1.0>", "1.0\\2", "{1.0}", "`1`",
        "é", "1.0-é", "1.0-\u{0}", "...", "---", "-", ".", "_", "-_-", "\(LongNumbers.digits39)",
        "1.\(LongNumbers.digits39)-rc",
    ])
    func garbage(_ text: String) {
        let error = #expect(throws: VersionParseError.self) { try MavenVersion(parsing: text) }
        #expect(error?.scheme == .maven)
        #expect(error?.text == text)
    }

    @Test("random text never crashes; comparisons are antisymmetric")
    func fuzz() throws {
        var rng = SeededRandom(seed: 0x3A7E)
        let fragments = ["0", "1", "9", "10", "00", "99999999999999999999", ".", ".", "-", "-", "_", "+", "a", "b",
                         "m", "rc", "cr", "sp", "ga", "final", "SNAPSHOT", "alpha", "x", "Release", " ", "é", "$"]
        var parsed: [MavenVersion] = []
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<rng.index(9) { s += rng.pick(fragments) }
            if let v = try? MavenVersion(parsing: s) {
                #expect(v.description == s)
                parsed.append(v)
            }
        }
        #expect(parsed.count > 1_000)
        // Maven's order is not transitive for some odd strings (`rc_x1 < -m < ga`, yet
        // `rc_x1 > ga`), so only antisymmetry and `==` are checked on random text...
        var violations: [String] = []
        for _ in 0..<50_000 {
            let a = rng.pick(parsed), b = rng.pick(parsed)
            if a < b && b < a { violations.append("\(a) <> \(b)") }
            if (a == b) != (!(a < b) && !(b < a)) { violations.append("\(a) == \(b)") }
        }
        #expect(violations.isEmpty, "\(violations.prefix(10))")
        // ...and transitivity on real versions.
        let real = try corpusVersionPool(["maven-versions-generated.txt"]).compactMap { try? MavenVersion(parsing: $0) }
        #expect(real.count > 10_000)
        var intransitive: [String] = []
        for _ in 0..<100_000 {
            let a = rng.pick(real), b = rng.pick(real), c = rng.pick(real)
            if a < b && b < c && !(a < c) { intransitive.append("\(a) < \(b) < \(c)") }
        }
        #expect(intransitive.isEmpty, "\(intransitive.prefix(10))")
    }
}

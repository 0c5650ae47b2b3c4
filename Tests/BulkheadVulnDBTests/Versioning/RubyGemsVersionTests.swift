import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("RubyGemsVersion (Gem::Version)")
struct RubyGemsVersionTests {
    @Test("every line of rubygems-versions.txt holds both ways")
    func corpus() throws {
        let (count, failures) = try corpusFailures(RubyGemsVersion.self, "rubygems-versions.txt")
        #expect(count == 25)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("every line of rubygems-versions-generated.txt holds both ways")
    func generatedCorpus() throws {
        let (count, failures) = try corpusFailures(RubyGemsVersion.self, "rubygems-versions-generated.txt", erased: false)
        #expect(count == 4_098)
        #expect(failures.isEmpty, "\(failures.prefix(20))")
    }

    @Test("hand-picked Gem::Version edge cases")
    func edgeCases() {
        let table: [(String, String, String)] = [
            // trailing zeros of the numeric part and of the part from the first word
            ("1", "=", "1.0"), ("1.0", "=", "1.0.0"), ("1.0.0.rc3.0", "=", "1.0.0.rc3"), ("1.0.a", "=", "1.a"),
            ("1.a.0.0", "=", "1.a"), ("1.a.0.b", ">", "1.a.b"),
            // a word is below a number, so any letter makes a pre-release
            ("1.0.a", "<", "1.0"), ("1.0", "<", "1.0.1"), ("1.0.b1", "<", "1.0.rc1"), ("1.0.rc1", "<", "1.0"),
            ("1.0.rc1", "<", "1.0.rc2"), ("1.0.rc10", ">", "1.0.rc9"), ("2.0.0.pre", "<", "2.0.0.rc"),
            ("1.9", "<", "1.10"), ("1.0.a10", ">", "1.0.a.9"),
            // words by ASCII: upper case first
            ("1.0.RC1", "<", "1.0.rc1"), ("1.0.Z", "<", "1.0.a"),
            // '-' means '.pre.'
            ("1.0-rc1", "=", "1.0.pre.rc1"), ("1.0-1", "<", "1.0"), ("1.0-1", "=", "1.0.pre.1"),
            ("1.0-a-b", "=", "1.0.pre.a.pre.b"), ("1.0.0-beta.2", "<", "1.0.0-beta.10"),
            // leniency: Gem's blanks, and a word in the first part (OSV has `1beta`)
            (" 1.0 ", "=", "1.0"), ("\t1.0\n", "=", "1"), ("1beta", "<", "1"), ("1beta", "=", "1.beta"),
            // numbers of any size
            ("18446744073709551616", ">", "18446744073709551615"), ("1.0.00000000000000000000001", "=", "1.0.1"),
            ("\(LongNumbers.nines38)", ">", "\(LongNumbers.nines37)"),
            ("\(LongNumbers.zeros50One)", "=", "1"),
            // words longer than 16 bytes
            ("1.0.abcdefghijklmnopq", ">", "1.0.abcdefghijklmnop"),
            ("1.0.abcdefghijklmnopqrz", ">", "1.0.abcdefghijklmnopqra"),
            ("1.0.abcdefghijklmnopqrs", "=", "1.0.abcdefghijklmnopqrs.0"),
            ("1.0.abcdefghijklmnopqrs", "<", "1.0.abcdefghijklmnoq"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(RubyGemsVersion.self, a, op, b) == nil)
        }
    }

    @Test("pre-release flag and text round trip")
    func accessors() throws {
        #expect(try RubyGemsVersion(parsing: "1.0.0.rc1").isPrerelease)
        #expect(try RubyGemsVersion(parsing: "1.0-1").isPrerelease)
        #expect(try !RubyGemsVersion(parsing: "1.0.0").isPrerelease)
        #expect(try RubyGemsVersion(parsing: " 1.0 ").description == " 1.0 ")
        #expect(RubyGemsVersion.scheme == .rubygems)
    }

    @Test("garbage is rejected with the scheme and the text", arguments: [
        "", "   ", "a1", "beta", ".1", "1..0", "1.", "1-", "1.0-", "1_0", "1.0+x", "1 0", "1.0 .1", "é", "1.é",
        "-1", "1.-a", "1-.a", "1-a.", "v1.0", "~> 1.0", ">= 1.0", "1.0, 2.0", "1.0\u{0}",
        "\(LongNumbers.digits39)",
    ])
    func garbage(_ text: String) {
        let error = #expect(throws: VersionParseError.self) { try RubyGemsVersion(parsing: text) }
        #expect(error?.scheme == .rubygems)
        #expect(error?.text == text)
    }

    @Test("random text never crashes; what parses orders consistently")
    func fuzz() throws {
        var rng = SeededRandom(seed: 0x6E35)
        let fragments = ["0", "1", "9", "10", "00", "99999999999999999999", ".", ".", "-", "-", "a", "B", "rc",
                         "pre", "beta", " ", "_", "+", "é", "\t", "abcdefghijklmnopqrstuvwxyz"]
        var parsed: [RubyGemsVersion] = []
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<rng.index(9) { s += rng.pick(fragments) }
            if let v = try? RubyGemsVersion(parsing: s) {
                #expect(v.description == s)
                parsed.append(v)
            }
        }
        #expect(parsed.count > 300)
        parsed += try corpusVersionPool(["rubygems-versions-generated.txt"]).compactMap {
            try? RubyGemsVersion(parsing: $0)
        }
        var violations: [String] = []
        for _ in 0..<50_000 {
            let a = rng.pick(parsed), b = rng.pick(parsed), c = rng.pick(parsed)
            if a < b && b < a { violations.append("\(a) <> \(b)") }
            if (a == b) != (!(a < b) && !(b < a)) { violations.append("\(a) == \(b)") }
            if a < b && b < c && !(a < c) { violations.append("\(a) < \(b) < \(c)") }
        }
        #expect(violations.isEmpty, "\(violations.prefix(10))")
    }
}

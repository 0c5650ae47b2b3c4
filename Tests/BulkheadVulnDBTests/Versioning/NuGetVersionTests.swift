import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("NuGetVersion")
struct NuGetVersionTests {
    @Test("every line of nuget-versions.txt holds both ways")
    func corpus() throws {
        let (count, failures) = try corpusFailures(NuGetVersion.self, "nuget-versions.txt")
        #expect(count == 35)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("hand-picked NuGet normalisation and label edge cases")
    func edgeCases() {
        let table: [(String, String, String)] = [
            // one to four numbers, leading zeros
            ("1", "=", "1.0"), ("1.0", "=", "1.0.0"), ("1.0.0", "=", "1.0.0.0"), ("1.0.0.1", ">", "1.0.0"),
            ("1.01", "=", "1.1"), ("1.0.0.0-beta", "=", "1.0-beta"), ("2.0.0.0", ">", "1.99.99.99"),
            ("1.2.3.4", "<", "1.2.3.10"),
            // labels: case-insensitive words, integers numerically and below words, more above fewer
            ("1.0.0-BETA", "=", "1.0.0-beta"), ("1.0.0-Beta.X", "=", "1.0.0-bEtA.x"),
            ("1.0.0-beta.2", "<", "1.0.0-beta.10"), ("1.0.0-2", "<", "1.0.0-10"), ("1.0.0-2", "<", "1.0.0-a"),
            ("1.0.0-alpha", "<", "1.0.0-alpha.1"), ("1.0.0-rc.1", "<", "1.0.0"), ("1.0.0-rc", "<", "1.0.0.1-a"),
            ("1.0.0-a-b", ">", "1.0.0-a"), ("1.0.0-Z", ">", "1.0.0-a"),
            // NuGet's int.TryParse: an optional '-' sign, 32-bit range; bigger is a word
            ("1.0.0--5", "<", "1.0.0-1"), ("1.0.0--5", "=", "1.0.0--05"),
            ("1.0.0-2147483647", "<", "1.0.0-a"), ("1.0.0-2147483647", ">", "1.0.0-9"),
            ("1.0.0-2147483648", ">", "1.0.0-9"), ("1.0.0-2147483648", "<", "1.0.0-a"),
            ("1.0.0-2147483648", "<", "1.0.0-3a"),
            // metadata is ignored
            ("1.0.0+abc", "=", "1.0.0"), ("1.0.0-rc+1", "=", "1.0.0-rc+2"), ("1.0.0+01", "=", "1.0.0"),
            // numbers of any size
            ("18446744073709551615", "<", "18446744073709551616"), ("1.0.0.18446744073709551616", ">", "1.0.0.9"),
            ("\(LongNumbers.nines38)", ">", "\(LongNumbers.nines37)"),
            ("\(LongNumbers.zeros50One)", "=", "1"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(NuGetVersion.self, a, op, b) == nil)
        }
    }

    @Test("pre-release flag and text round trip")
    func accessors() throws {
        #expect(try NuGetVersion(parsing: "1.0.0-beta").isPrerelease)
        #expect(try !NuGetVersion(parsing: "1.0.0.1+meta").isPrerelease)
        #expect(try NuGetVersion(parsing: "1.0.01-BETA+x").description == "1.0.01-BETA+x")
        #expect(NuGetVersion.scheme == .nuget)
    }

    @Test("garbage is rejected with the scheme and the text", arguments: [
        "", " ", "1.0 ", " 1.0", "v1.0", "V1.0", "1.0.0.0.0", "1..0", "1.", ".1", "1.0-", "1.0+", "1.0-a..b",
        "1.0-a.", "1.0+a..b", "1.0-a_b", "1.0+a+b", "1.0.0-01", "1.0.0-rc.01", "1.0-é", "a", "1.0.x", "[1.0,2.0)",
        "1.0.*", "1.0,2.0", "-1.0", "\(LongNumbers.digits39)",
    ])
    func garbage(_ text: String) {
        let error = #expect(throws: VersionParseError.self) { try NuGetVersion(parsing: text) }
        #expect(error?.scheme == .nuget)
        #expect(error?.text == text)
    }

    @Test("random text never crashes; what parses orders consistently")
    func fuzz() throws {
        var rng = SeededRandom(seed: 0x4E06E7)
        let fragments = ["0", "1", "9", "10", "01", "2147483648", "99999999999999999999", ".", ".", "-", "-", "+",
                         "a", "B", "rc", "x-y", " ", "_", "é", "v", "--"]
        var parsed: [NuGetVersion] = []
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<rng.index(9) { s += rng.pick(fragments) }
            if let v = try? NuGetVersion(parsing: s) {
                #expect(v.description == s)
                parsed.append(v)
            }
        }
        #expect(parsed.count > 300)
        parsed += try corpusVersionPool(["nuget-versions.txt"]).compactMap { try? NuGetVersion(parsing: $0) }
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

import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("ComposerVersion (PHP version_compare)")
struct ComposerVersionTests {
    @Test("every line of packagist-versions.txt holds both ways")
    func corpus() throws {
        let (count, failures) = try corpusFailures(ComposerVersion.self, "packagist-versions.txt")
        #expect(count == 95)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("every line of packagist-versions-generated.txt holds both ways")
    func generatedCorpus() throws {
        let (count, failures) = try corpusFailures(ComposerVersion.self, "packagist-versions-generated.txt", erased: false)
        #expect(count == 10_630)
        #expect(failures.isEmpty, "\(failures.prefix(20))")
    }

    @Test("hand-picked version_compare edge cases")
    func edgeCases() {
        let table: [(String, String, String)] = [
            // stabilities, by prefix: dev < alpha = a < beta = b < RC = rc < (number) < pl = p
            ("1.0-dev", "<", "1.0-alpha1"), ("1.0-alpha1", "=", "1.0-a1"), ("1.0-a1", "<", "1.0-b1"),
            ("1.0-beta1", "=", "1.0-b1"), ("1.0-b1", "<", "1.0-RC1"), ("1.0-RC1", "=", "1.0-rc1"),
            ("1.0-rc1", "<", "1.0"), ("1.0", "<", "1.0-pl1"), ("1.0-pl1", "=", "1.0-p1"), ("1.0-patch1", "=", "1.0-p1"),
            ("1.0-pl1", ">", "1.0.1"), ("1.0-beta2", ">", "1.0-beta1"), ("1.0-beta.2", "=", "1.0beta2"),
            // separators and transitions: all of these are 1, 0, RC, 1
            ("1.0_RC1", "=", "1.0-RC1"), ("1.0.RC1", "=", "1.0RC1"), ("1.0+RC1", "=", "1.0--RC1"),
            // a number left over makes the longer version newer; a word is weighed as a number
            ("1.0.0", ">", "1.0"), ("1.0.0.0", ">", "1.0.0"), ("1.0.0-rc1", "<", "1.0.0"), ("1.0.0-p1", ">", "1.0.0"),
            // words PHP does not know (case-sensitive) are below dev, and equal to each other
            ("1.0.0-ALPHA", "=", "1.0.0-BETA"), ("1.0.0-Rc1", "<", "1.0.0-dev"), ("1.0.0-stable", "<", "1.0.0-dev"),
            ("1.0.0-snapshot", "=", "1.0.0-foo"),
            // dev- branches: below every number; among themselves only PHP's word rules apply
            ("dev-master", "<", "0.0.1"), ("dev-master", "=", "dev-main"), ("dev-master", "<", "0.0.0-dev"),
            ("dev-feature/x", "<", "dev-master"), ("dev-1.x", ">", "dev-master"),
            ("DEV-master", "<", "0"),
            // v prefix
            ("v1.2.3", "=", "1.2.3"), ("V1.2.3", "=", "v1.2.3"), ("v1.0pl1", ">", "1.0"),
            // numbers of any size (PHP's long would saturate)
            ("9223372036854775808", ">", "9223372036854775807"), ("99999999999999999999", "<", "100000000000000000000"),
            ("1.01", "=", "1.1"),
            ("\(LongNumbers.nines38)", ">", "\(LongNumbers.nines37)"),
            ("\(LongNumbers.zeros50One)", "=", "1"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(ComposerVersion.self, a, op, b) == nil)
        }
    }

    @Test("'#' is PHP's any-number form: equal to numbers and to nothing")
    func wildcard() {
        #expect(checkComparison(ComposerVersion.self, "1.2.3.#", "=", "1.2.3") == nil)
        #expect(checkComparison(ComposerVersion.self, "1.2.3.#", "=", "1.2.3.99") == nil)
        #expect(checkComparison(ComposerVersion.self, "1.2.3.#", "<", "1.2.4") == nil)
        #expect(checkComparison(ComposerVersion.self, "1.2.3.#", ">", "1.2.3-RC1") == nil)
        #expect(checkComparison(ComposerVersion.self, "1.2.3.#", "<", "1.2.3-pl1") == nil)
    }

    @Test("text round trip")
    func accessors() throws {
        #expect(try ComposerVersion(parsing: "v1.0.0-RC1").description == "v1.0.0-RC1")
        #expect(ComposerVersion.scheme == .composer)
    }

    @Test("garbage is rejected with the scheme and the text", arguments: [
        "", " ", " 1.0", "1.0 ", "1.0\n", "^1.0", "~1.0", ">=1.0", "1.0 || 2.0", "1.0,2.0", "1.*", "1.0.x-dev ",
        "x.y", "master", "v", "vv1.0", "-1.0", ".1", "1.0-", "1.0.", "dev-", "é", "1.0-é", "#", "1.0@dev",
        "\(LongNumbers.digits39)",
    ])
    func garbage(_ text: String) {
        let error = #expect(throws: VersionParseError.self) { try ComposerVersion(parsing: text) }
        #expect(error?.scheme == .composer)
        #expect(error?.text == text)
    }

    @Test("random text never crashes; what parses orders consistently")
    func fuzz() throws {
        var rng = SeededRandom(seed: 0xC0_4905E2)
        let fragments = ["0", "1", "9", "10", "00", "99999999999999999999", ".", ".", "-", "-", "_", "+", "/", "v",
                         "V", "dev", "a", "b", "RC", "rc", "pl", "p", "x", "ALPHA", "stable", " ", "é", "*"]
        var parsed: [ComposerVersion] = []
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<rng.index(9) { s += rng.pick(fragments) }
            if let v = try? ComposerVersion(parsing: s) {
                #expect(v.description == s)
                parsed.append(v)
            }
        }
        #expect(parsed.count > 1_000)
        parsed += try corpusVersionPool(["packagist-versions-generated.txt"]).compactMap {
            try? ComposerVersion(parsing: $0)
        }
        // Without '#' (left out of the fragments) the order is a total preorder.
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

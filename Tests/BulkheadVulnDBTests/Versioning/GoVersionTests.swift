import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

// Every expectation below was checked against golang.org/x/mod/semver (Compare and IsValid, on
// the `v` form) when it was written.
@Suite("GoVersion (Go module versions)")
struct GoVersionTests {
    @Test("semver-versions.txt holds, except the one line Go rejects")
    func corpus() throws {
        let lines = try corpusComparisons("semver-versions.txt")
        #expect(lines.count == 86)
        // Go has no fourth number: `v1.1.3.4.5` is not a Go version, so that line cannot apply.
        let invalidInGo = lines.filter {
            (try? GoVersion(parsing: $0.a)) == nil || (try? GoVersion(parsing: $0.b)) == nil
        }
        #expect(invalidInGo.map { "\($0.a) \($0.op) \($0.b)" } == ["1.1.3.4.5 = 1.1.3.4.5"])
        let checked = lines.filter { $0.a != "1.1.3.4.5" }
        #expect(checked.count == 85)
        let failures = checked.compactMap { checkComparison(GoVersion.self, $0.a, $0.op, $0.b) }
        #expect(failures.isEmpty, "\(failures)")
        let erased = checked.compactMap { checkComparison(VersionScheme.go, $0.a, $0.op, $0.b) }
        #expect(erased.isEmpty, "\(erased)")
    }

    @Test("pseudo-versions, +incompatible and the stdlib floor order as in Go")
    func pseudoVersions() {
        let table: [(String, String, String)] = [
            // vX.0.0-yyyymmddhhmmss-abcdef: no earlier tag
            ("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.0-20191110000000-aaaaaaaaaaaa"),
            ("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.0"),
            ("v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.1"),
            // vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef: after release vX.Y.Z, before any vX.Y.(Z+1) pre-release
            ("v1.2.3", "<", "v1.2.4-0.20191109021931-daa7c04131f5"),
            ("v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4-0.20200101000000-bbbbbbbbbbbb"),
            ("v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4-alpha"),
            ("v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4"),
            // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef: after pre-release vX.Y.Z-pre
            ("v1.2.3-pre", "<", "v1.2.3-pre.0.20191109021931-daa7c04131f5"),
            ("v1.2.3-pre.0.20191109021931-daa7c04131f5", "<", "v1.2.3-pre.1"),
            ("v1.2.3-pre.0.20191109021931-daa7c04131f5", "<", "v1.2.3"),
            // +incompatible is build metadata
            ("v2.0.0+incompatible", "=", "v2.0.0"),
            ("v2.0.0+incompatible", "<", "v2.0.1+incompatible"),
            ("v2.0.0-20191109021931-daa7c04131f5+incompatible", "<", "v2.0.0+incompatible"),
            // OSV's stdlib floor and the v-less form
            ("1.22.0-0", "<", "1.22.0-rc.1"), ("1.22.0-0", "<", "1.22.0"), ("1.21.99", "<", "1.22.0-0"),
            ("1.22.0-0", "=", "v1.22.0-0"), ("1.2.3", "=", "v1.2.3"), ("0", "=", "v0.0.0"),
            // shorthands
            ("v1", "=", "v1.0.0"), ("v1.2", "=", "v1.2.0"), ("v0", "=", "v0.0.0"),
            // identifiers
            ("v1.2.3-rc.9", "<", "v1.2.3-rc.10"), ("v1.2.3-rc.10", "<", "v1.2.3-rc.a"),
            ("v1.2.3-rc.1", "<", "v1.2.3-rc.1.1"), ("v1.2.3-RC.1", "<", "v1.2.3-rc.1"),
            ("v1.2.3-0a", "<", "v1.2.3-0b"), ("v1.2.3+01", "=", "v1.2.3"),
            // numbers beyond 64 bits
            ("v18446744073709551615.0.0", "<", "v18446744073709551616.0.0"),
            ("v9999999999999999999.0.0", "<", "v10000000000000000000.0.0"),
            ("v1.2.3-18446744073709551616", ">", "v1.2.3-18446744073709551615"),
            ("v\(LongNumbers.nines38).0.0", ">", "v\(LongNumbers.nines37).0.0"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(GoVersion.self, a, op, b) == nil)
        }
    }

    @Test("Go toolchain tags read as golang.org/x/vuln reads them")
    func toolchainTags() {
        let table: [(String, String, String)] = [
            ("go1.22.1", "=", "1.22.1"), ("go1.21", "=", "1.21.0"), ("go1.21rc2", "=", "1.21.0-rc.2"),
            ("go1.19beta1", "=", "v1.19.0-beta.1"), ("go1", "=", "1.0.0"), ("go1.21rc2", "<", "go1.21.0"),
            ("go1.21rc2", ">", "1.21.0-0"), ("go1.22.1", "<", "1.22.5"), ("go1.9.7", "<", "go1.10"),
        ]
        for (a, op, b) in table {
            #expect(checkComparison(GoVersion.self, a, op, b) == nil)
        }
        for bad in ["go", "go1.", "go1.22rc", "go1.22rc01", "go1.22.1.4", "go1.22.1 X:foo", "go1.22alpha1", "go1.02",
                    "gox", "go1.22-rc.1", "go1.22.1rc1x", "go-1"] {
            #expect(throws: VersionParseError.self, "\(bad)") { try GoVersion(parsing: bad) }
        }
    }

    @Test("pre-release flag and text round trip")
    func accessors() throws {
        #expect(try GoVersion(parsing: "v0.0.0-20191109021931-daa7c04131f5").isPrerelease)
        #expect(try !GoVersion(parsing: "v2.0.0+incompatible").isPrerelease)
        #expect(try GoVersion(parsing: "1.22.0-0").description == "1.22.0-0")
        #expect(GoVersion.scheme == .go)
    }

    @Test("what Go's semver.IsValid rejects is rejected, with the scheme and the text", arguments: [
        "v1.2.3.4", "1.1.3.4.5", "v01.2.3", "v1.02.3", "v1.2.03", "v1.2.3-01", "V1.2.3", "=1.2.3", "v1.2-pre",
        "v1-pre", "v1.2+meta", "1.2-pre", "v", "", "v1.2.3-", "v1.2.3+", "vv1", "v1.2.3 ", " v1.2.3", "v1.2.3-a..b",
        "v1.2.3+a+b", "v1.2.3-a_b", "v1.2.3beta", "v1.2.x", "latest", "v1.2.3-é", "v1..2",
        "v\(LongNumbers.digits39).0.0",
    ])
    func garbage(_ text: String) {
        let error = #expect(throws: VersionParseError.self) { try GoVersion(parsing: text) }
        #expect(error?.scheme == .go)
        #expect(error?.text == text)
    }

    @Test("random text never crashes; what parses orders consistently")
    func fuzz() {
        var rng = SeededRandom(seed: 0x60)
        let fragments = ["0", "1", "2", "10", "01", "99999999999999999999", ".", ".", ".", "-", "-", "+", "v",
                         "a", "rc", "x-y", "Z", "incompatible", "20191109021931", "daa7c04131f5", " ", "_", "é", "go", "beta"]
        var parsed: [GoVersion] = []
        for _ in 0..<40_000 {
            var s = rng.chance(0.5) ? "v" : ""
            for _ in 0..<rng.index(9) { s += rng.pick(fragments) }
            if let v = try? GoVersion(parsing: s) {
                #expect(v.description == s)
                parsed.append(v)
            }
        }
        #expect(parsed.count > 300)
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

import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("Alpine (apk) versions")
struct APKVersionTests {
    /// Hand-picked cases, each checked in both directions (from apk-tools' rules; no apk oracle
    /// runs here).
    static let edges: [(String, String, String)] = [
        ("1.0", "<", "1.0.1"), ("1.0", "<", "1.1"), ("1.9", "<", "1.10"), ("1.0", "=", "1.0"),
        ("1.0_alpha", "<", "1.0_beta"), ("1.0_beta", "<", "1.0_pre"), ("1.0_pre", "<", "1.0_rc"), ("1.0_rc", "<", "1.0"),
        ("1.0", "<", "1.0_cvs"), ("1.0_cvs", "<", "1.0_svn"), ("1.0_svn", "<", "1.0_git"), ("1.0_git", "<", "1.0_hg"),
        ("1.0_hg", "<", "1.0_p"), ("1.0_rc", "<", "1.0_rc1"), ("1.0_rc1", "<", "1.0_rc2"), ("1.0_rc9", "<", "1.0_rc10"),
        ("1.0_rc1", "<", "1.0"), ("1.0_alpha_pre2", "<", "1.0_alpha"), ("1.0_p1_pre1", "<", "1.0_p1"),
        ("1.0", "<", "1.0a"), ("1.0a", "<", "1.0b"), ("1.0z", "<", "1.0.1"), ("1.0a", "<", "1.0a_p1"),
        ("1.0-r0", ">", "1.0"), ("1.0-r1", ">", "1.0-r0"), ("1.0-r01", "=", "1.0-r1"), ("1.0-r10", ">", "1.0-r9"),
        ("1.0_rc1-r5", "<", "1.0-r0"), ("1.01", "<", "1.1"), ("1.001", "<", "1.01"), ("1.010", "<", "1.09"),
        ("8.2.0", "<", "8.2.001"), ("8.2.0015", "<", "8.2.002"), ("01.0", "=", "1.0"), ("006", ">", "1.0.0"),
        ("1.0~1234", "<", "1.0~2345"), ("1.0~1234-r1", "<", "1.0~2345-r0"), ("1.0~1234-r1", ">", "1.0~1234-r0"),
        ("1.0~abc", ">", "1.0"), ("1.0_pre20191002222144-r0", "<", "1.0_pre20210530193627-r0"),
        ("5.7.1p1-r0", "<", "5.7.1p1-r1"), ("3.3.3-r2", "<", "3.3.3p1-r0"), ("1.2p1", "<", "1.2p2"), ("1.2p9", "<", "1.2p10"),
        ("2.0.0_rc3-r1", "<", "20040401"), ("18446744073709551616", ">", "18446744073709551615"),
        ("6.6.2_p1", "<", "6.6.2p1"),
    ]

    @Test("hand-picked edge cases order as apk orders them")
    func edgeCases() {
        for (a, op, b) in Self.edges {
            #expect(checkComparison(APKVersion.self, a, op, b) == nil)
            #expect(checkComparison(.apk, a, op, b) == nil)
        }
    }

    /// `alpine-versions.txt` has 33 lines with a version apk-tools 3 calls invalid (`1-r`, `0..8`,
    /// `1.2.0A`, `1-ruff`, `1.2_blah`, `.1`, `a`, `1.0bc`, ...; apk still orders those by a
    /// fallback): they must be rejected, every other line must hold.
    @Test("every line of the osv-scalibr Alpine corpus", arguments: [
        ("alpine-versions.txt", 778, 33), ("alpine-versions-generated.txt", 13_979, 0),
    ])
    func corpus(file: String, expected: Int, expectedRejected: Int) throws {
        let lines = try corpusComparisons(file)
        #expect(lines.count > 0)
        #expect(lines.count == expected)
        var rejected: [String] = []
        var failures: [String] = []
        for c in lines {
            if (try? APKVersion(parsing: c.a)) == nil || (try? APKVersion(parsing: c.b)) == nil {
                rejected.append("\(file):\(c.line): \(c.a) \(c.op) \(c.b)")
            } else if let f = checkComparison(APKVersion.self, c.a, c.op, c.b) {
                failures.append("\(file):\(c.line): \(f)")
            }
        }
        let failuresCount = failures.count
        #expect(failuresCount == 0, "\(summary(failures))")
        let rejectedCount = rejected.count
        #expect(rejectedCount == expectedRejected, "\(summary(rejected, limit: 100))")
    }

    @Test("garbage is rejected, naming the apk scheme", arguments: [
        "", "abc", "a", "1..2", ".1", "1.", "1.0_foo", "1.0_", "1.0_-r0", "1.0__alpha", "1.0_1_alpha", "1.0bc",
        "1.0a.1", "1.0A", "1.0-r", "1.0-r1_pre1", "1.0-r2-r3", "1.0-r2.1", "1.0-pre1", "1.0~", "1.0~xyz",
        "1.0_pre2~1234abcd_pre1", "1.0-r1~1234", "1.0 ", " 1.0", "_pre1", "-r1", "1.0a1b", "1.0p1.2", "1.0é",
    ])
    func garbage(text: String) {
        do {
            let v = try APKVersion(parsing: text)
            Issue.record("accepted \(text.debugDescription) as \(v)")
        } catch {
            #expect(error.scheme == .apk)
            #expect(error.text == text)
            #expect(error.description.contains("apk"))
        }
    }

    @Test("valid forms apk-tools documents are accepted", arguments: [
        "1.2", "0.1_pre2", "0.1_pre2~1234abcd", "0.1_p1_pre2", "0.1_alpha1_pre2", "0.1_git20240101_pre1",
        "1.2.3a_rc1~deadbeef-r12", "20240101", "1.0-r0",
    ])
    func valid(text: String) {
        #expect((try? APKVersion(parsing: text)) != nil)
    }

    @Test("ordering is a total order on seeded random versions")
    func totalOrder() throws {
        let pool = try corpusVersionPool(["alpine-versions.txt", "alpine-versions-generated.txt"])
        var rng = SeededRandom(seed: 0xA1B)
        var versions: [APKVersion] = []
        while versions.count < 3_000 {
            let text = apkMutate(rng.pick(pool), &rng)
            if let v = try? APKVersion(parsing: text) { versions.append(v) }
        }
        let sorted = versions.sorted()
        var violations = 0
        for k in 1..<sorted.count where sorted[k] < sorted[k - 1] { violations += 1 }
        for _ in 0..<20_000 {
            let x = rng.pick(versions), y = rng.pick(versions), z = rng.pick(versions)
            if (x < y) == (y < x) && x != y { violations += 1 }
            if x < y && y < z && !(x < z) { violations += 1 }
            if x == y && y == z && x != z { violations += 1 }
        }
        #expect(violations == 0)
    }
}

/// One to three apk-flavoured edits of `v`.
func apkMutate(_ v: String, _ rng: inout SeededRandom) -> String {
    var s = v
    for _ in 0...rng.index(3) {
        switch rng.index(5) {
        case 0:  // add or drop a revision
            if let hyphen = s.lastIndex(of: "-"), rng.chance(0.5) {
                s = String(s[..<hyphen])
            } else {
                s += "-r" + rng.pick(["0", "1", "01", "10"])
            }
        case 1:
            s += rng.pick(["_alpha", "_beta2", "_pre", "_rc1", "_cvs", "_svn3", "_git20240101", "_hg", "_p1", "~abc123",
                           "a", "z", ".0", ".01"])
        default:
            s = mutateVersion(s, &rng, fragments: ["_rc1", "_p2", "_alpha", "_foo", ".", "_", "-r1", "~1f", "a", "0", "00"],
                              alphabet: "0123456789._-~arpz")
        }
    }
    return s
}

import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadVulnDB

@Suite("Debian (dpkg) versions")
struct DebianVersionTests {
    /// Hand-picked cases, each checked in both directions (all confirmed with dpkg 1.21).
    static let edges: [(String, String, String)] = [
        ("1.0~rc1", "<", "1.0"), ("1.0~", "<", "1.0"), ("1.0~~", "<", "1.0~"), ("1.0~~a", "<", "1.0~"),
        ("1.0~rc1", "<", "1.0~rc2"), ("1.0", "<", "1.0a"), ("1.0", "<", "1.0+"), ("1.0a", "<", "1.0+"),
        ("1.0a", "<", "1.0."), ("1.2A", "<", "1.2a"), ("1.2Z", "<", "1.2a"), ("1.0", "<", "1.0.1"),
        ("1.2.3", "<", "1.2.10"), ("2.30-1", ">", "2.4-1"), ("10", ">", "9"), ("00001", "=", "1"),
        ("1.00", "=", "1.0"), ("1.001", "=", "1.1"), ("0:1.0", "=", "1.0"), ("1.0-0", "=", "1.0"),
        ("1.0-00", "=", "1.0"), ("1.0", "<", "1.0-0.1"), ("1.0", "<", "1.0-1"), ("1.0-~", "<", "1.0"),
        ("1.0-1", "<", "1.0-1+b1"), ("1.0-1~bpo1", "<", "1.0-1"), ("1.0+dfsg-1", ">", "1.0-1"),
        ("1:0.1", ">", "9.9"), ("2:0", ">", "1:99"), ("1:1:2", ">", "1:1"), ("1.0-a-b", ">", "1.0-a"),
        ("7.6p2-4", ">", "7.6-0"), ("a1.0", ">", "1.0"), (" 1.0 ", "=", "1.0"), ("1.0+~", ">", "1.0"),
        ("1.18446744073709551616", ">", "1.18446744073709551615"),
        ("99999999999999999999999999", ">", "99999999999999999999999998"), ("1.2~b", ">", "1.2~a"),
        ("2.7.4+reloaded2-13ubuntu1", "<", "2.7.4+reloaded2-13+deb9u1"), ("+1:2", "=", "1:2"),
    ]

    @Test("hand-picked edge cases order as dpkg orders them")
    func edgeCases() {
        for (a, op, b) in Self.edges {
            #expect(checkComparison(DebianVersion.self, a, op, b) == nil)
            #expect(checkComparison(.dpkg, a, op, b) == nil)
        }
    }

    @Test("epoch, upstream and revision are split as dpkg splits them")
    func parts() throws {
        let v = try DebianVersion(parsing: " 2:1.0-rc1-3ubuntu1 ")
        #expect(v.epoch == 2)
        #expect(v.upstream == "1.0-rc1")
        #expect(v.revision == "3ubuntu1")
        #expect(v.description == " 2:1.0-rc1-3ubuntu1 ")
        let plain = try DebianVersion(parsing: "1:2:3")
        #expect(plain.epoch == 1 && plain.upstream == "2:3" && plain.revision == "")
    }

    @Test("every line of the osv-scalibr Debian corpus", arguments: [
        ("debian-versions.txt", 30), ("debian-versions-generated.txt", 14_442),
    ])
    func corpus(file: String, expected: Int) throws {
        let lines = try corpusComparisons(file)
        #expect(lines.count > 0)
        #expect(lines.count == expected)
        let failures = lines.compactMap { c in
            checkComparison(DebianVersion.self, c.a, c.op, c.b).map { "\(file):\(c.line): \($0)" }
        }
        let failuresCount = failures.count
        #expect(failuresCount == 0, "\(summary(failures))")
    }

    @Test("garbage is rejected, naming the dpkg scheme", arguments: [
        "", " ", "1 .0", ":1.0", "a:1.0", "1a:1.0", "1:", "1.0-", "-1", "1:-1", "-1:1.0", "2147483648:1",
        "1.0-1:2", "1.0_1", "1.0,1", "1.0/1", "1.0-1_2", "1.é", "1.0\n", "1.0\u{0}", "1.0-1-", "1.0 -1",
    ])
    func garbage(text: String) {
        do {
            let v = try DebianVersion(parsing: text)
            Issue.record("accepted \(text.debugDescription) as \(v)")
        } catch {
            #expect(error.scheme == .dpkg)
            #expect(error.text == text)
            #expect(error.description.contains("dpkg"))
        }
    }

    @Test("10,000 seeded random pairs agree with dpkg --compare-versions")
    func oracle() throws {
        let pairs = try debianOraclePairs()
        #expect(pairs.count >= 10_000)
        let answers = try dpkgCompare(pairs)
        try #require(answers.count == pairs.count)
        var mismatches: [String] = []
        for ((a, b), expected) in zip(pairs, answers) {
            let ours = orderSymbol(try DebianVersion(parsing: a), try DebianVersion(parsing: b))
            if ours != expected { mismatches.append("\(a) vs \(b): dpkg \(expected), ours \(ours)") }
        }
        let mismatchesCount = mismatches.count
        #expect(mismatchesCount == 0, "\(summary(mismatches))")
    }
}

/// At least 10,000 pairs (seeded) of versions that parse, drawn from the Debian corpus and
/// mutated towards dpkg's edge cases (`~`, epochs, revisions, leading zeros, letters).
func debianOraclePairs(count: Int = 10_000, seed: UInt64 = 0xDEB1A4) throws -> [(String, String)] {
    let pool = try corpusVersionPool(["debian-versions.txt", "debian-versions-generated.txt"])
    var rng = SeededRandom(seed: seed)
    var kept: [(String, String)] = []
    while kept.count < count {
        for (a, b) in randomPairs(pool: pool, count: count, rng: &rng, mutate: debianMutate) {
            // dpkg's command line would take a leading '-' for an option.
            guard kept.count < count, !a.hasPrefix("-"), !b.hasPrefix("-"),
                  (try? DebianVersion(parsing: a)) != nil, (try? DebianVersion(parsing: b)) != nil else { continue }
            kept.append((a, b))
        }
    }
    return kept
}

/// One to three dpkg-flavoured edits of `v`.
func debianMutate(_ v: String, _ rng: inout SeededRandom) -> String {
    var s = v
    for _ in 0...rng.index(3) {
        switch rng.index(6) {
        case 0:  // add, change or drop the epoch
            if let colon = s.firstIndex(of: ":"), rng.chance(0.5) {
                s = String(s[s.index(after: colon)...])
            } else {
                s = "\(rng.pick(["0", "1", "2", "00", "10"])):" + s
            }
        case 1:  // add or drop a revision
            if let hyphen = s.lastIndex(of: "-"), rng.chance(0.5) {
                s = String(s[..<hyphen])
            } else {
                s += "-" + rng.pick(["0", "1", "00", "1ubuntu1", "0.1", "2~bpo1", "1+b1", "~", "1~", "a"])
            }
        default:
            s = mutateVersion(s, &rng, fragments: ["~", "~~", "~rc1", "~beta", "+", "+dfsg", "+b1", ".", ".0",
                                                  "a", "A", "z", "0", "00", "-", ":", "+really"],
                              alphabet: "0123456789.~+-:azAZ")
        }
    }
    return s
}

/// Asks `dpkg --compare-versions` about every pair in one shell loop: `<`, `=`, `>`, or `E` when
/// dpkg rejects a version.
func dpkgCompare(_ pairs: [(String, String)]) throws -> [String] {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-dpkg-\(UUID().uuidString).txt")
    try pairs.map { "\($0.0) \($0.1)\n" }.joined().write(to: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: input) }
    let script = """
        while read -r a b; do
          dpkg --compare-versions "$a" lt "$b" 2>/dev/null; r=$?
          if [ $r -eq 0 ]; then echo '<'
          elif [ $r -ne 1 ]; then echo E
          else
            dpkg --compare-versions "$a" eq "$b" 2>/dev/null; r=$?
            if [ $r -eq 0 ]; then echo '='; elif [ $r -eq 1 ]; then echo '>'; else echo E; fi
          fi
        done < "$1"
        """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", script, "dpkg-oracle", input.path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw TestSetupError("dpkg oracle loop exited \(p.terminationStatus)") }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

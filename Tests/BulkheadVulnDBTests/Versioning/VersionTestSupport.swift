import BulkheadTesting
import Foundation

@testable import BulkheadVulnDB

// Shared helpers for the version-comparator tests (the seeded RNG is BulkheadTesting's
// `SeededRandom`): the corpus `a op b` line reader, and the two-way comparison check. The signatures here
// are used by every scheme's tests; extend, don't change.

/// The comparison lines of a corpus version file: `a op b` split on single spaces, `op` one of
/// `<`, `=`, `>`; empty lines and lines starting with `# ` or `// ` are skipped. `line` is the
/// 1-based line number in the file. `file` is a corpus-relative path
/// (`versions/osv-scalibr/debian-versions.txt`) or a bare file name, which is looked up in
/// `versions/osv-scalibr/`. A line that is not a comparison throws, so a format surprise fails.
func corpusComparisons(_ file: String) throws -> [(a: String, op: String, b: String, line: Int)] {
    let relative = file.contains("/") ? file : "versions/osv-scalibr/" + file
    let text = try Corpus.read(relative)
    var result: [(a: String, op: String, b: String, line: Int)] = []
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        number += 1
        let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        if line.isEmpty || line.hasPrefix("# ") || line.hasPrefix("// ") { continue }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, ["<", "=", ">"].contains(parts[1]) else {
            throw TestSetupError("\(relative):\(number): not an `a op b` line: \(line)")
        }
        result.append((String(parts[0]), String(parts[1]), String(parts[2]), number))
    }
    return result
}

/// Every distinct version mentioned in the given corpus files, in first-seen order: the pool
/// that random pairs are drawn from.
func corpusVersionPool(_ files: [String]) throws -> [String] {
    var seen = Set<String>()
    var pool: [String] = []
    for file in files {
        for c in try corpusComparisons(file) {
            for v in [c.a, c.b] where seen.insert(v).inserted { pool.append(v) }
        }
    }
    return pool
}

/// `<`, `=` or `>` for two comparable values.
func orderSymbol<T: Comparable>(_ a: T, _ b: T) -> String {
    a < b ? "<" : (b < a ? ">" : "=")
}

/// The mirror of an order symbol (`<` ↔ `>`).
func mirrored(_ op: String) -> String {
    op == "<" ? ">" : (op == ">" ? "<" : op)
}

/// Checks `a op b` in scheme `V` in both directions (`a op b` and `b mirrored(op) a`) and that
/// `==` agrees. Returns nil when it holds, else a message that names both texts and what was
/// found (including a parse error), ready for `Issue.record` or a failure list.
func checkComparison<V: SchemeVersion>(_ type: V.Type, _ a: String, _ op: String, _ b: String) -> String? {
    let x: V, y: V
    do {
        x = try V(parsing: a)
        y = try V(parsing: b)
    } catch {
        return "\(a) \(op) \(b): \(error)"
    }
    let forward = orderSymbol(x, y), backward = orderSymbol(y, x)
    if forward != op || backward != mirrored(op) || (x == y) != (op == "=") {
        return "\(a) \(op) \(b): got \(a) \(forward) \(b) and \(b) \(backward) \(a)"
    }
    return nil
}

/// The same check through `VersionScheme.compare` (the type-erased path the matcher uses).
func checkComparison(_ scheme: VersionScheme, _ a: String, _ op: String, _ b: String) -> String? {
    do {
        let forward = try scheme.compare(a, b), backward = try scheme.compare(b, a)
        let symbol: (VersionScheme.Ordering) -> String = { $0 == .less ? "<" : ($0 == .greater ? ">" : "=") }
        if symbol(forward) != op || symbol(backward) != mirrored(op) {
            return "\(a) \(op) \(b): got \(a) \(symbol(forward)) \(b) and \(b) \(symbol(backward)) \(a)"
        }
        return nil
    } catch {
        return "\(a) \(op) \(b): \(error)"
    }
}

/// Every line of a corpus file checked through the scheme's type and, with `erased`, through
/// `VersionScheme.compare` too: the number of lines and the failures of either path.
func corpusFailures<V: SchemeVersion>(_ type: V.Type, _ file: String, erased: Bool = true) throws -> (count: Int, failures: [String]) {
    let lines = try corpusComparisons(file)
    var failures = lines.compactMap { checkComparison(type, $0.a, $0.op, $0.b) }
    if erased { failures += lines.compactMap { checkComparison(V.scheme, $0.a, $0.op, $0.b) } }
    return (lines.count, failures)
}

/// Numbers at the edge of the 38-digit limit every language scheme shares.
enum LongNumbers {
    static let nines38 = String(repeating: "9", count: 38)  // the largest number accepted
    static let nines37 = String(repeating: "9", count: 37)
    static let digits39 = "1" + String(repeating: "0", count: 38)  // one digit too many
    static let zeros50One = String(repeating: "0", count: 50) + "1"  // leading zeros do not count
}

/// `count` pairs for oracle tests: each side is a pool version, with probability `mutateRate`
/// passed through `mutate` (a scheme's seeded edge-case mutator), and sometimes the second side is
/// a mutation of the first so near-equal versions are compared too.
func randomPairs(
    pool: [String], count: Int, rng: inout SeededRandom, mutateRate: Double = 0.5,
    mutate: (String, inout SeededRandom) -> String
) -> [(String, String)] {
    precondition(!pool.isEmpty, "empty version pool")
    var pairs: [(String, String)] = []
    pairs.reserveCapacity(count)
    for _ in 0..<count {
        var a = rng.pick(pool)
        if rng.chance(mutateRate) { a = mutate(a, &rng) }
        var b: String
        if rng.chance(0.3) {
            b = mutate(a, &rng)
        } else {
            b = rng.pick(pool)
            if rng.chance(mutateRate) { b = mutate(b, &rng) }
        }
        if rng.chance(0.05) { b = a }
        pairs.append((a, b))
    }
    return pairs
}

/// One seeded, scheme-neutral edit of `v` that tends to hit ordering edge cases: change or bump
/// a digit, add a leading zero, delete or replace a character (from `alphabet`), insert or
/// append one of `fragments` (the scheme's separators and suffixes), duplicate or cut a tail.
/// Works on Characters, so non-ASCII input stays valid text.
func mutateVersion(_ v: String, _ rng: inout SeededRandom, fragments: [String], alphabet: String) -> String {
    var s = Array(v)
    let letters = Array(alphabet)
    let digitPositions = s.indices.filter { s[$0].isASCII && s[$0].isNumber }
    switch rng.index(10) {
    case 0 where !digitPositions.isEmpty:
        s[rng.pick(digitPositions)] = Character(String(rng.index(10)))
    case 1 where !digitPositions.isEmpty:
        // Bump the number that ends at a random digit (9 -> 10 changes its length).
        var end = rng.pick(digitPositions)
        while end + 1 < s.count, s[end + 1].isASCII, s[end + 1].isNumber { end += 1 }
        var k = end
        while k >= 0, s[k] == "9" { s[k] = "0"; k -= 1 }
        if k >= 0, s[k].isASCII, s[k].isNumber, let d = s[k].wholeNumberValue {
            s[k] = Character(String(d + 1))
        } else {
            s.insert("1", at: k + 1)
        }
    case 2 where !digitPositions.isEmpty:
        s.insert("0", at: rng.pick(digitPositions))
    case 3 where s.count > 1:
        s.remove(at: rng.index(s.count))
    case 4 where !s.isEmpty && !letters.isEmpty:
        s[rng.index(s.count)] = rng.pick(letters)
    case 5 where !fragments.isEmpty:
        s.insert(contentsOf: Array(rng.pick(fragments)), at: rng.index(s.count + 1))
    case 6 where s.count > 2:
        let start = rng.index(s.count)
        let run = Array(s[start..<min(s.count, start + 1 + rng.index(4))])
        s.insert(contentsOf: run, at: start)
    case 7 where s.count > 2:
        s.removeLast(1 + rng.index(min(3, s.count - 1)))
    default:
        if !fragments.isEmpty { s.append(contentsOf: Array(rng.pick(fragments))) }
    }
    return String(s)
}

/// The first `limit` problems of a list, one a line, for an `#expect` comment (the list itself
/// stays out of the expectation so a bad run does not print thousands of lines).
func summary(_ problems: [String], limit: Int = 20) -> String {
    "\(problems.count) problem(s):\n" + problems.prefix(limit).joined(separator: "\n")
        + (problems.count > limit ? "\n…" : "")
}

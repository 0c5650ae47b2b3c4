/// An Alpine package version, `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`,
/// ordered as apk-tools orders it (`src/version.c`).
///
/// Versions are compared token by token: the first number numerically, later numbers
/// numerically unless either has a leading zero (then as text, so `1.01` < `1.1`), the letter
/// by its byte, suffixes in the order `alpha beta pre rc` < none < `cvs svn git hg p`, suffix
/// and `-r` numbers numerically, commit hashes as text. When one version runs out first, a
/// pre-release suffix makes the other one greater, otherwise the shorter one is older.
///
/// apk-tools 3 rejects a number right after the letter (`1.2p1`); apk-tools 2 accepted it, and
/// Alpine advisories still carry such versions (`5.7.1p1-r0`), so one number after the letter
/// is accepted here and compared numerically, as apk 2 did. Anything else apk-tools rejects
/// (`1.0_foo`, `abc`, `1..2`, `1-r`, uppercase letters, two letters) is an error.
public struct APKVersion: SchemeVersion {
    public static var scheme: VersionScheme { .apk }

    private let text: String

    /// The text as it was given.
    public var description: String { text }

    public init(parsing text: String) throws(VersionParseError) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        let problem = withBytes(text) { p -> String? in
            var t = Token.first(p)
            while t.kind < .end { t.advance(p) }
            return t.kind == .end ? nil : (t.problem.map { "\($0)" } ?? "invalid version")
        }
        if let problem { throw VersionParseError(.apk, text, problem) }
    }

    /// apk's three-way comparison: -1, 0 or 1. Both texts are walked token by token again, which
    /// is cheaper than keeping the tokens.
    public static func compare(_ a: APKVersion, _ b: APKVersion) -> Int {
        withBytes(a.text) { pa in
            withBytes(b.text) { pb in
                var ta = Token.first(pa), tb = Token.first(pb)
                while ta.kind == tb.kind && ta.kind < .end {
                    let r = Token.compare(ta, pa, tb, pb)
                    if r != 0 { return r }
                    ta.advance(pa)
                    tb.advance(pb)
                }
                if ta.kind == tb.kind { return 0 }
                if ta.kind == .suffix && ta.suffix < Token.noSuffix { return -1 }
                if tb.kind == .suffix && tb.suffix < Token.noSuffix { return 1 }
                return ta.kind > tb.kind ? -1 : 1
            }
        }
    }

    public static func < (a: APKVersion, b: APKVersion) -> Bool { compare(a, b) < 0 }
    /// Equal in apk's order (`1.0-r01` == `1.0-r1`), not equal text.
    public static func == (a: APKVersion, b: APKVersion) -> Bool { compare(a, b) == 0 }
}

/// The UTF-8 of a string without copying it (a copy only if it is not contiguous).
@inline(__always)
private func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}

/// One lexical token of an apk version, located in the version's bytes. Validation and
/// comparison walk the same tokens, so a parsed version can never meet an invalid token.
private struct Token {
    /// Token kinds in apk's order: when two versions diverge in kind, the greater kind is older.
    enum Kind: UInt8, Comparable {
        case initialDigit, digit, letter, suffix, suffixNumber, commitHash, revision, end, invalid
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// Suffixes by rank; "" (rank 4) stands for no suffix, between pre-releases and the others.
    static let suffixes: [StaticString] = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"]
    static let noSuffix = 4

    var kind: Kind
    var start = 0, end = 0  // the token's value bytes
    var suffix = 0
    /// A number right after the letter (apk 2 compatibility): compared numerically.
    var afterLetter = false
    var problem: StaticString?

    static func first(_ p: UnsafeBufferPointer<UInt8>) -> Token {
        var t = Token(kind: .initialDigit)
        var i = 0
        t.digits(p, &i)
        if t.kind == .invalid { t.problem = "a version starts with a digit" }
        return t
    }

    /// Reads a digit run at `i` as this token's value; none makes the token invalid.
    mutating func digits(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        start = i
        while i < p.count, p[i] &- 48 < 10 { i += 1 }
        end = i
        if start == end { kind = .invalid }
    }

    mutating func fail(_ why: StaticString) { kind = .invalid; problem = why }

    /// Moves to the next token (apk's `token_next`), checking that it may follow this one.
    mutating func advance(_ p: UnsafeBufferPointer<UInt8>) {
        var i = end
        guard i < p.count else { kind = .end; return }
        let c = p[i]
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            if kind > .digit || afterLetter { return fail("a letter may only follow the numbers, once") }
            kind = .letter
            start = i
            end = i + 1
        case UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if c == UInt8(ascii: ".") {
                if kind > .digit || afterLetter { return fail("'.' may only follow a number") }
                i += 1
            }
            switch kind {
            case .initialDigit, .digit: kind = .digit
            case .suffix: kind = .suffixNumber
            case .letter: kind = .digit; afterLetter = true
            default: return fail("unexpected number")
            }
            digits(p, &i)
            if kind == .invalid { problem = "'.' must be followed by a number" }
        case UInt8(ascii: "_"):
            if kind > .suffixNumber { return fail("a suffix may not follow '~' or '-r'") }
            i += 1
            start = i
            while i < p.count, p[i] &- 97 < 26 { i += 1 }
            end = i
            suffix = Token.suffixRank(p, start, end)
            if suffix < 0 { return fail("unknown suffix (alpha, beta, pre, rc, cvs, svn, git, hg, p)") }
            kind = .suffix
        case UInt8(ascii: "~"):
            if kind >= .commitHash { return fail("'~' may appear once, before '-r'") }
            i += 1
            start = i
            while i < p.count, p[i] &- 48 < 10 || p[i] &- 97 < 6 { i += 1 }
            end = i
            if start == end { return fail("'~' must be followed by a lowercase hex commit") }
            kind = .commitHash
        case UInt8(ascii: "-"):
            if kind >= .revision { return fail("only one '-r' revision") }
            guard i + 1 < p.count, p[i + 1] == UInt8(ascii: "r") else { return fail("'-' must start a '-r' revision") }
            i += 2
            kind = .revision
            digits(p, &i)
            if kind == .invalid { problem = "'-r' must be followed by a number" }
        default:
            fail("invalid character")
        }
    }

    /// The rank of the suffix name in `p[start..<end]`, -1 for an unknown name.
    static func suffixRank(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let length = end - start
        guard length > 0 else { return -1 }
        for (rank, name) in suffixes.enumerated() where rank != noSuffix && name.utf8CodeUnitCount == length {
            var same = true
            for k in 0..<length where name.utf8Start[k] != p[start + k] {
                same = false
                break
            }
            if same { return rank }
        }
        return -1
    }

    /// apk's `token_cmp` for two tokens of the same kind.
    static func compare(_ a: Token, _ pa: UnsafeBufferPointer<UInt8>, _ b: Token, _ pb: UnsafeBufferPointer<UInt8>) -> Int {
        switch a.kind {
        case .digit where !a.afterLetter && (pa[a.start] == 48 || pb[b.start] == 48):
            return bytewise(pa, a.start, a.end, pb, b.start, b.end)
        case .initialDigit, .digit, .suffixNumber, .revision:
            return numeric(pa, a.start, a.end, pb, b.start, b.end)
        case .letter:
            return pa[a.start] == pb[b.start] ? 0 : (pa[a.start] < pb[b.start] ? -1 : 1)
        case .suffix:
            return a.suffix == b.suffix ? 0 : (a.suffix < b.suffix ? -1 : 1)
        default:
            return bytewise(pa, a.start, a.end, pb, b.start, b.end)
        }
    }

    /// Digit runs as unbounded numbers: leading zeros dropped, longer is greater.
    static func numeric(_ pa: UnsafeBufferPointer<UInt8>, _ sa: Int, _ ea: Int,
                        _ pb: UnsafeBufferPointer<UInt8>, _ sb: Int, _ eb: Int) -> Int {
        var sa = sa, sb = sb
        while sa < ea, pa[sa] == 48 { sa += 1 }
        while sb < eb, pb[sb] == 48 { sb += 1 }
        if ea - sa != eb - sb { return ea - sa < eb - sb ? -1 : 1 }
        return bytewise(pa, sa, ea, pb, sb, eb)
    }

    /// `apk_blob_sort`: bytes, then the shorter first.
    static func bytewise(_ pa: UnsafeBufferPointer<UInt8>, _ sa: Int, _ ea: Int,
                         _ pb: UnsafeBufferPointer<UInt8>, _ sb: Int, _ eb: Int) -> Int {
        var i = sa, j = sb
        while i < ea, j < eb {
            if pa[i] != pb[j] { return pa[i] < pb[j] ? -1 : 1 }
            i += 1
            j += 1
        }
        let la = ea - sa, lb = eb - sb
        return la == lb ? 0 : (la < lb ? -1 : 1)
    }
}

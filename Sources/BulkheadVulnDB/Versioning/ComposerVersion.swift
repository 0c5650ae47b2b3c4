/// A Composer (Packagist) version, ordered as PHP's `version_compare` orders it, which is what
/// Composer's `Comparator` and OSV's Packagist ranges use.
///
/// A leading `v`/`V` before a digit is dropped, as Composer's `VersionParser::normalize` does.
/// The text is then split into segments at `.`, `-`, `_`, `+` (and `/`, for branch names)
/// and at every digit/non-digit transition (`1.0rc1` is `1, 0, rc, 1`). Segments compare one
/// by one: numbers numerically (up to 38 digits, beyond PHP's `long`); a word by its stability, read
/// from how it starts, case-sensitively as PHP does: `dev` < `alpha`/`a` < `beta`/`b` <
/// `RC`/`rc` < (a number) < `pl`/`p`; a word that starts with none of these (`ALPHA`,
/// `snapshot`, branch names) sorts below `dev`, and words of one stability are equal. When one
/// version runs out, a number left in the other makes that one newer (`1.0.0 > 1.0`) and a
/// word is compared with the stability of a number (`1.0 > 1.0rc1`, `1.0pl1 > 1.0`). So
/// `dev-` branches sort below every numbered version, and among themselves only by these rules
/// (`dev-main == dev-master`).
///
/// PHP's table also has `#`, which sorts like a number; OSV's fixtures use it as "any number"
/// (`1.2.3.# == 1.2.3.1` and `== 1.2.3`), so a word starting with `#` is equal to any number
/// and to a missing segment. That ordering is not transitive; real versions never contain `#`.
///
/// Accepted: text that starts with a digit (after the optional `v`) or is a `dev-` branch,
/// made of ASCII letters, digits, `#` and the separators above, not ending with a separator.
/// Runs of separators count as one, as in PHP. Everything else (empty text, blanks, control or
/// non-ASCII characters, constraints such as `^1.0` or `1.0 || 2.0`) is an error.
public struct ComposerVersion: SchemeVersion {
    public static var scheme: VersionScheme { .composer }

    /// One segment. A word keeps only its stability, the one thing PHP compares it by.
    private enum Segment: Sendable {
        case number(VersionNumeral)
        /// -1 unknown, 0 dev, 1 alpha, 2 beta, 3 RC, 4 `#` (any number), 5 patch.
        case word(Int8)
    }

    /// The stability of a number (and of a missing segment) in PHP's table.
    private static let numberRank: Int8 = 4

    /// The parsed segments and the text, in one object so that copying a version costs one retain.
    private final class Storage: Sendable {
        let text: String
        let segments: [Segment]

        init(_ text: String, _ segments: [Segment]) {
            self.text = text
            self.segments = segments
        }
    }

    private let storage: Storage

    /// The text as it was given.
    public var description: String { storage.text }

    public init(parsing text: String) throws(VersionParseError) {
        do {
            let segments = try VersionSyntax.withBytes(text) { b throws(VersionSyntax.Failure) in try Self.parse(b) }
            storage = Storage(text, segments)
        } catch {
            throw VersionParseError(.composer, text, error.reason)
        }
    }

    private static func isSeparator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: "+")
            || c == UInt8(ascii: "/")
    }

    /// `dev-<branch>`, Composer's name for a branch checkout (prefix matched case-insensitively,
    /// as `VersionParser::normalize` does).
    private static func isDevBranch(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count > 4 && VersionSyntax.lower(b[0]) == UInt8(ascii: "d") && VersionSyntax.lower(b[1]) == UInt8(ascii: "e")
            && VersionSyntax.lower(b[2]) == UInt8(ascii: "v") && b[3] == UInt8(ascii: "-")
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(VersionSyntax.Failure) -> [Segment] {
        let n = b.count
        var start = 0
        if n > 1, b[0] | 0x20 == UInt8(ascii: "v"), VersionSyntax.isDigit(b[1]) { start = 1 }
        guard start < n else { throw .init("empty version") }
        for i in start..<n {
            let c = b[i]
            guard VersionSyntax.isAlphanumeric(c) || c == UInt8(ascii: "#") || isSeparator(c) else {
                throw .init(c >= 0x80 ? "non-ASCII character" : (c <= 0x20 || c == 0x7F)
                    ? "blank or control character" : "character '\(Character(Unicode.Scalar(c)))' is not allowed")
            }
        }
        guard VersionSyntax.isDigit(b[start]) || isDevBranch(b) else {
            throw .init("must start with a number or be a dev- branch")
        }
        guard !isSeparator(b[n - 1]) else { throw .init("ends with a separator") }

        var segments: [Segment] = []
        var i = start
        while i < n {
            let c = b[i]
            if isSeparator(c) {
                i += 1
            } else if VersionSyntax.isDigit(c) {
                let s = i
                while i < n, VersionSyntax.isDigit(b[i]) { i += 1 }
                segments.append(.number(try VersionNumeral(b, s, i)))
            } else {
                let s = i
                while i < n, !VersionSyntax.isDigit(b[i]), !isSeparator(b[i]) { i += 1 }
                segments.append(.word(stability(b, s, i)))
            }
        }
        return segments
    }

    /// PHP's special forms, matched as prefixes in this order.
    private static func stability(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int8 {
        func starts(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard e - s >= count else { return false }
            let p = prefix.utf8Start
            for k in 0..<count where b[s + k] != p[k] { return false }
            return true
        }
        if starts("dev") { return 0 }
        switch b[s] {
        case UInt8(ascii: "a"): return 1
        case UInt8(ascii: "b"): return 2
        case UInt8(ascii: "#"): return 4
        case UInt8(ascii: "p"): return 5
        default: break
        }
        if starts("RC") || starts("rc") { return 3 }
        return -1
    }

    /// A segment against a missing one: a missing segment is lower than any number and has a
    /// number's stability against words.
    private static func compareWithMissing(_ s: Segment) -> Int {
        switch s {
        case .number: 1
        case .word(let r): r < numberRank ? -1 : (r == numberRank ? 0 : 1)
        }
    }

    private static func compare(_ a: [Segment], _ b: [Segment]) -> Int {
        let n = max(a.count, b.count)
        for i in 0..<n {
            let c: Int
            if i >= a.count {
                c = -compareWithMissing(b[i])
            } else if i >= b.count {
                c = compareWithMissing(a[i])
            } else {
                switch (a[i], b[i]) {
                case let (.number(x), .number(y)): c = VersionNumeral.compare(x, y)
                case let (.number, .word(r)): c = numberRank < r ? -1 : (numberRank == r ? 0 : 1)
                case let (.word(r), .number): c = r < numberRank ? -1 : (r == numberRank ? 0 : 1)
                case let (.word(r), .word(q)): c = r < q ? -1 : (r == q ? 0 : 1)
                }
            }
            if c != 0 { return c }
        }
        return 0
    }

    public static func < (a: Self, b: Self) -> Bool { compare(a.storage.segments, b.storage.segments) < 0 }
    public static func == (a: Self, b: Self) -> Bool { compare(a.storage.segments, b.storage.segments) == 0 }
}

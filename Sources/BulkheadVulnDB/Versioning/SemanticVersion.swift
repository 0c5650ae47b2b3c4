/// A version ordered by Semantic Versioning 2.0.0 precedence: npm, crates.io, Hex and OSV
/// `SEMVER` ranges.
///
/// Precedence is SemVer's: the numbers, then a version with a pre-release below the same
/// version without one, pre-release identifiers compared one by one (numbers numerically and
/// below words, words by ASCII, more identifiers above fewer), build metadata ignored.
///
/// Advisory data and installed metadata are looser than the spec, so this also accepts:
/// - a leading `=` and/or `v`/`V` (`=v1.2.3`, `V1.2.3`), as npm's loose parser does;
/// - fewer than three numbers (`1` is `1.0.0`, `1.2-rc.1` is `1.2.0-rc.1`);
/// - more than three numbers (`1.2.3.4`), ordered after patch (`1.2.3 < 1.2.3.4`,
///   `1.2.3.0 == 1.2.3`);
/// - leading zeros (`01.2.3 == 1.2.3`, pre-release `01 == 1`) and numbers of up to 38 digits;
/// - a pre-release that starts with a letter right after the numbers, without the `-`
///   (`1.2.3beta.1` is `1.2.3-beta.1`).
///
/// Everything else is an error: empty text, blanks, a number missing around a `.`
/// (`1..2`, `.1`, `1.`), empty identifiers (`1.2.3-`, `1.2.3-a..b`, `1.2.3+`), characters
/// outside `[0-9A-Za-z-]` in identifiers, or text after the numbers that is not a
/// pre-release or build.
public struct SemanticVersion: SchemeVersion {
    public static var scheme: VersionScheme { .semver }

    let precedence: SemverPrecedence

    /// The text as it was given.
    public var description: String { precedence.text }
    /// Whether the version has a pre-release part (`1.0.0-rc.1`): ranges usually treat those
    /// as below the release they lead to.
    public var isPrerelease: Bool { !precedence.prerelease.isEmpty }

    public init(parsing text: String) throws(VersionParseError) {
        do {
            precedence = try VersionSyntax.withBytes(text) { b throws(VersionSyntax.Failure) in
                try SemverPrecedence.parse(b, go: false, text: text)
            }
        } catch {
            throw VersionParseError(.semver, text, error.reason)
        }
    }

    public static func < (a: Self, b: Self) -> Bool { SemverPrecedence.compare(a.precedence, b.precedence) < 0 }
    public static func == (a: Self, b: Self) -> Bool { SemverPrecedence.compare(a.precedence, b.precedence) == 0 }
}

// MARK: - SemVer precedence, shared with GoVersion

/// A parsed SemVer-style version: the parts that decide its precedence (build metadata is
/// dropped) and the text. A class so that copying a version costs one retain, not one per field.
final class SemverPrecedence: Sendable {
    enum Identifier: Sendable {
        case numeric(VersionNumeral)
        case alphanumeric(String)
    }

    let major: VersionNumeral
    let minor: VersionNumeral
    let patch: VersionNumeral
    /// Numbers after patch (lenient SemVer only), without trailing zeros; compared as if
    /// padded with zeros.
    let extra: [VersionNumeral]
    let prerelease: [Identifier]
    let text: String

    init(major: VersionNumeral, minor: VersionNumeral, patch: VersionNumeral, extra: [VersionNumeral],
         prerelease: [Identifier], text: String) {
        self.text = text
        self.major = major
        self.minor = minor
        self.patch = patch
        self.extra = extra
        self.prerelease = prerelease
    }

    /// Three-way comparison: negative, zero or positive.
    static func compare(_ a: SemverPrecedence, _ b: SemverPrecedence) -> Int {
        if a === b { return 0 }
        var c = VersionNumeral.compare(a.major, b.major)
        if c != 0 { return c }
        c = VersionNumeral.compare(a.minor, b.minor)
        if c != 0 { return c }
        c = VersionNumeral.compare(a.patch, b.patch)
        if c != 0 { return c }
        if !a.extra.isEmpty || !b.extra.isEmpty {
            let n = max(a.extra.count, b.extra.count)
            for i in 0..<n {
                let x = i < a.extra.count ? a.extra[i] : .zero
                let y = i < b.extra.count ? b.extra[i] : .zero
                c = VersionNumeral.compare(x, y)
                if c != 0 { return c }
            }
        }
        let pa = a.prerelease, pb = b.prerelease
        if pa.isEmpty { return pb.isEmpty ? 0 : 1 }
        if pb.isEmpty { return -1 }
        let n = min(pa.count, pb.count)
        for i in 0..<n {
            switch (pa[i], pb[i]) {
            case let (.numeric(x), .numeric(y)): c = VersionNumeral.compare(x, y)
            case (.numeric, .alphanumeric): return -1
            case (.alphanumeric, .numeric): return 1
            case let (.alphanumeric(x), .alphanumeric(y)): c = VersionSyntax.compareBytes(x, y)
            }
            if c != 0 { return c }
        }
        return pa.count < pb.count ? -1 : (pa.count == pb.count ? 0 : 1)
    }

    /// Parses SemVer text. `go: true` applies Go's rules (`golang.org/x/mod/semver`): an
    /// optional lowercase `v`, one to three numbers without leading zeros, a pre-release or
    /// build only after all three, numeric pre-release identifiers without leading zeros.
    /// `go: false` is the lenient form documented on `SemanticVersion`.
    static func parse(
        _ b: UnsafeBufferPointer<UInt8>, go: Bool, text: String
    ) throws(VersionSyntax.Failure) -> SemverPrecedence {
        let n = b.count
        var i = 0
        if !go, i < n, b[i] == UInt8(ascii: "=") { i += 1 }
        if i < n, b[i] == UInt8(ascii: "v") || (!go && b[i] == UInt8(ascii: "V")) { i += 1 }
        guard i < n else { throw .init("no version number") }

        var numbers: [VersionNumeral] = []
        var parts = 0
        var major = VersionNumeral.zero, minor = VersionNumeral.zero, patch = VersionNumeral.zero
        while true {
            let start = i
            while i < n, VersionSyntax.isDigit(b[i]) { i += 1 }
            guard i > start else {
                throw .init(parts == 0 ? "must start with a number" : "a number is missing after '.'")
            }
            if go, i - start > 1, b[start] == UInt8(ascii: "0") {
                throw .init("a number has a leading zero")
            }
            let value = try VersionNumeral(b, start, i)
            switch parts {
            case 0: major = value
            case 1: minor = value
            case 2: patch = value
            default: numbers.append(value)
            }
            parts += 1
            guard i < n, b[i] == UInt8(ascii: "."), go ? parts < 3 : true else { break }
            i += 1
        }
        // Trailing zero numbers after patch change nothing; dropping them keeps compares short.
        while let last = numbers.last, last.isZero { numbers.removeLast() }
        var identifiers: [Identifier] = []
        guard i < n else {
            return SemverPrecedence(
                major: major, minor: minor, patch: patch, extra: numbers, prerelease: [], text: text)
        }

        if go, parts < 3 { throw .init("a pre-release or build needs major.minor.patch") }
        let c = b[i]
        var preStart = -1
        if c == UInt8(ascii: "-") {
            preStart = i + 1
        } else if !go, VersionSyntax.isLetter(c) {
            preStart = i
        } else if c != UInt8(ascii: "+") {
            throw .init("unexpected character after the version numbers")
        }
        if preStart >= 0 {
            i = preStart
            while true {
                let start = i
                var numeric = true
                while i < n, VersionSyntax.isIdentifierByte(b[i]) {
                    if !VersionSyntax.isDigit(b[i]) { numeric = false }
                    i += 1
                }
                guard i > start else { throw .init("empty pre-release identifier") }
                if numeric {
                    if go, i - start > 1, b[start] == UInt8(ascii: "0") {
                        throw .init("numeric pre-release identifier has a leading zero")
                    }
                    identifiers.append(.numeric(try VersionNumeral(b, start, i)))
                } else {
                    identifiers.append(.alphanumeric(VersionSyntax.string(b, start, i)))
                }
                guard i < n, b[i] == UInt8(ascii: ".") else { break }
                i += 1
            }
            guard i < n else {
                return SemverPrecedence(
                    major: major, minor: minor, patch: patch, extra: numbers, prerelease: identifiers, text: text)
            }
            guard b[i] == UInt8(ascii: "+") else { throw .init("invalid character in pre-release") }
        }
        // Build metadata: validated, then ignored.
        i += 1
        while true {
            let start = i
            while i < n, VersionSyntax.isIdentifierByte(b[i]) { i += 1 }
            guard i > start else { throw .init("empty build identifier") }
            guard i < n else {
                return SemverPrecedence(
                    major: major, minor: minor, patch: patch, extra: numbers, prerelease: identifiers, text: text)
            }
            guard b[i] == UInt8(ascii: ".") else { throw .init("invalid character in build metadata") }
            i += 1
        }
    }
}

// MARK: - Helpers shared by the language-ecosystem schemes

/// A non-negative decimal integer of up to 38 digits. Ecosystem versions hold numbers that
/// do not fit 64 bits (timestamps with nanoseconds, 30-digit test vectors) and every one of
/// these schemes compares them exactly, so they must not wrap or clamp. Two 64-bit halves keep
/// the type trivial to copy; a longer number is an error, not a version.
struct VersionNumeral: Sendable, Hashable {
    /// The value is `high * 10^19 + low`, with `low < 10^19`.
    private let high: UInt64
    private let low: UInt64

    static let zero = VersionNumeral(high: 0, low: 0)
    static let maxDigits = 38

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Reads the ASCII digits `b[start..<end]` (non-empty, all digits); leading zeros are dropped.
    init(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(VersionSyntax.Failure) {
        var i = start
        while i < end - 1, b[i] == UInt8(ascii: "0") { i += 1 }
        guard end - i <= Self.maxDigits else { throw .init("a number has more than 38 digits") }
        let split = max(i, end - 19)
        var h: UInt64 = 0, l: UInt64 = 0
        while i < split {
            h = h &* 10 &+ UInt64(b[i] &- UInt8(ascii: "0"))
            i += 1
        }
        while i < end {
            l = l &* 10 &+ UInt64(b[i] &- UInt8(ascii: "0"))
            i += 1
        }
        high = h
        low = l
    }

    var isZero: Bool { high == 0 && low == 0 }

    /// Three-way comparison: negative, zero or positive.
    @inline(__always)
    static func compare(_ a: VersionNumeral, _ b: VersionNumeral) -> Int {
        if a.high != b.high { return a.high < b.high ? -1 : 1 }
        if a.low != b.low { return a.low < b.low ? -1 : 1 }
        return 0
    }
}

/// Byte-level helpers for the language-ecosystem version parsers: they all work on UTF-8
/// bytes, never on `Character`s, so grapheme clustering cannot merge a separator into a
/// letter and parsing stays linear.
enum VersionSyntax {
    /// Why a text is not a version; the caller adds its scheme and the text.
    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Runs `body` over the UTF-8 bytes of `text` without copying native strings.
    @inline(__always)
    static func withBytes<R>(
        _ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> R
    ) throws(Failure) -> R {
        var copy = text
        var failure = Failure("not parsed")
        let result: R? = copy.withUTF8 { b in
            do throws(Failure) {
                return try body(b)
            } catch {
                failure = error
                return nil
            }
        }
        guard let result else { throw failure }
        return result
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- UInt8(ascii: "a") < 26 }
    @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }
    /// `[0-9A-Za-z-]`: SemVer identifier bytes.
    @inline(__always) static func isIdentifierByte(_ c: UInt8) -> Bool {
        isAlphanumeric(c) || c == UInt8(ascii: "-")
    }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 {
        c &- UInt8(ascii: "A") < 26 ? c | 0x20 : c
    }

    static func string(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    static func lowercasedString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start) { out in
            for i in start..<end { out[i - start] = lower(b[i]) }
            return end - start
        }
    }

    /// Byte-wise (ASCII) three-way comparison; a prefix sorts first.
    static func compareBytes(_ a: String, _ b: String) -> Int {
        var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (p?, q?): if p != q { return p < q ? -1 : 1 }
            }
        }
    }
}

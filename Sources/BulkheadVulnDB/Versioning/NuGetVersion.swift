/// A NuGet package version, ordered as NuGet's `VersionComparer.Default` orders it.
///
/// NuGet versions have one to four numbers (`1`, `1.0`, `1.0.0` and `1.0.0.0` are one
/// version; the fourth is the legacy `System.Version` revision), an optional SemVer 2.0
/// release label after `-` and optional metadata after `+`. Numbers may have leading zeros
/// (`1.01 == 1.1`) up to 38 digits (NuGet stops at 2147483647; OSV's fixtures go beyond).
/// Labels compare identifier by identifier: two integers numerically (an integer is what
/// NuGet's `int.TryParse` accepts, so `-5` is one and `2147483648` is not), an integer below a
/// word, words case-insensitively, more identifiers above fewer; a version with a label sorts
/// below the same version without one. Metadata is ignored.
///
/// Rejected, as by NuGet: a leading `v`, blanks, more than four numbers, empty numbers or
/// identifiers, numeric labels with a leading zero (`1.0.0-01`), and characters outside
/// `[0-9A-Za-z-]` in labels and metadata.
public struct NuGetVersion: SchemeVersion {
    public static var scheme: VersionScheme { .nuget }

    private enum Label: Sendable {
        case number(Int64)
        /// Lowercased; NuGet compares labels with `OrdinalIgnoreCase`.
        case word(String)
    }

    /// The parsed parts and the text, in one object so that copying a version costs one retain.
    private final class Parts: Sendable {
        let major: VersionNumeral, minor: VersionNumeral, patch: VersionNumeral, revision: VersionNumeral
        let labels: [Label]
        let text: String

        init(_ numbers: (VersionNumeral, VersionNumeral, VersionNumeral, VersionNumeral), _ labels: [Label],
             _ text: String) {
            (major, minor, patch, revision) = numbers
            self.labels = labels
            self.text = text
        }
    }

    private let parts: Parts

    /// The text as it was given.
    public var description: String { parts.text }
    /// Whether the version has a release label (`1.0.0-beta`).
    public var isPrerelease: Bool { !parts.labels.isEmpty }

    public init(parsing text: String) throws(VersionParseError) {
        do {
            parts = try VersionSyntax.withBytes(text) { b throws(VersionSyntax.Failure) in try Self.parse(b, text) }
        } catch {
            throw VersionParseError(.nuget, text, error.reason)
        }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>, _ text: String) throws(VersionSyntax.Failure) -> Parts {
        let n = b.count
        var i = 0
        var numbers = (VersionNumeral.zero, VersionNumeral.zero, VersionNumeral.zero, VersionNumeral.zero)
        var count = 0
        while true {
            let start = i
            while i < n, VersionSyntax.isDigit(b[i]) { i += 1 }
            guard i > start else {
                throw .init(count == 0 ? "must start with a number" : "a number is missing after '.'")
            }
            guard count < 4 else { throw .init("more than four version numbers") }
            let value = try VersionNumeral(b, start, i)
            switch count {
            case 0: numbers.0 = value
            case 1: numbers.1 = value
            case 2: numbers.2 = value
            default: numbers.3 = value
            }
            count += 1
            guard i < n, b[i] == UInt8(ascii: ".") else { break }
            i += 1
        }
        var labels: [Label] = []
        if i < n, b[i] == UInt8(ascii: "-") {
            i += 1
            while true {
                let start = i
                while i < n, VersionSyntax.isIdentifierByte(b[i]) { i += 1 }
                guard i > start else { throw .init("empty release label") }
                if i - start > 1, b[start] == UInt8(ascii: "0"),
                   (start + 1..<i).allSatisfy({ VersionSyntax.isDigit(b[$0]) }) {
                    throw .init("numeric release label has a leading zero")
                }
                labels.append(label(b, start, i))
                guard i < n, b[i] == UInt8(ascii: ".") else { break }
                i += 1
            }
        }
        if i < n {
            guard b[i] == UInt8(ascii: "+") else { throw .init("unexpected character after the version numbers") }
            i += 1
            while true {
                let start = i
                while i < n, VersionSyntax.isIdentifierByte(b[i]) { i += 1 }
                guard i > start else { throw .init("empty metadata identifier") }
                guard i < n else { break }
                guard b[i] == UInt8(ascii: ".") else { throw .init("invalid character in metadata") }
                i += 1
            }
        }
        return Parts(numbers, labels, text)
    }

    /// NuGet treats a label as a number when `int.TryParse` accepts it: an optional `-`, then
    /// digits, within the range of `Int32`.
    private static func label(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Label {
        var i = start
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        if i < end {
            var value: Int64 = 0
            var fits = true
            while i < end, fits {
                guard VersionSyntax.isDigit(b[i]) else { break }
                value = value * 10 + Int64(b[i] &- UInt8(ascii: "0"))
                if value > Int64(Int32.max) + 1 { fits = false }
                i += 1
            }
            if fits, i == end {
                let signed = negative ? -value : value
                if signed >= Int64(Int32.min), signed <= Int64(Int32.max) { return .number(signed) }
            }
        }
        return .word(VersionSyntax.lowercasedString(b, start, end))
    }

    private static func compare(_ x: Self, _ y: Self) -> Int {
        let a = x.parts, b = y.parts
        if a === b { return 0 }
        var c = VersionNumeral.compare(a.major, b.major)
        if c != 0 { return c }
        c = VersionNumeral.compare(a.minor, b.minor)
        if c != 0 { return c }
        c = VersionNumeral.compare(a.patch, b.patch)
        if c != 0 { return c }
        c = VersionNumeral.compare(a.revision, b.revision)
        if c != 0 { return c }
        let la = a.labels, lb = b.labels
        if la.isEmpty { return lb.isEmpty ? 0 : 1 }
        if lb.isEmpty { return -1 }
        for i in 0..<min(la.count, lb.count) {
            switch (la[i], lb[i]) {
            case let (.number(x), .number(y)): if x != y { return x < y ? -1 : 1 }
            case (.number, .word): return -1
            case (.word, .number): return 1
            case let (.word(x), .word(y)):
                c = VersionSyntax.compareBytes(x, y)
                if c != 0 { return c }
            }
        }
        return la.count < lb.count ? -1 : (la.count == lb.count ? 0 : 1)
    }

    public static func < (a: Self, b: Self) -> Bool { compare(a, b) < 0 }
    public static func == (a: Self, b: Self) -> Bool { compare(a, b) == 0 }
}

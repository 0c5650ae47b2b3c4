/// A RubyGems version, ordered as `Gem::Version#<=>` orders it.
///
/// Each `-` means `.pre.` (`1.0-rc1` is `1.0.pre.rc1`); the text is split into runs of digits
/// and runs of letters (`1.0.0.rc3` is `1, 0, 0, rc, 3`). Trailing zeros are dropped from the
/// numbers before the first word and from the part from that word on (`1.0.0.rc3.0` ==
/// `1.rc3`). Segments then compare one by one, a missing one counting as `0`: numbers
/// numerically (up to 38 digits), words by ASCII (`B` < `a`), and a word below a number,
/// which is what makes any version with a letter a pre-release (`1.0.a < 1.0 < 1.0.1`).
///
/// Accepted is `Gem::Version`'s syntax, with blanks around it ignored as Gem does:
/// `[0-9][0-9A-Za-z]*(\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`. It is one step
/// looser than Gem, which needs a `.` before letters in the first part: OSV data has `1beta`.
/// Empty text is an error here (Gem reads it as `0`).
public struct RubyGemsVersion: SchemeVersion {
    public static var scheme: VersionScheme { .rubygems }

    /// A segment, trivially copyable: a word's first 16 bytes are packed big-endian into two
    /// integers (zero-padded, so integer order is byte order and a prefix sorts first); `long`
    /// indexes the whole word in `Storage.longWords` when it has more than 16 bytes, else -1.
    private enum Segment: Sendable {
        case number(VersionNumeral)
        case word(high: UInt64, low: UInt64, long: Int32)
    }

    /// The canonical segments (trailing zeros removed as Gem's `canonical_segments` does) and the
    /// text, in one object so that copying a version costs one retain.
    private final class Storage: Sendable {
        let text: String
        let segments: [Segment]
        let longWords: [String]

        init(_ text: String, _ parsed: (segments: [Segment], longWords: [String])) {
            self.text = text
            segments = parsed.segments
            longWords = parsed.longWords
        }
    }

    private let storage: Storage

    /// The text as it was given.
    public var description: String { storage.text }
    /// Whether the version has a letter in it (`1.0.rc1`, `1.0-1`): Gem's `prerelease?`.
    public var isPrerelease: Bool {
        storage.segments.contains { if case .word = $0 { true } else { false } }
    }

    public init(parsing text: String) throws(VersionParseError) {
        do {
            let parsed = try VersionSyntax.withBytes(text) { b throws(VersionSyntax.Failure) in try Self.parse(b) }
            storage = Storage(text, parsed)
        } catch {
            throw VersionParseError(.rubygems, text, error.reason)
        }
    }

    private static func isBlank(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    private static func parse(
        _ b: UnsafeBufferPointer<UInt8>
    ) throws(VersionSyntax.Failure) -> (segments: [Segment], longWords: [String]) {
        var start = 0, end = b.count
        while start < end, isBlank(b[start]) { start += 1 }
        while end > start, isBlank(b[end - 1]) { end -= 1 }
        guard start < end else { throw .init("empty version") }
        guard VersionSyntax.isDigit(b[start]) else { throw .init("must start with a digit") }

        // Validate: dot-separated non-empty parts; alphanumeric before the first `-`, and
        // `[0-9A-Za-z-]` after it.
        var inPrerelease = false
        var partLength = 0
        for i in start..<end {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                guard partLength > 0 else { throw .init("empty segment") }
                partLength = 0
            } else if c == UInt8(ascii: "-") {
                if !inPrerelease {
                    guard partLength > 0 else { throw .init("empty segment") }
                    inPrerelease = true
                    partLength = 0
                    guard i + 1 < end, b[i + 1] != UInt8(ascii: ".") else { throw .init("empty pre-release") }
                } else {
                    partLength += 1
                }
            } else if VersionSyntax.isAlphanumeric(c) {
                partLength += 1
            } else {
                throw .init(c < 0x80 ? "invalid character in version" : "non-ASCII character in version")
            }
        }
        guard partLength > 0 else { throw .init("empty segment") }

        // Segments: runs of digits or letters; `-` (as `.pre.`) adds a `pre` word.
        var numbers: [Segment] = []
        var words: [Segment] = []
        var longWords: [String] = []
        func word(_ s: Int, _ e: Int) -> Segment {
            var high: UInt64 = 0, low: UInt64 = 0
            for k in 0..<16 {
                let byte = UInt64(s + k < e ? b[s + k] : 0)
                if k < 8 { high = high << 8 | byte } else { low = low << 8 | byte }
            }
            guard e - s > 16 else { return .word(high: high, low: low, long: -1) }
            longWords.append(VersionSyntax.string(b, s, e))
            return .word(high: high, low: low, long: Int32(longWords.count - 1))
        }
        var i = start
        while i < end {
            let c = b[i]
            if VersionSyntax.isDigit(c) {
                let s = i
                while i < end, VersionSyntax.isDigit(b[i]) { i += 1 }
                let value = Segment.number(try VersionNumeral(b, s, i))
                if words.isEmpty { numbers.append(value) } else { words.append(value) }
            } else if VersionSyntax.isLetter(c) {
                let s = i
                while i < end, VersionSyntax.isLetter(b[i]) { i += 1 }
                words.append(word(s, i))
            } else {
                if c == UInt8(ascii: "-") { words.append(Self.pre) }
                i += 1
            }
        }
        trimZeros(&numbers)
        trimZeros(&words)
        return (numbers + words, longWords)
    }

    /// The word a `-` stands for (`pre`), packed.
    private static let pre = Segment.word(high: 0x7072_6500_0000_0000, low: 0, long: -1)

    private static func trimZeros(_ segments: inout [Segment]) {
        while case .number(let v)? = segments.last, v.isZero { segments.removeLast() }
    }

    private static func compare(_ sa: Storage, _ sb: Storage) -> Int {
        if sa === sb { return 0 }
        let a = sa.segments, b = sb.segments
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : .number(.zero)
            let y = i < b.count ? b[i] : .number(.zero)
            switch (x, y) {
            case let (.number(p), .number(q)):
                let c = VersionNumeral.compare(p, q)
                if c != 0 { return c }
            case (.word, .number): return -1
            case (.number, .word): return 1
            case let (.word(h1, l1, long1), .word(h2, l2, long2)):
                if h1 != h2 { return h1 < h2 ? -1 : 1 }
                if l1 != l2 { return l1 < l2 ? -1 : 1 }
                switch (long1 >= 0, long2 >= 0) {
                case (false, false): break
                case (true, false): return 1
                case (false, true): return -1
                case (true, true):
                    let c = VersionSyntax.compareBytes(sa.longWords[Int(long1)], sb.longWords[Int(long2)])
                    if c != 0 { return c }
                }
            }
        }
        return 0
    }

    public static func < (a: Self, b: Self) -> Bool { compare(a.storage, b.storage) < 0 }
    public static func == (a: Self, b: Self) -> Bool { compare(a.storage, b.storage) == 0 }
}

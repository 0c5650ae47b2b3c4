/// A Python package version under PEP 440, parsed and ordered exactly as
/// `packaging.version.Version` does it.
///
/// Accepted: surrounding whitespace, any letter case, a leading `v`, an epoch `N!`, release
/// numbers, a pre-release (`a`, `b`, `rc`, also spelled `alpha`, `beta`, `c`, `pre`, `preview`,
/// with optional `-`, `_` or `.` around it), a post-release (`.postN`, `-N`, `rev`, `r`), a
/// development release (`.devN`) and a local label `+abc.1`. Everything else is rejected, like
/// the "legacy" versions that packaging 22 stopped accepting. Numbers have no size limit.
///
/// Order: epoch, release (trailing zeros ignored, `1.0` == `1.0.0`), then `.devN` before
/// pre-releases before the release before post-releases; a local label sorts after the same
/// version without one, numeric label parts after text parts.
///
/// Parsing builds a sort key whose bytes compare like the version (packaging's `_cmpkey` laid
/// out as bytes), so comparing is one byte loop. The key is ASCII kept in a `String`: keys of up
/// to 15 bytes (most versions) live inline, without allocation or reference counting.
public struct PEP440Version: SchemeVersion {
    public static var scheme: VersionScheme { .pep440 }

    private let text: String
    private let key: String

    /// True for development and pre-releases (`1.0.dev1`, `1.0rc1`), like packaging's
    /// `is_prerelease`: version specifiers skip them unless asked.
    public let isPrerelease: Bool

    /// The text as it was given.
    public var description: String { text }

    /// The canonical spelling, as `str(packaging.version.Version(text))`: `1.0rc1.post2.dev3+abc.4`.
    public var normalized: String { (try? Parsed(text))?.normalized ?? text }

    /// The normalized local label (`ubuntu.1` for `+Ubuntu-01`), nil when there is none.
    public var local: String? { (try? Parsed(text))?.normalizedLocal }

    public init(parsing text: String) throws(VersionParseError) {
        let parsed = try Parsed(text)
        self.text = text
        self.key = parsed.sortKey()
        self.isPrerelease = parsed.pre != nil || parsed.dev != nil
    }

    /// packaging's order as a three-way result: -1, 0 or 1.
    public static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        withBytes(a.key) { ka in
            withBytes(b.key) { kb in
                let n = min(ka.count, kb.count)
                for k in 0..<n where ka[k] != kb[k] { return ka[k] < kb[k] ? -1 : 1 }
                return ka.count == kb.count ? 0 : (ka.count < kb.count ? -1 : 1)
            }
        }
    }

    public static func < (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) < 0 }
    /// Equal in PEP 440 order (`1.0` == `1.0.0`, `1.0a` == `1.0.alpha0`), not equal text.
    public static func == (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) == 0 }
}

/// The parts of a PEP 440 version as ranges of digits (or local-label text) in the lowercased,
/// trimmed text. A missing number (`1.0a`) is an empty range and means 0.
private struct Parsed {
    var s: [UInt8] = []
    var epoch: Range<Int> = 0..<0
    var release: [Range<Int>] = []
    /// Kind 0, 1, 2 for a, b, rc.
    var pre: (kind: UInt8, number: Range<Int>)?
    var post: Range<Int>?
    var dev: Range<Int>?
    var local: [Range<Int>]?

    /// The grammar of packaging's `VERSION_PATTERN`; where the regex could backtrack, the
    /// alternatives it could pick instead all fail, so one greedy pass decides the same way.
    init(_ text: String) throws(VersionParseError) {
        func fail(_ reason: String) -> VersionParseError { VersionParseError(.pep440, text, reason) }

        // Python's `\s` (str.isspace) around the version is ignored; inside, only ASCII counts.
        var bytes = Array(text.utf8)
        if bytes.contains(where: { $0 >= 0x80 }) {
            var scalars = Substring(text).unicodeScalars[...]
            while let first = scalars.first, isPythonSpace(first) { scalars.removeFirst() }
            while let last = scalars.last, isPythonSpace(last) { scalars.removeLast() }
            bytes.removeAll(keepingCapacity: true)
            for u in scalars {
                guard u.isASCII else { throw fail("non-ASCII character") }
                bytes.append(UInt8(u.value))
            }
        }
        var lo = 0, hi = bytes.count
        while lo < hi, isPythonSpace(Unicode.Scalar(bytes[lo])) { lo += 1 }
        while hi > lo, isPythonSpace(Unicode.Scalar(bytes[hi - 1])) { hi -= 1 }
        guard lo < hi else { throw fail("version string is empty") }
        guard hi - lo < 1_000_000 else { throw fail("version string is too long") }
        if lo > 0 || hi < bytes.count { bytes = Array(bytes[lo..<hi]) }
        for k in bytes.indices where bytes[k] &- 65 < 26 { bytes[k] |= 0x20 }
        s = bytes

        let s = self.s, n = s.count
        var i = 0
        func at(_ k: Int) -> UInt8 { k < n ? s[k] : 0 }
        func number() -> Range<Int> {
            let start = i
            while at(i) &- 48 < 10 { i += 1 }
            return start..<i
        }
        /// The longest of `words` spelled at `k`, as (index, length).
        func word(_ words: [StaticString], at k: Int) -> (index: Int, length: Int)? {
            var best: (index: Int, length: Int)?
            for (index, w) in words.enumerated() where k + w.utf8CodeUnitCount <= n && w.utf8CodeUnitCount > (best?.length ?? 0) {
                var same = true
                for o in 0..<w.utf8CodeUnitCount where s[k + o] != w.utf8Start[o] {
                    same = false
                    break
                }
                if same { best = (index, w.utf8CodeUnitCount) }
            }
            return best
        }
        /// After an optional separator at `i`, one of `words`: moves past it and an optional
        /// separator after it.
        func separatedWord(_ words: [StaticString]) -> Int? {
            let k = isSeparator(at(i)) ? i + 1 : i
            guard let w = word(words, at: k) else { return nil }
            i = k + w.length
            if isSeparator(at(i)) { i += 1 }
            return w.index
        }

        if at(i) == UInt8(ascii: "v") { i += 1 }
        var first = number()
        guard !first.isEmpty else { throw fail("a version starts with a number") }
        if at(i) == UInt8(ascii: "!") {
            i += 1
            epoch = first
            first = number()
            guard !first.isEmpty else { throw fail("the epoch must be followed by a release number") }
        }
        release = [first]
        while at(i) == UInt8(ascii: "."), at(i + 1) &- 48 < 10 {
            i += 1
            release.append(number())
        }
        if let index = separatedWord(Spelling.pre) {
            pre = (Spelling.preKind[index], number())
        }
        if at(i) == UInt8(ascii: "-"), at(i + 1) &- 48 < 10 {
            i += 1
            post = number()
        } else if separatedWord(Spelling.post) != nil {
            post = number()
        }
        if separatedWord(Spelling.dev) != nil {
            dev = number()
        }
        if at(i) == UInt8(ascii: "+") {
            i += 1
            var parts: [Range<Int>] = []
            while true {
                let start = i
                while i < n, s[i] &- 48 < 10 || s[i] &- 97 < 26 { i += 1 }
                guard i > start else { throw fail("empty part in local version label") }
                parts.append(start..<i)
                guard i < n, isSeparator(s[i]) else { break }
                i += 1
            }
            local = parts
        }
        guard i == n else { throw fail("unexpected text at offset \(i) of the trimmed version") }
    }

    /// A run of digits without its leading zeros (empty for 0).
    func significant(_ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound
        while lo < r.upperBound, s[lo] == UInt8(ascii: "0") { lo += 1 }
        return lo..<r.upperBound
    }

    func isNumeric(_ r: Range<Int>) -> Bool { r.allSatisfy { s[$0] &- 48 < 10 } }

    func numberText(_ r: Range<Int>) -> String {
        let digits = significant(r)
        return digits.isEmpty ? "0" : String(decoding: s[digits], as: UTF8.self)
    }

    var normalizedLocal: String? {
        local.map { parts in
            parts.map { isNumeric($0) ? numberText($0) : String(decoding: s[$0], as: UTF8.self) }.joined(separator: ".")
        }
    }

    var normalized: String {
        var out = ""
        if !significant(epoch).isEmpty { out += numberText(epoch) + "!" }
        out += release.map(numberText).joined(separator: ".")
        if let pre { out += ["a", "b", "rc"][Int(pre.kind)] + numberText(pre.number) }
        if let post { out += ".post" + numberText(post) }
        if let dev { out += ".dev" + numberText(dev) }
        if let normalizedLocal { out += "+" + normalizedLocal }
        return out
    }

    /// packaging's `_cmpkey` as bytes that sort the same way. Every field is self-delimiting:
    /// numbers are a length then digits; sequences mark each item and end with a byte below
    /// every item marker, so a prefix sorts first; -Infinity and +Infinity are a marker below
    /// and above the real values.
    func sortKey() -> String {
        var key: [UInt8] = []
        key.reserveCapacity(16)
        func append(number r: Range<Int>) {
            let digits = significant(r)
            let length = digits.count
            if length <= 0x7C {
                key.append(UInt8(length))
            } else {
                key += [0x7D, UInt8(length >> 14 & 0x7F), UInt8(length >> 7 & 0x7F), UInt8(length & 0x7F)]
            }
            key += s[digits]
        }
        append(number: epoch)
        var count = release.count
        while count > 0, significant(release[count - 1]).isEmpty { count -= 1 }
        for r in release[..<count] {
            key.append(0x02)
            append(number: r)
        }
        key.append(0x01)
        if let pre {
            key += [0x02, pre.kind]
            append(number: pre.number)
        } else {
            key.append(post == nil && dev != nil ? 0x01 : 0x03)
        }
        if let post {
            key.append(0x02)
            append(number: post)
        } else {
            key.append(0x01)
        }
        if let dev {
            key.append(0x01)
            append(number: dev)
        } else {
            key.append(0x02)
        }
        if let local {
            key.append(0x02)
            for part in local {
                if isNumeric(part) {
                    key.append(0x03)
                    append(number: part)
                } else {
                    key.append(0x02)
                    key += s[part]
                    key.append(0x00)
                }
            }
        }
        key.append(0x01)
        return String(decoding: key, as: UTF8.self)
    }
}

/// The spellings packaging's grammar accepts, lowercase.
private enum Spelling {
    static let pre: [StaticString] = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"]
    /// a, b or rc (0, 1, 2) for each of `pre`.
    static let preKind: [UInt8] = [0, 1, 2, 2, 0, 1, 2, 2]
    static let post: [StaticString] = ["post", "rev", "r"]
    static let dev: [StaticString] = ["dev"]
}

@inline(__always) private func isSeparator(_ c: UInt8) -> Bool {
    c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
}

/// `str.isspace()`, which is what Python's `\s` matches in a `str` pattern.
private func isPythonSpace(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
        return true
    default:
        return false
    }
}

/// The UTF-8 of a string without copying it (a copy only if it is not contiguous).
@inline(__always)
private func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}

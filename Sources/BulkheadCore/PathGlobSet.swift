/// Several ``PathGlob`` patterns compiled once and matched together, for the hot loops that test
/// every path of an image against every wanted glob.
///
/// Patterns are split into byte segments once. A path is tested only against the patterns whose
/// last segment can match its base name: a literal last segment (`METADATA`, `package.json`) is a
/// dictionary lookup, a `*literal` one (`*.jar`) a suffix check; only the rest are tried in full.
/// Semantics are exactly ``PathGlob/match(_:_:)``'s: `*` and `?` stay within a segment, `**`
/// spans any number of segments; a leading `/` on patterns or paths is ignored.
public struct PathGlobSet: Sendable {
    struct Compiled: Sendable {
        /// Segments as UTF-8 bytes; `nil` stands for `**`.
        var segments: [[UInt8]?]
    }

    private let patterns: [Compiled]
    private let byBaseName: [String: [Int]]
    private let bySuffix: [(suffix: [UInt8], index: Int)]
    private let general: [Int]
    /// A pattern such as `**/*` or `**` that every non-empty path matches.
    private let matchesEverything: Bool

    /// The patterns as given.
    public let globs: [String]

    public var isEmpty: Bool { patterns.isEmpty }

    public init(_ globs: [String]) {
        self.globs = globs
        var patterns: [Compiled] = []
        var byBaseName: [String: [Int]] = [:]
        var bySuffix: [(suffix: [UInt8], index: Int)] = []
        var general: [Int] = []
        var everything = false
        for glob in globs {
            let segments: [[UInt8]?] = glob.utf8.split(separator: UInt8(ascii: "/")).map { seg in
                seg.elementsEqual("**".utf8) ? nil : Array(seg)
            }
            let index = patterns.count
            patterns.append(Compiled(segments: segments))
            if !segments.isEmpty, segments.allSatisfy({ $0 == nil || $0 == [Self.star] }), segments.contains(where: { $0 == nil }),
               segments.filter({ $0 != nil }).count <= 1 {
                everything = true
            }
            guard let last = segments.last, let lastBytes = last else {
                general.append(index)
                continue
            }
            let wild = lastBytes.contains { $0 == Self.star || $0 == Self.question }
            if !wild {
                byBaseName[String(decoding: lastBytes, as: UTF8.self), default: []].append(index)
            } else if lastBytes.first == Self.star, !lastBytes.dropFirst().contains(where: { $0 == Self.star || $0 == Self.question }) {
                bySuffix.append((Array(lastBytes.dropFirst()), index))
            } else {
                general.append(index)
            }
        }
        self.patterns = patterns
        self.byBaseName = byBaseName
        self.bySuffix = bySuffix
        self.general = general
        matchesEverything = everything
    }

    static let star = UInt8(ascii: "*")
    static let question = UInt8(ascii: "?")
    static let slash = UInt8(ascii: "/")

    /// The base names and extensions a matching path must have, when every pattern's last
    /// segment is a literal name (`METADATA`) or a `*.ext` pattern; `nil` when some pattern can
    /// match any base name (`*`, `**`, `lib*.so`, `*.tar.gz`). ``PathIndex`` uses it to test only
    /// the candidates.
    public var narrowing: (baseNames: [String], extensions: [String])? {
        guard !matchesEverything, general.isEmpty else { return nil }
        var extensions: [String] = []
        for (suffix, _) in bySuffix {
            guard suffix.count > 1, suffix[0] == Self.dot, !suffix.dropFirst().contains(Self.dot) else { return nil }
            extensions.append(String(decoding: suffix.dropFirst(), as: UTF8.self))
        }
        return (Array(byBaseName.keys), extensions)
    }

    static let dot = UInt8(ascii: ".")

    /// Whether any pattern matches `path`.
    public func matches(_ path: String) -> Bool {
        guard !patterns.isEmpty else { return false }
        var path = path
        return path.withUTF8 { bytes in matches(bytes) }
    }

    /// Whether any pattern matches the UTF-8 `path`.
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = bytes.count
        while end > 0, bytes[end - 1] == Self.slash { end -= 1 }
        var baseStart = end
        while baseStart > 0, bytes[baseStart - 1] != Self.slash { baseStart -= 1 }
        if matchesEverything, bytes[0..<end].contains(where: { $0 != Self.slash }) { return true }
        let base = UnsafeBufferPointer(rebasing: bytes[baseStart..<end])
        // Base names are mostly short enough for Swift's inline small strings: no allocation.
        let exact = byBaseName.isEmpty ? nil : byBaseName[String(decoding: base, as: UTF8.self)]
        let suffixed = bySuffix.contains { base.count >= $0.suffix.count && base.suffix($0.suffix.count).elementsEqual($0.suffix) }
        guard exact != nil || suffixed || !general.isEmpty else { return false }
        var segments: [Range<Int>] = []
        var i = 0
        while i < end {
            while i < end, bytes[i] == Self.slash { i += 1 }
            let start = i
            while i < end, bytes[i] != Self.slash { i += 1 }
            if i > start { segments.append(start..<i) }
        }
        func test(_ index: Int) -> Bool { Self.match(patterns[index].segments[...], segments[...], bytes) }
        if let exact, exact.contains(where: test) { return true }
        for (suffix, index) in bySuffix
        where base.count >= suffix.count && base.suffix(suffix.count).elementsEqual(suffix) && test(index) { return true }
        return general.contains(where: test)
    }

    static func match(_ p: ArraySlice<[UInt8]?>, _ s: ArraySlice<Range<Int>>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        guard let literal = first else {
            let rest = p.dropFirst()
            var i = s.startIndex
            while true {
                if match(rest, s[i...], bytes) { return true }
                if i == s.endIndex { return false }
                i += 1
            }
        }
        guard let seg = s.first, segment(literal, UnsafeBufferPointer(rebasing: bytes[seg])) else { return false }
        return match(p.dropFirst(), s.dropFirst(), bytes)
    }

    /// `*` and `?` within one segment; `?` takes one whole UTF-8 scalar.
    static func segment(_ p: [UInt8], _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        if p.count == 1, p[0] == star { return true }
        var pi = 0, si = 0, starAt = -1, mark = 0
        func scalarEnd(_ i: Int) -> Int {
            var j = i + 1
            while j < s.count, s[j] & 0xC0 == 0x80 { j += 1 }
            return j
        }
        while si < s.count {
            if pi < p.count, p[pi] == question {
                pi += 1
                si = scalarEnd(si)
            } else if pi < p.count, p[pi] != star, p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == star {
                starAt = pi
                mark = si
                pi += 1
            } else if starAt >= 0 {
                pi = starAt + 1
                mark = scalarEnd(mark)
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == star { pi += 1 }
        return pi == p.count
    }
}

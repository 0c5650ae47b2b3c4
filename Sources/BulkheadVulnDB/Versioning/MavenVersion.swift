/// A Maven artifact version, ordered as Maven 3.9's `ComparableVersion` orders it.
///
/// The text is lowercased and split into items at `.`, at `-` and at every digit/non-digit
/// transition. A `-`, a transition, or a word after `.` opens a nested list, so `1.0-alpha-1`
/// is `[1, [alpha, [1]]]`. Numbers compare numerically (up to 38 digits, leading zeros
/// ignored); words are qualifiers: `alpha` < `beta` < `milestone` < `rc` = `cr` < `snapshot` <
/// `""` = `ga` = `final` = `release` < `sp` < any other word (those in ASCII order); `a1`,
/// `b1`, `m1` (one letter followed by digits) mean alpha, beta, milestone. Trailing zeros and
/// release qualifiers are dropped from each list (`1.0.0 == 1 == 1-ga`). Across kinds a number
/// is above a list, which is above a qualifier (`1.1 > 1-1 > 1-sp`), and a missing item is
/// compared as zero or the release qualifier (`1-rc < 1 < 1.1`, `1-sp > 1`).
///
/// A word after `.` is read as after `-` (`2.0.RC1 == 2-RC1`, `1.0.RC2 < 1.0-RC3`): that is
/// Maven 3.8.7 and later (MNG-7644); older Maven, and fixtures generated with it, order such
/// versions differently. Like Maven's, the order is not transitive for some odd strings.
///
/// Maven itself orders any string. Here a version must be printable ASCII without blanks,
/// contain a letter or digit, and not contain ``"$'(),/:<>?[\]`{|}*``: those mean an
/// unresolved `${property}`, a version range, or something that is not a version at all.
public struct MavenVersion: SchemeVersion {
    public static var scheme: VersionScheme { .maven }

    /// One item of the parsed version. Every list holds at most one nested list and it is
    /// always its last item, so the tree is stored flat: `.sublist` means "the rest of the
    /// array is a list nested here".
    private enum Item: Sendable {
        case number(VersionNumeral)
        /// `rank` is the index in `alpha, beta, milestone, rc, snapshot, "", sp`, or 7 for an
        /// unknown word, which `word` then orders; `word` is empty for known qualifiers.
        case qualifier(rank: UInt8, word: String)
        case sublist
    }

    private static let releaseRank: UInt8 = 5
    private static let unknownRank: UInt8 = 7

    /// The parsed items and the text, in one object so that copying a version costs one retain.
    private final class Storage: Sendable {
        let text: String
        let items: [Item]

        init(_ text: String, _ items: [Item]) {
            self.text = text
            self.items = items
        }
    }

    private let storage: Storage

    /// The text as it was given.
    public var description: String { storage.text }

    public init(parsing text: String) throws(VersionParseError) {
        do {
            let items = try VersionSyntax.withBytes(text) { b throws(VersionSyntax.Failure) in try Self.parse(b) }
            storage = Storage(text, items)
        } catch {
            throw VersionParseError(.maven, text, error.reason)
        }
    }

    // MARK: Parsing

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(VersionSyntax.Failure) -> [Item] {
        let n = b.count
        guard n > 0 else { throw .init("empty version") }
        var hasAlphanumeric = false
        for c in b {
            guard c > 0x20, c < 0x7F else {
                throw .init(c < 0x80 ? "blank or control character" : "non-ASCII character")
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "`"),
                 UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "*"):
                throw .init("character '\(Character(Unicode.Scalar(c)))' is not allowed in a version")
            default:
                if VersionSyntax.isAlphanumeric(c) { hasAlphanumeric = true }
            }
        }
        guard hasAlphanumeric else { throw .init("no letter or digit") }

        // Items go straight into the flat form; `levelStart` is where the innermost list
        // begins (after its `.sublist` marker), so "the current list is empty" is
        // `flat.count == levelStart`.
        var flat: [Item] = []
        flat.reserveCapacity(n)
        var markers: [Int] = []
        var levelStart = 0
        func openList() {
            markers.append(flat.count)
            flat.append(.sublist)
            levelStart = flat.count
        }
        var isDigit = false
        var start = 0
        for i in 0..<n {
            let c = b[i]
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "-") {
                flat.append(
                    i == start ? .number(.zero) : try item(b, start, i, digits: isDigit, followedByDigit: false))
                start = i + 1
                if c == UInt8(ascii: "-") { openList() }
            } else if VersionSyntax.isDigit(c) {
                if !isDigit, i > start {
                    // `1.0.0.X1 < 1.0.0-X2`: a word before digits is its own list.
                    if flat.count > levelStart { openList() }
                    flat.append(try item(b, start, i, digits: false, followedByDigit: true))
                    start = i
                    openList()
                }
                isDigit = true
            } else {
                if isDigit, i > start {
                    flat.append(try item(b, start, i, digits: true, followedByDigit: false))
                    start = i
                    openList()
                }
                isDigit = false
            }
        }
        if n > start {
            // Treat `.X` as `-X` for a trailing word.
            if !isDigit, flat.count > levelStart { openList() }
            flat.append(try item(b, start, n, digits: isDigit, followedByDigit: false))
        }

        // Normalise from the innermost list out: drop trailing null items (0, release
        // qualifiers, empty lists); a non-empty nested list does not stop the trimming of the
        // items before it (`1.0-1` is `[1, [1]]`). The kept items are collected backwards.
        var kept: [Item] = []
        kept.reserveCapacity(flat.count)
        var nonEmpty = false
        var end = flat.count
        for level in stride(from: markers.count, through: 0, by: -1) {
            let first = level == 0 ? 0 : markers[level - 1] + 1
            if level < markers.count, nonEmpty { kept.append(.sublist) }
            var last = end
            while last > first, isNull(flat[last - 1]) { last -= 1 }
            var k = last
            while k > first {
                k -= 1
                kept.append(flat[k])
            }
            if last > first { nonEmpty = true }
            end = first - 1
        }
        kept.reverse()
        return kept
    }

    private static func item(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, digits: Bool, followedByDigit: Bool
    ) throws(VersionSyntax.Failure) -> Item {
        if digits { return .number(try VersionNumeral(b, start, end)) }
        func isWord(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == end - start else { return false }
            let w = word.utf8Start
            for k in 0..<(end - start) where VersionSyntax.lower(b[start + k]) != w[k] { return false }
            return true
        }
        if followedByDigit, end - start == 1 {
            switch VersionSyntax.lower(b[start]) {
            case UInt8(ascii: "a"): return .qualifier(rank: 0, word: "")
            case UInt8(ascii: "b"): return .qualifier(rank: 1, word: "")
            case UInt8(ascii: "m"): return .qualifier(rank: 2, word: "")
            default: break
            }
        }
        if isWord("alpha") { return .qualifier(rank: 0, word: "") }
        if isWord("beta") { return .qualifier(rank: 1, word: "") }
        if isWord("milestone") { return .qualifier(rank: 2, word: "") }
        if isWord("rc") || isWord("cr") { return .qualifier(rank: 3, word: "") }
        if isWord("snapshot") { return .qualifier(rank: 4, word: "") }
        if isWord("ga") || isWord("final") || isWord("release") { return .qualifier(rank: releaseRank, word: "") }
        if isWord("sp") { return .qualifier(rank: 6, word: "") }
        return .qualifier(rank: unknownRank, word: VersionSyntax.lowercasedString(b, start, end))
    }

    private static func isNull(_ item: Item) -> Bool {
        switch item {
        case .number(let v): v.isZero
        case .qualifier(let rank, _): rank == releaseRank
        case .sublist: false
        }
    }

    // MARK: Comparing

    /// An item compared with a missing one (the other list is shorter).
    private static func compareWithMissing(_ item: Item) -> Int {
        switch item {
        case .number(let v): v.isZero ? 0 : 1
        case .qualifier(let rank, _): rank < releaseRank ? -1 : (rank == releaseRank ? 0 : 1)
        case .sublist: 0  // the nested items are compared one by one by the caller
        }
    }

    private static func compare(_ a: [Item], _ b: [Item]) -> Int {
        var i = 0, j = 0
        while true {
            if i == a.count {
                while j < b.count {
                    let c = compareWithMissing(b[j])
                    if c != 0 { return -c }
                    j += 1
                }
                return 0
            }
            if j == b.count {
                while i < a.count {
                    let c = compareWithMissing(a[i])
                    if c != 0 { return c }
                    i += 1
                }
                return 0
            }
            switch (a[i], b[j]) {
            case (.sublist, .sublist): break
            case (.sublist, .number): return -1
            case (.sublist, .qualifier): return 1
            case (.number, .sublist): return 1
            case (.qualifier, .sublist): return -1
            case let (.number(x), .number(y)):
                let c = VersionNumeral.compare(x, y)
                if c != 0 { return c }
            case (.number, .qualifier): return 1
            case (.qualifier, .number): return -1
            case let (.qualifier(r1, w1), .qualifier(r2, w2)):
                if r1 != r2 { return r1 < r2 ? -1 : 1 }
                if r1 == unknownRank {
                    let c = VersionSyntax.compareBytes(w1, w2)
                    if c != 0 { return c }
                }
            }
            i += 1
            j += 1
        }
    }

    public static func < (a: Self, b: Self) -> Bool { compare(a.storage.items, b.storage.items) < 0 }
    public static func == (a: Self, b: Self) -> Bool { compare(a.storage.items, b.storage.items) == 0 }
}

import BulkheadCore

/// DL3058: an `email` label of the label schema is not an RFC 5322 address.
struct LabelNotEmailRule: LabelSchemaValueCheck {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["maintainer": .email])

    static let metadata = RuleMetadata(
        id: "DF158", slug: "label-not-email", title: "Label from the label schema is not an email address",
        severity: .medium, category: .maintainability,
        rationale: """
            Labels declared as `email` in `label-schema` are used to contact the image owner; they \
            must be a bare RFC 5322 address (`team@example.com`), not a name with angle brackets or \
            free text.
            """,
        fix: "Use a bare address: `LABEL maintainer=\"team@example.com\"`.",
        references: [.hadolint("DL3058")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL maintainer=not-email",
                "FROM debian:12\n↓LABEL maintainer=\"A B <a@b.c>\"",
                "FROM debian:12\n↓LABEL maintainer=a.@b.c",
            ],
            passing: [
                "FROM debian:12\nLABEL maintainer=abcd@google.com",
                "FROM debian:12\nLABEL maintainer=a@b",
                "FROM debian:12\nLABEL maintainer='\"a b\"@c.d'",
            ]))

    static let labelKind = LabelKind.email

    static func message(label name: String) -> String {
        "Label `\(name)` is not a valid email format - must conform to RFC5322."
    }

    /// An RFC 5322 `addr-spec` with comments and folding white space, judged as Haskell's
    /// email-validate 2 does (ASCII only, local part ≤ 64 octets, domain labels ≤ 63 octets
    /// not ending with `-`, domain ≤ 253, whole ≤ 254).
    static func isValidValue(_ value: String) -> Bool {
        var p = EmailParser(Array(value.utf8))
        return p.addrSpec()
    }
}

/// A backtracking parser mirroring email-validate's attoparsec grammar.
struct EmailParser {
    let s: [UInt8]
    var i = 0

    init(_ s: [UInt8]) { self.s = s }

    static func inRange(_ c: UInt8, _ ranges: [ClosedRange<UInt8>]) -> Bool { ranges.contains { $0.contains(c) } }
    static func isObsNoWsCtl(_ c: UInt8) -> Bool { inRange(c, [1...8, 11...12, 14...31, 127...127]) }
    static func isAlphaNum(_ c: UInt8) -> Bool { inRange(c, [48...57, 65...90, 97...122]) }
    static func isAtomText(_ c: UInt8) -> Bool { isAlphaNum(c) || Array("!#$%&'*+/=?^_`{|}~-".utf8).contains(c) }
    static func isQuotedText(_ c: UInt8) -> Bool { inRange(c, [33...33, 35...91, 93...126]) || isObsNoWsCtl(c) }
    static func isCommentText(_ c: UInt8) -> Bool { inRange(c, [33...39, 42...91, 93...126]) || isObsNoWsCtl(c) }
    static func isDomainText(_ c: UInt8) -> Bool { inRange(c, [33...90, 94...126]) || isObsNoWsCtl(c) }
    static func isWsp(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    var atEnd: Bool { i >= s.count }
    func peek() -> UInt8? { i < s.count ? s[i] : nil }

    mutating func char(_ c: UInt8) -> Bool {
        guard peek() == c else { return false }
        i += 1
        return true
    }

    /// `takeWhile1`.
    mutating func many1(_ pred: (UInt8) -> Bool) -> Int? {
        let start = i
        while let c = peek(), pred(c) { i += 1 }
        return i > start ? i - start : nil
    }

    mutating func crlf() -> Bool {
        guard i + 1 < s.count, s[i] == 0x0D, s[i + 1] == 0x0A else { return false }
        i += 2
        return true
    }

    /// `fws = (wsp1 >> optional (crlf >> wsp1)) <|> skipMany1 (crlf >> wsp1)`.
    mutating func fws() -> Bool {
        let start = i
        if many1(Self.isWsp) != nil {
            let save = i
            if !(crlf() && many1(Self.isWsp) != nil) { i = save }
            return true
        }
        i = start
        var count = 0
        while true {
            let save = i
            guard crlf(), many1(Self.isWsp) != nil else { i = save; break }
            count += 1
        }
        return count > 0
    }

    /// `quotedPair`: a backslash and any ASCII character.
    mutating func quotedPair() -> Bool {
        guard i + 1 < s.count, s[i] == 0x5C, s[i + 1] < 128 else { return false }
        i += 2
        return true
    }

    mutating func comment() -> Bool {
        let start = i
        guard char(0x28) else { return false }
        while true {
            let save = i
            if many1(Self.isCommentText) != nil || quotedPair() || comment() || fws() { continue }
            i = save
            break
        }
        guard char(0x29) else { i = start; return false }
        return true
    }

    /// `cfws = skipMany (comment <|> fws)`.
    mutating func cfws() {
        while comment() || fws() {}
    }

    /// Returns the rendered length of the quoted string.
    mutating func quotedString() -> Int? {
        let start = i
        guard char(0x22) else { return nil }
        var length = 2
        while true {
            let save = i
            _ = fws()
            if let n = many1(Self.isQuotedText) { length += n; continue }
            if quotedPair() { length += 2; continue }
            i = save
            break
        }
        _ = fws()
        guard char(0x22) else { i = start; return nil }
        return length
    }

    /// `between1 (optional cfws) (atom <|> quotedString)`.
    mutating func word() -> Int? {
        let start = i
        cfws()
        let n: Int
        if let a = many1(Self.isAtomText) { n = a } else if let q = quotedString() { n = q } else { i = start; return nil }
        cfws()
        return n
    }

    /// `dottedAtoms`: words separated by `.`; returns the rendered length.
    mutating func dottedAtoms() -> Int? {
        guard var length = word() else { return nil }
        while true {
            let save = i
            guard char(0x2E), let n = word() else { i = save; break }
            length += 1 + n
        }
        return length
    }

    /// One domain label between optional CFWS; returns its length.
    mutating func domainLabel() -> Int? {
        let start = i
        cfws()
        let labelStart = i
        guard let c = peek(), Self.isAlphaNum(c) else { i = start; return nil }
        i += 1
        while let c = peek(), Self.isAlphaNum(c) || c == 0x2D { i += 1 }
        let label = s[labelStart..<i]
        cfws()
        guard label.count <= 63, label.last != 0x2D else { i = start; return nil }
        return label.count
    }

    mutating func domainName() -> Int? {
        let start = i
        guard var length = domainLabel() else { return nil }
        while true {
            let save = i
            guard char(0x2E), let n = domainLabel() else { i = save; break }
            length += 1 + n
        }
        _ = char(0x2E)
        guard length <= 253 else { i = start; return nil }
        return length
    }

    mutating func domainLiteral() -> Int? {
        let start = i
        cfws()
        guard char(0x5B) else { i = start; return nil }
        var length = 2
        while true {
            let save = i
            _ = fws()
            guard let n = many1(Self.isDomainText) else { i = save; break }
            length += n
        }
        _ = fws()
        guard char(0x5D) else { i = start; return nil }
        cfws()
        return length
    }

    mutating func addrSpec() -> Bool {
        guard let local = dottedAtoms(), local <= 64, char(0x40) else { return false }
        let domain: Int
        if let d = domainName() {
            domain = d
        } else if let d = domainLiteral() {
            domain = d
        } else {
            return false
        }
        return atEnd && local + domain + 1 <= 254
    }
}

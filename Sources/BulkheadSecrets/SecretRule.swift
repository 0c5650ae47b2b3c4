import BulkheadCore

/// One kind of credential the detector knows: how to find it cheaply (keywords, a token shape),
/// how to match it exactly (a regular expression), and how to tell it from a look-alike (entropy,
/// a validator, the file it is in).
///
/// A rule runs in stages, cheapest first: the scanner finds every keyword in one pass over the
/// text; where a keyword occurs the optional ``TokenShape`` checks the bytes in place; only then
/// does the regular expression run, on that line (or a few lines, for key blocks); the matched
/// value must then pass `minEntropy`, the validator and the allow-lists.
public struct SecretRule: Sendable {
    /// Where the rule's regular expression looks once a keyword is found.
    public enum Window: Sendable, Hashable {
        /// The line holding the keyword.
        case line
        /// The keyword's line and up to this many bytes after it (PEM blocks, multi-line records).
        case following(bytes: Int)
    }

    /// What a validator decides about one candidate.
    public enum Verdict: Sendable, Hashable {
        /// Not a credential (a placeholder, a reference, a value of the wrong structure).
        case reject
        /// Looks like a credential.
        case accept
        /// Its structure checks out beyond the pattern (a checksum, decodable contents).
        case verified(String)
    }

    /// What a validator sees.
    public struct Candidate: Sendable {
        /// The secret itself (the rule's secret group).
        public var secret: String
        /// Every capture group of the match (index 0 = whole match); nil where a group did not take part.
        public var groups: [String?]
        /// The file's path as scanned.
        public var path: String
        /// The text the expression ran on (the line, or the window).
        public var window: String
    }

    public let metadata: RuleMetadata
    /// A short lower-case tag for reports and benchmarks (`aws-access-key-id`).
    public let kind: String
    /// Case-insensitive keywords; the rule is tried only where one occurs.
    public let keywords: [String]
    /// The regular expression (ICU syntax, as NSRegularExpression reads it).
    public let pattern: String
    /// The capture groups that may hold the secret, first participating one wins (0 = the whole
    /// match); its start is the reported position.
    public let secretGroups: [Int]
    /// The group shown (redacted) instead of the secret group, when that one is not telling
    /// (a key block is reported at its BEGIN line but shown by its body).
    public let displayGroup: Int?
    /// A structural check at the keyword's position, run before the expression.
    public let shape: TokenShape?
    public let window: Window
    /// Only files matching one of these globs (basename globs like `.netrc` match at any depth).
    public let paths: [String]
    /// Lowest Shannon entropy (bits per character) of the secret.
    public let minEntropy: Double
    /// Generic rules lose to specific ones when both match the same text.
    public let isGeneric: Bool
    public let validator: (@Sendable (Candidate) -> Verdict)?
    /// A byte-level check at the keyword, before the expression: `(text, count, keywordStart,
    /// keywordEnd)`. For rules whose keywords are common words (`key`, `token`), it rejects the
    /// occurrences that cannot start a match (no assignment after the key) without a regex run.
    public let precheck: (@Sendable (UnsafePointer<UInt8>, Int, Int, Int) -> Bool)?
    /// The file name the examples are scanned as (path-restricted rules need one).
    public let examplePath: String

    public init(metadata: RuleMetadata, kind: String, keywords: [String], pattern: String, secretGroups: [Int] = [1],
                displayGroup: Int? = nil,
                shape: TokenShape? = nil, window: Window = .line, paths: [String] = [], minEntropy: Double = 0,
                isGeneric: Bool = false, examplePath: String = "example.txt",
                precheck: (@Sendable (UnsafePointer<UInt8>, Int, Int, Int) -> Bool)? = nil,
                validator: (@Sendable (Candidate) -> Verdict)? = nil) {
        self.precheck = precheck
        self.metadata = metadata
        self.kind = kind
        self.keywords = keywords
        self.pattern = pattern
        self.secretGroups = secretGroups
        self.displayGroup = displayGroup
        self.shape = shape
        self.window = window
        self.paths = paths
        self.minEntropy = minEntropy
        self.isGeneric = isGeneric
        self.validator = validator
        self.examplePath = examplePath
    }

    public var id: RuleID { metadata.id }
}

/// A token's fixed shape, checked in place where its keyword (the token's prefix) occurs:
/// exact-case prefix, a boundary before it, and enough body characters from its alphabet.
public struct TokenShape: Sendable {
    public enum Alphabet: Sendable {
        case alphanumeric, upperAlphanumeric, hex, base64URL, base64, tokenChars
        @inline(__always)
        func contains(_ b: UInt8) -> Bool {
            let digit = b >= 0x30 && b <= 0x39
            let upper = b >= 0x41 && b <= 0x5A
            let lower = b >= 0x61 && b <= 0x7A
            switch self {
            case .alphanumeric: return digit || upper || lower
            case .upperAlphanumeric: return digit || upper
            case .hex: return digit || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
            case .base64URL: return digit || upper || lower || b == 0x2D || b == 0x5F
            case .base64: return digit || upper || lower || b == 0x2B || b == 0x2F || b == 0x3D
            case .tokenChars: return digit || upper || lower || b == 0x2D || b == 0x5F || b == 0x2E
            }
        }
    }
    /// The exact bytes the token starts with (case-sensitive, unlike the keyword).
    public let prefix: [UInt8]
    public let alphabet: Alphabet
    public let minBody: Int

    public init(prefix: String, alphabet: Alphabet, minBody: Int) {
        self.prefix = Array(prefix.utf8)
        self.alphabet = alphabet
        self.minBody = minBody
    }

    /// Whether a token of this shape starts at `start`.
    @inline(__always)
    func matches(_ base: UnsafePointer<UInt8>, count n: Int, at start: Int) -> Bool {
        guard start + prefix.count + minBody <= n else { return false }
        if start > 0 {
            let b = base[start - 1]
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { return false }
        }
        for (k, p) in prefix.enumerated() where base[start + k] != p { return false }
        var j = start + prefix.count
        let end = start + prefix.count + minBody
        while j < end { guard alphabet.contains(base[j]) else { return false }; j += 1 }
        return true
    }
}

/// Byte-level prechecks shared by rules with common keywords.
public enum Precheck {
    @inline(__always)
    static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2E || b == 0x2D
    }

    /// After the keyword: the rest of the key (≤ 24 key bytes), closing quotes or brackets, spaces,
    /// then `=` or `:` — the shape of `password_hash = …`, `"token": …`, `API_KEY := …`, `:secret =>`.
    public static let assignmentFollows: @Sendable (UnsafePointer<UInt8>, Int, Int, Int) -> Bool = { p, n, _, end in
        var i = end
        var k = 0
        while i < n, k < 24, isKeyByte(p[i]) { i += 1; k += 1 }
        var q = 0
        while i < n, q < 3, p[i] == 0x22 || p[i] == 0x27 || p[i] == 0x5D { i += 1; q += 1 }
        var sp = 0
        while i < n, sp < 33, p[i] == 0x20 || p[i] == 0x09 { i += 1; sp += 1 }
        guard i < n else { return false }
        let c = p[i]
        if c == 0x3D || c == 0x3A { return true }  // = :
        if (c == 0x3F || c == 0x7C) && i + 1 < n && p[i + 1] == 0x3D { return true }  // ?= |=
        return false
    }

    /// The keyword's line starts (after spaces and an optional `- `) with `name:`: YAML name/value
    /// lists (`- name: DB_PASSWORD`).
    public static let nameLine: @Sendable (UnsafePointer<UInt8>, Int, Int, Int) -> Bool = { p, n, start, _ in
        var i = start
        while i > 0, p[i - 1] != 0x0A, start - i < 256 { i -= 1 }
        while i < start, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x2D { i += 1 }
        let name: [UInt8] = [0x6E, 0x61, 0x6D, 0x65, 0x3A]  // name:
        guard i + 5 <= n else { return false }
        for k in 0..<5 where (p[i + k] | 0x20) != name[k] { return false }
        return true
    }
}

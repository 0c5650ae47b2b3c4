import BulkheadCore

/// One secret found in one file (or image config field): the rule, where, and the value redacted.
/// The value itself is never kept.
public struct SecretMatch: Sendable, Hashable {
    public var ruleID: RuleID
    /// The rule's short tag (`aws-access-key-id`).
    public var kind: String
    public var severity: Severity
    public var title: String
    /// The file (or `config:Env[3]`-style field) it was found in.
    public var path: String
    /// 1-based line and column (bytes) of the secret's first character.
    public var line: Int
    public var column: Int
    /// First and last few characters, the rest elided (see ``SecretRedaction``).
    public var redacted: String
    /// A digest of the value, so the same secret seen twice (two layers, two files) is recognisable
    /// without keeping it.
    public var valueDigest: String
    /// What a validator confirmed ("checksum valid"), if anything.
    public var verification: String?
    /// Byte offset and length of the secret in its file (for overlap checks; not reported).
    public var offset: Int
    public var length: Int

    public init(ruleID: RuleID, kind: String, severity: Severity, title: String, path: String, line: Int, column: Int,
                redacted: String, valueDigest: String, verification: String? = nil, offset: Int = 0, length: Int = 0) {
        self.ruleID = ruleID
        self.kind = kind
        self.severity = severity
        self.title = title
        self.path = path
        self.line = line
        self.column = column
        self.redacted = redacted
        self.valueDigest = valueDigest
        self.verification = verification
        self.offset = offset
        self.length = length
    }
}

/// How secrets are shown: enough to recognise, never enough to use.
public enum SecretRedaction {
    /// `AKIA…9986` for long values, `gh…` for short ones, `****` for very short ones.
    public static func redact(_ value: String) -> String {
        let chars = Array(value.prefix(4096))
        switch chars.count {
        case ..<8: return String(repeating: "*", count: max(4, chars.count))
        case ..<16: return String(chars.prefix(2)) + "…" + String(repeating: "*", count: 4)
        case ..<32: return String(chars.prefix(4)) + "…" + String(chars.suffix(2))
        default: return String(chars.prefix(4)) + "…" + String(chars.suffix(4))
        }
    }

    /// FNV-1a of the value: identifies a secret across files and layers without storing it.
    public static func digest(_ value: String) -> String {
        var h = FNV1a64()
        h.combine(value)
        return h.hexDigest
    }
}

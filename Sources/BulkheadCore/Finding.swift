/// One problem found by a rule: what, how bad, where, and how to fix it.
public struct Finding: Sendable, Hashable {
    public var ruleID: RuleID
    public var severity: Severity
    public var title: String
    /// Names the offending value ("Base image 'debian:latest' uses the 'latest' tag").
    public var message: String
    public var location: SourceLocation
    public var fix: String?
    /// Peer aliases of the rule (e.g. `DL3007`), copied from metadata for writers.
    public var aliases: [String]
    /// A stable identity for suppression and de-duplication across runs; see ``Finding/computeFingerprint(ruleID:file:context:)``.
    public var fingerprint: String
    /// The image layer (diff ID) holding the offending file, for findings inside images.
    public var layer: String?
    /// Why the finding is not gated, when an ignore file suppressed it (inline and config ignores
    /// of the linters leave this nil).
    public var suppression: VulnerabilityFinding.Suppression?

    public init(ruleID: RuleID, severity: Severity, title: String, message: String,
                location: SourceLocation, fix: String? = nil, aliases: [String] = [],
                fingerprint: String, layer: String? = nil) {
        self.layer = layer
        self.ruleID = ruleID
        self.severity = severity
        self.title = title
        self.message = message
        self.location = location
        self.fix = fix
        self.aliases = aliases
        self.fingerprint = fingerprint
    }

    /// A fingerprint that survives unrelated edits: it hashes the rule, the file and the
    /// offending source text (not its line number), plus an occurrence index so identical lines differ.
    ///
    /// - Parameters:
    ///   - ruleID: the rule that fired.
    ///   - file: the file as named by the user.
    ///   - context: the offending text, whitespace-normalised by the caller.
    ///   - occurrence: how many earlier findings had the same rule, file and context.
    public static func computeFingerprint(ruleID: RuleID, file: String, context: String,
                                          occurrence: Int = 0) -> String {
        var hasher = FNV1a64()
        hasher.combine(ruleID.rawValue)
        hasher.combine("\u{1F}")
        hasher.combine(file)
        hasher.combine("\u{1F}")
        hasher.combine(context)
        hasher.combine("\u{1F}\(occurrence)")
        return hasher.hexDigest
    }
}

/// 64-bit FNV-1a: tiny, deterministic across runs and platforms (unlike `Hasher`).
public struct FNV1a64: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01b3
        }
    }

    public var hexDigest: String {
        let hex = String(state, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

import BulkheadCore
import Foundation

/// What the detector must not report: paths, values and rules from the user's configuration,
/// plus the documented example credentials every vendor publishes and the inline markers peers
/// honour (`gitleaks:allow`, detect-secrets' `pragma: allowlist secret`).
///
/// ```yaml
/// # .bulkhead.yaml
/// secrets:
///   allow:
///     paths: ["**/testdata/**", "docs/**"]
///     values: ["^AKIA[0-9A-Z]{12}TEST$"]     # regular expressions, matched against the secret
///     rules: [SE026]                          # rule ids or slugs
/// ```
public struct SecretAllowList: Sendable {
    public var paths: [String]
    public var values: [String]
    public var rules: Set<String>

    let pathSet: PathGlobSet
    let valueExpressions: [RegexBox]

    /// - Throws: ``SecretConfigError`` naming the value expression that does not compile.
    public init(paths: [String] = [], values: [String] = [], rules: [String] = []) throws(SecretConfigError) {
        self.paths = paths
        self.values = values
        self.rules = Set(rules.map { $0.uppercased() })
        pathSet = PathGlobSet(paths.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
        var compiled: [RegexBox] = []
        for (i, v) in values.enumerated() {
            do { compiled.append(RegexBox(try NSRegularExpression(pattern: v))) } catch {
                throw SecretConfigError("secrets.allow.values[\(i)] '\(v)' is not a valid regular expression")
            }
        }
        valueExpressions = compiled
    }

    public static let empty = try! SecretAllowList()

    /// Credentials published in vendors' documentation as examples; never real.
    public static let documentedExamples: Set<String> = [
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "ASIAIOSFODNN7EXAMPLE",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2", "pk_test_TYooMQauvdEDq54NiTphI7jx",
        "sk_test_26PHem9AhJZvU623DfE1x4sd", "rk_test_26PHem9AhJZvU623DfE1x4sd",
        "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",
        "xoxb-not-a-real-token-this-will-not-work",
        // Azurite / Azure Storage Emulator development key (public, in Microsoft's docs).
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        // redis.conf's sample requirepass.
        "foobared",
        // jwt.io's sample token (HS256, "John Doe").
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ]

    /// Inline markers that silence a finding on their line.
    public static let inlineMarkers: [String] = ["bulkhead:allow", "gitleaks:allow", "pragma: allowlist secret", "nosecret"]

    public func allowsPath(_ path: String) -> Bool {
        guard !paths.isEmpty else { return false }
        let rel = path.hasPrefix("/") ? String(path.dropFirst()) : path
        return pathSet.matches(rel)
    }

    public func allowsRule(_ rule: SecretRule) -> Bool {
        rules.contains(rule.id.rawValue) || rules.contains(rule.metadata.slug.uppercased())
    }

    public func allowsValue(_ value: String) -> Bool {
        if Self.documentedExamples.contains(value) { return true }
        guard !valueExpressions.isEmpty else { return false }
        let range = NSRange(location: 0, length: value.utf16.count)
        return valueExpressions.contains { $0.regex.firstMatch(in: value, range: range) != nil }
    }
}

/// A bad `secrets:` configuration value.
public struct SecretConfigError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// NSRegularExpression is immutable once built and safe to share for matching.
struct RegexBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}

/// The shared detector used by the rule engines of other pillars (Dockerfile, Kubernetes), so a
/// secret is found the same way wherever it appears. Built once, immutable, safe from any thread.
public enum SecretDetector {
    /// Every built-in rule, no allow-list beyond the documented examples.
    public static let shared: SecretScanner = {
        do { return try SecretScanner() } catch { preconditionFailure("built-in secret rules must compile: \(error)") }
    }()

    /// Only the specific (non-generic) rules: their keywords alone drive the automaton, so text
    /// without a token prefix or key header costs one pass and no expression.
    public static let specific: SecretScanner = {
        do { return try SecretScanner(rules: SecretRules.all.filter { !$0.isGeneric }) } catch {
            preconditionFailure("built-in secret rules must compile: \(error)")
        }
    }()

    /// Matches of the specific (non-generic) rules in `text`: token formats, keys, credentials in
    /// URLs and command lines — what is a credential whatever it is called.
    public static func specificMatches(in text: String, path: String = "") -> [SecretMatch] {
        var text = text
        return text.withUTF8 { specific.scan(UnsafeRawBufferPointer($0), path: path) }
    }
}

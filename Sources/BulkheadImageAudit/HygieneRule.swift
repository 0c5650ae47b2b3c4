import BulkheadCore

/// An image hygiene rule: the same metadata convention as the Dockerfile and Kubernetes rules, a
/// pure check over ``ImageFacts``.
public protocol HygieneRule: Sendable {
    static var metadata: RuleMetadata { get }
    init()
    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void)
}

/// One problem: the message names the offending value; `path` is the file inside the image (nil
/// for config-level problems).
public struct HygieneViolation: Sendable, Hashable {
    public var message: String
    public var path: String?
    public var layer: String?
    public init(_ message: String, path: String? = nil, layer: String? = nil) {
        self.message = message
        self.path = path
        self.layer = layer
    }
}

/// The built-in hygiene rules, sorted by ID.
public enum HygieneRules {
    public static let all: [any HygieneRule.Type] = [
        RootUserRule.self, ShellPresentRule.self, PackageManagerPresentRule.self, SetuidFilesRule.self,
        WorldWritableRule.self, SSHPresentRule.self, HealthcheckMissingRule.self, BuildCacheLeftRule.self,
        EndOfLifeBaseRule.self, CredentialEnvRule.self, MinimalityRule.self,
    ]

    /// Runs every rule (minus `disabled` ids or slugs) and returns findings located in the image.
    public static func run(_ facts: ImageFacts, disabled: Set<String> = []) -> [Finding] {
        var out: [Finding] = []
        for rule in all {
            let meta = rule.metadata
            guard !disabled.contains(meta.id.rawValue), !disabled.contains(meta.slug) else { continue }
            var occurrence: [String: Int] = [:]
            rule.init().check(facts) { v in
                let file = v.path.map { facts.name + ":" + $0 } ?? facts.name
                var message = v.message
                if let i = facts.metadata.layerIndex(of: v.layer) { message += " (layer \(i + 1))" }
                let n = occurrence[file, default: 0]
                occurrence[file] = n + 1
                out.append(Finding(ruleID: meta.id, severity: meta.severity, title: meta.title, message: message,
                                   location: SourceLocation(file: file, range: nil, fieldPath: v.path == nil ? "config" : nil),
                                   fix: meta.fix, aliases: meta.references.compactMap { ref in
                                       if case .trivy(let id) = ref { return id } else { return nil }
                                   },
                                   fingerprint: Finding.computeFingerprint(ruleID: meta.id, file: file, context: v.path ?? v.message, occurrence: n),
                                   layer: v.layer))
            }
        }
        return out
    }

    static func meta(_ id: String, _ slug: String, _ title: String, _ severity: Severity, _ category: RuleCategory,
                     rationale: String, fix: String, references: [Reference] = [], triggering: String, passing: String) -> RuleMetadata {
        RuleMetadata(id: RuleID(id), slug: slug, title: title, severity: severity, category: category, rationale: rationale,
                     fix: fix, references: references, examples: RuleExamples(triggering: [triggering], passing: [passing]))
    }
}

import BulkheadCore
import Foundation

/// Settings read from `.bulkhead.yaml` (or, when none exists, `.hadolint.yaml`).
///
/// ```yaml
/// # .bulkhead.yaml
/// fail-on: high
/// disable: [DF402, DL3059]            # Bulkhead ids, slugs or peer ids
/// severity: { DL3008: low }           # per-rule severity override
/// trusted-registries: [docker.io, ghcr.io]
/// ignore:                             # per-path ignores, with a reason and an expiry
///   - paths: ["legacy/**"]
///     rules: [DF301]
///     reason: being rewritten in Q1
///     expires: 2027-03-31
/// runtime:                            # `bulkhead runtime watch`
///   actions:                          # per-rule response: alert (default), kill, stop
///     "Fileless execution from memory": kill
///     "Terminal shell in container": stop
/// ```
public struct BulkheadConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case bulkhead, hadolint }

    /// Where it was read from.
    public var path: String?
    public var kind: Kind
    /// Rule names as written (resolved by the caller, which knows the rules).
    public var disabledRules: [String]
    public var severityOverrides: [String: Severity]
    public var trustedRegistries: [String]
    public var failOn: Severity?
    /// Hadolint's `failure-threshold: none` or `no-fail: true`.
    public var neverFail: Bool
    public var ignores: [PathIgnore]
    public var labelSchema: [String: String]
    public var strictLabels: Bool
    /// `runtime.actions`: rule name → alert, kill or stop (validated when read).
    public var runtimeActions: [String: String] = [:]
    /// `secrets:`: what the secret detector must not report, and its file-size limit.
    public var secrets = SecretSettings()

    public init(path: String? = nil, kind: Kind = .bulkhead, disabledRules: [String] = [],
                severityOverrides: [String: Severity] = [:], trustedRegistries: [String] = [],
                failOn: Severity? = nil, neverFail: Bool = false, ignores: [PathIgnore] = [],
                labelSchema: [String: String] = [:], strictLabels: Bool = false) {
        self.path = path
        self.kind = kind
        self.disabledRules = disabledRules
        self.severityOverrides = severityOverrides
        self.trustedRegistries = trustedRegistries
        self.failOn = failOn
        self.neverFail = neverFail
        self.ignores = ignores
        self.labelSchema = labelSchema
        self.strictLabels = strictLabels
    }
}

/// Ignore some rules (or all, when `rules` is empty) for files matching `paths`, until `expires`.
public struct PathIgnore: Sendable, Hashable {
    public var paths: [String]
    public var rules: [String]
    public var reason: String?
    /// `YYYY-MM-DD`; the ignore stops applying after that day (UTC).
    public var expires: String?
    public var line: Int?

    public init(paths: [String], rules: [String], reason: String? = nil, expires: String? = nil, line: Int? = nil) {
        self.paths = paths
        self.rules = rules
        self.reason = reason
        self.expires = expires
        self.line = line
    }

    /// Whether the ignore is still in force on `today` (`YYYY-MM-DD`, compared as text).
    public func isActive(today: String) -> Bool {
        guard let expires else { return true }
        return today <= expires
    }

    /// Whether `file` matches one of the globs (`*` within a segment, `**` across segments).
    public func matches(file: String) -> Bool {
        let normalized = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
        return paths.contains { Glob.match($0, normalized) || Glob.match($0, (normalized as NSString).lastPathComponent) }
    }
}

/// A config file problem, located at its line.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

/// Shell-style glob matching on `/`-separated paths (``PathGlob`` from Core).
public enum Glob {
    public static func match(_ pattern: String, _ path: String) -> Bool { PathGlob.match(pattern, path) }
}

/// The `secrets:` section: allow-lists (paths are globs, values regular expressions, rules ids or
/// slugs) and the largest file scanned.
public struct SecretSettings: Sendable, Hashable {
    public var allowPaths: [String] = []
    public var allowValues: [String] = []
    public var allowRules: [String] = []
    public var maxFileBytes: Int?
    public init() {}
}

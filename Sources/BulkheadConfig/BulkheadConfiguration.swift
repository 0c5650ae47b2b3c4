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

/// Shell-style glob matching on `/`-separated paths.
public enum Glob {
    public static func match(_ pattern: String, _ path: String) -> Bool {
        matchSegments(Array(pattern.split(separator: "/", omittingEmptySubsequences: true)),
                      Array(path.split(separator: "/", omittingEmptySubsequences: true)))
    }

    static func matchSegments(_ p: [Substring], _ s: [Substring]) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "**" {
            let rest = Array(p.dropFirst())
            for i in 0...s.count where matchSegments(rest, Array(s[i...])) { return true }
            return false
        }
        guard let seg = s.first, matchSegment(Array(first), Array(seg)) else { return false }
        return matchSegments(Array(p.dropFirst()), Array(s.dropFirst()))
    }

    static func matchSegment(_ p: [Character], _ s: [Character]) -> Bool {
        // Iterative wildcard matching with backtracking on the last `*`.
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

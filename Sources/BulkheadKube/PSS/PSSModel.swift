/// The Pod Security Standards levels, from least to most restrictive. `restricted` includes
/// every `baseline` check (except where a restricted check replaces a baseline one).
public enum PSSLevel: String, Sendable, CaseIterable, Comparable {
    case privileged, baseline, restricted

    public static func < (lhs: PSSLevel, rhs: PSSLevel) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .privileged: 0
        case .baseline: 1
        case .restricted: 2
        }
    }
}

/// A policy version (`pod-security.kubernetes.io/enforce-version`): the checks as Kubernetes
/// `major.minor` defined them. Versions newer than ``latest`` evaluate as ``latest``, as
/// upstream clamps them to the newest version that changed a check.
public struct PSSVersion: Sendable, Comparable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The newest version at which any check changed (upstream's `latest`).
    public static let latest = PSSVersion(major: 1, minor: 37)

    /// Parses `v1.25`, `1.25` or `latest`. Like upstream, only major version 1 exists and the
    /// minor has no leading zeros; anything else is nil.
    public init?(_ text: String) {
        var t = Substring(text.trimmingSpaces)
        if t == "latest" {
            self = .latest
            return
        }
        if t.hasPrefix("v") { t = t.dropFirst() }
        guard t.hasPrefix("1.") else { return nil }
        let digits = t.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }),
              digits == "0" || digits.first != "0", let minor = Int(digits) else { return nil }
        self.init(major: 1, minor: minor)
    }

    public var description: String { "v\(major).\(minor)" }

    public static func < (lhs: PSSVersion, rhs: PSSVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}

/// A manifest field a check objected to (or, for a missing required field, where it belongs),
/// with the position of its key — or of the nearest enclosing field that is written.
public struct PSSField: Sendable, Hashable, CustomStringConvertible {
    /// Dotted path with list indexes, e.g. `spec.containers[0].securityContext.privileged`.
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path) (\(line):\(column))" }
}

/// One check's verdict for one pod.
public struct PSSCheckResult: Sendable, Hashable {
    /// Upstream check id (`runAsNonRoot`, `capabilities_restricted`, …).
    public var checkID: String
    /// The level the check belongs to (a baseline check still reports `baseline` when run as
    /// part of `restricted`).
    public var level: PSSLevel
    public var allowed: Bool
    /// Short upstream-style reason (`privileged`, `host namespaces`); empty when allowed.
    public var reason: String
    /// What was wrong and where (`container "app" must not set …`); empty when allowed.
    public var detail: String
    /// The offending fields; empty when allowed.
    public var fields: [PSSField]
    /// Baseline checks this restricted check stands in for at this version (upstream's
    /// overrides: `restrictedVolumes` replaces `hostPathVolumes`, …); those do not run, and a
    /// violation of theirs is reported here.
    public var overrides: [String]

    public init(checkID: String, level: PSSLevel, allowed: Bool, reason: String = "", detail: String = "",
                fields: [PSSField] = [], overrides: [String] = []) {
        self.checkID = checkID
        self.level = level
        self.allowed = allowed
        self.reason = reason
        self.detail = detail
        self.fields = fields
        self.overrides = overrides
    }

    /// True when this result decides `id`: it is that check, or stands in for it.
    public func covers(_ id: String) -> Bool {
        checkID.lowercased() == id.lowercased() || overrides.contains { $0.lowercased() == id.lowercased() }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

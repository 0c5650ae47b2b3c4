/// The one canonical result of a run: every target with its findings and diagnostics, the
/// metadata of the rules involved, and a precomputed summary.
///
/// Writers are pure transforms of this value: they never re-sort, re-count or re-map
/// severities. Build it with ``Report/init(tool:targets:rules:)``, which sorts findings and
/// computes ``summary`` once.
public struct Report: Sendable, Hashable {
    public struct Tool: Sendable, Hashable {
        public var name: String
        public var version: String
        public var informationURI: String

        public init(name: String = "bulkhead", version: String, informationURI: String = "https://github.com/bulkhead-sec/bulkhead") {
            self.name = name
            self.version = version
            self.informationURI = informationURI
        }
    }

    /// One thing that was scanned: a Dockerfile, an image, a manifest file.
    public struct Target: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case dockerfile, image, filesystem, kubernetes
        }

        public var name: String
        public var kind: Kind

        /// Whether the target's packages were matched against vulnerability data (images and
        /// filesystems), so writers show a vulnerability section even when it is empty.
        public var scansPackages: Bool { kind == .image || kind == .filesystem }
        public var findings: [Finding]
        public var diagnostics: [Diagnostic]
        /// Findings that matched an ignore (pragma or config); kept for audit, not gated.
        public var suppressed: [Finding]
        /// Vulnerabilities of the target's packages, in priority order.
        public var vulnerabilities: [VulnerabilityFinding]
        /// Vulnerabilities ignored or declared not affected (VEX); kept for audit, not gated.
        public var suppressedVulnerabilities: [VulnerabilityFinding]

        public init(name: String, kind: Kind, findings: [Finding], diagnostics: [Diagnostic] = [],
                    suppressed: [Finding] = [], vulnerabilities: [VulnerabilityFinding] = [],
                    suppressedVulnerabilities: [VulnerabilityFinding] = []) {
            self.name = name
            self.kind = kind
            self.findings = findings
            self.diagnostics = diagnostics
            self.suppressed = suppressed
            self.vulnerabilities = vulnerabilities
            self.suppressedVulnerabilities = suppressedVulnerabilities
        }
    }

    public var tool: Tool
    public var targets: [Target]
    /// Metadata of every rule that ran, sorted by id (SARIF `tool.driver.rules`).
    public var rules: [RuleMetadata]
    public let summary: ReportSummary

    public init(tool: Tool, targets: [Target], rules: [RuleMetadata]) {
        self.tool = tool
        self.targets = targets.map { target in
            var t = target
            t.findings.sort(by: Report.order)
            t.suppressed.sort(by: Report.order)
            t.vulnerabilities = VulnerabilityFinding.sortedByPriority(t.vulnerabilities)
            t.suppressedVulnerabilities = VulnerabilityFinding.sortedByPriority(t.suppressedVulnerabilities)
            return t
        }
        self.rules = rules.sorted { $0.id < $1.id }
        self.summary = ReportSummary(targets: self.targets)
    }

    /// Findings in file, line, column, rule order: the one ordering every writer uses.
    static func order(_ a: Finding, _ b: Finding) -> Bool {
        let pa = a.location.range?.start ?? SourcePosition(line: 0, column: 0)
        let pb = b.location.range?.start ?? SourcePosition(line: 0, column: 0)
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        if pa != pb { return pa < pb }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.message < b.message
    }

    /// Every finding across targets, in report order.
    public var allFindings: [Finding] { targets.flatMap(\.findings) }

    /// Rule metadata by id, for writers that render help text.
    public func metadata(for id: RuleID) -> RuleMetadata? { rules.first { $0.id == id } }
}

/// Counts computed once for every writer and for the exit-code gate.
public struct ReportSummary: Sendable, Hashable {
    public var targets: Int
    public var findings: Int
    public var suppressed: Int
    public var errors: Int
    /// Vulnerability findings (not suppressed) across targets.
    public var vulnerabilities: Int
    /// Rule findings and vulnerability findings by severity: what the gate counts.
    public var bySeverity: [Severity: Int]

    public init(targets: [Report.Target]) {
        self.targets = targets.count
        self.findings = targets.reduce(0) { $0 + $1.findings.count }
        self.suppressed = targets.reduce(0) { $0 + $1.suppressed.count }
        self.errors = targets.reduce(0) { acc, t in acc + t.diagnostics.filter { $0.level == .error }.count }
        var counts: [Severity: Int] = [:]
        for t in targets {
            for f in t.findings { counts[f.severity, default: 0] += 1 }
            for v in t.vulnerabilities { counts[v.severity, default: 0] += 1 }
        }
        self.vulnerabilities = targets.reduce(0) { $0 + $1.vulnerabilities.count }
        self.bySeverity = counts
    }

    /// Number of findings at or above `threshold`.
    public func count(atLeast threshold: Severity) -> Int {
        bySeverity.reduce(0) { $0 + ($1.key >= threshold ? $1.value : 0) }
    }

    /// Severities from worst to least, with their counts (zeros included), for tables.
    public var orderedCounts: [(Severity, Int)] {
        Severity.allCases.reversed().map { ($0, bySeverity[$0] ?? 0) }
    }
}

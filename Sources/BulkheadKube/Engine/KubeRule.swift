import BulkheadCore

/// One problem a Kubernetes rule found: the message and the node it is about (whose line and
/// column the finding reports), with the field path from the object's root.
public struct KubeHit: Sendable, Hashable {
    public var message: String
    public var line: Int
    public var column: Int
    public var fieldPath: String
    /// Overrides the rule's severity (Pod Security: baseline vs restricted).
    public var severity: Severity?

    public init(_ message: String, at node: KubeNode?, path: String, severity: Severity? = nil, fallback: KubeNode) {
        self.message = message
        line = node?.line ?? fallback.line
        column = node?.column ?? fallback.column
        fieldPath = path
        self.severity = severity
    }

    public init(_ message: String, key entry: KubeNode.Entry, path: String, severity: Severity? = nil) {
        self.message = message
        line = entry.keyLine
        column = entry.keyColumn
        fieldPath = path
        self.severity = severity
    }
}

/// A Kubernetes check: metadata plus a pure function of one object and the whole set of
/// objects scanned together (NetworkPolicy coverage, PodDisruptionBudgets and namespace labels
/// need the others).
public protocol KubeRule: Sendable {
    var metadata: RuleMetadata { get }
    func check(_ document: KubeDocument, in context: KubeContext) -> [KubeHit]
}

/// What an audit knows beyond one object.
public struct KubeContext: Sendable {
    public var documents: [KubeDocument]
    public var options: KubeAuditOptions
    /// Namespace objects by name.
    public var namespaces: [String: KubeDocument]
    /// Indices into ``documents`` by kind, so rules that relate objects (policies selecting
    /// workloads, bindings naming roles) visit only the kind they need, not every object.
    private var byKind: [String: [Int]]

    public init(documents: [KubeDocument], options: KubeAuditOptions) {
        self.documents = documents
        self.options = options
        var ns: [String: KubeDocument] = [:]
        var byKind: [String: [Int]] = [:]
        for (i, d) in documents.enumerated() {
            let kind = d.kind
            byKind[kind, default: []].append(i)
            if kind == "Namespace", !d.name.isEmpty { ns[d.name] = d }
        }
        namespaces = ns
        self.byKind = byKind
    }

    /// The objects of one kind, in scan order.
    public func documents(ofKind kind: String) -> LazyMapSequence<[Int], KubeDocument> {
        (byKind[kind] ?? []).lazy.map { documents[$0] }
    }

    /// The namespace an object lands in: its own, else `default`.
    public func namespace(of d: KubeDocument) -> String { d.namespace ?? "default" }
}

/// Options of one audit (`bulkhead k8s`).
public struct KubeAuditOptions: Sendable, Hashable {
    /// Pod Security level when the namespace has no `pod-security.kubernetes.io/enforce` label.
    public var pssLevel: String
    /// Pod Security version (`v1.37`, `latest`) when the namespace does not pin one.
    public var pssVersion: String

    public init(pssLevel: String = "restricted", pssVersion: String = "latest") {
        self.pssLevel = pssLevel
        self.pssVersion = pssVersion
    }
}

/// Runs every rule over every object and turns hits into findings with file, line, column and
/// field path; load errors become diagnostics.
public struct KubeAuditor: Sendable {
    public var rules: [any KubeRule]
    public var options: KubeAuditOptions

    public init(rules: [any KubeRule] = KubeRules.all, options: KubeAuditOptions = KubeAuditOptions()) {
        self.rules = rules
        self.options = options
    }

    /// Audits the documents of several files together; one report target per file.
    public func audit(files: [(name: String, documents: [KubeDocument], errors: [KubeLoadError])]) -> [Report.Target] {
        let all = files.flatMap(\.documents)
        let context = KubeContext(documents: all, options: options)
        // Files are audited on every core (rules only read the shared context); results keep
        // the files' order.
        return files.concurrentMap { audit($0, context: context) }
    }

    private func audit(_ file: (name: String, documents: [KubeDocument], errors: [KubeLoadError]),
                       context: KubeContext) -> Report.Target {
        var findings: [Finding] = []
        var occurrences: [String: Int] = [:]
        for doc in file.documents {
            for rule in rules {
                for hit in rule.check(doc, in: context) {
                    let meta = rule.metadata
                    let contextKey = "\(doc.displayName)\u{1F}\(hit.fieldPath)\u{1F}\(hit.message)"
                    let n = occurrences[meta.id.rawValue + contextKey, default: 0]
                    occurrences[meta.id.rawValue + contextKey] = n + 1
                    let location = SourceLocation(
                        file: doc.file,
                        range: SourceRange(line: max(hit.line, 1), column: max(hit.column, 1)),
                        fieldPath: hit.fieldPath)
                    findings.append(Finding(
                        ruleID: meta.id, severity: hit.severity ?? meta.severity, title: meta.title,
                        message: "\(doc.displayName): \(hit.message)", location: location, fix: meta.fix,
                        aliases: meta.references.compactMap { $0.aliasID?.rawValue },
                        fingerprint: Finding.computeFingerprint(ruleID: meta.id, file: doc.file,
                                                                context: contextKey, occurrence: n)))
                }
            }
        }
        let diagnostics = file.errors.map { e in
            Diagnostic(code: "k8s-load", level: .error, message: e.message,
                       location: SourceLocation(file: e.file, line: max(e.line, 1), column: max(e.column, 1)))
        }
        return Report.Target(name: file.name, kind: .kubernetes, findings: findings, diagnostics: diagnostics)
    }
}

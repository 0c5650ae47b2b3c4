import BulkheadCore

/// Pod Security Standards as a rule: every check the pod fails at the level and version that
/// apply to it. A Namespace in the same scan with `pod-security.kubernetes.io/enforce` (and
/// `enforce-version`) decides for its workloads; otherwise `--pss-level`/`--pss-version`.
struct PodSecurityRule: KubeRule {
    static let all: [any KubeRule] = [PodSecurityRule()]

    let metadata = kubeRule(
        "KS100", "pod-security-standards", "Pod violates the Pod Security Standards", .high, .privilege,
        rationale: "The Pod Security Standards are Kubernetes' own definition of a safe pod: baseline blocks known privilege escalations (privileged, host namespaces, hostPath, dangerous capabilities), restricted adds current hardening (non-root, no privilege escalation, seccomp, dropped capabilities). The checks are those of the pod-security-admission library, version by version.",
        fix: "Apply the securityContext changes named in the message (`bulkhead k8s --pss-level restricted` lists them all).",
        references: [.url("https://kubernetes.io/docs/concepts/security/pod-security-standards/"), .trivy("KSV001..KSV030")])

    /// The level and version for a workload: its namespace's labels when the scan has them.
    static func policy(for doc: KubeDocument, in context: KubeContext) -> (PSSLevel, PSSVersion)? {
        var levelText = context.options.pssLevel
        var versionText = context.options.pssVersion
        if let ns = context.namespaces[context.namespace(of: doc)] {
            let labels = ns.root[path: "metadata.labels"]
            if let l = labels?["pod-security.kubernetes.io/enforce"]?.string { levelText = l }
            if let v = labels?["pod-security.kubernetes.io/enforce-version"]?.string { versionText = v }
        }
        guard let level = PSSLevel(rawValue: levelText) else { return nil }
        return (level, PSSVersion(versionText) ?? .latest)
    }

    func check(_ document: KubeDocument, in context: KubeContext) -> [KubeHit] {
        guard let view = document.podTemplate, let (level, version) = Self.policy(for: document, in: context),
              level != .privileged else { return [] }
        // A check that the pod also fails at baseline (or a restricted check standing in for
        // one, like restrictedVolumes for hostPathVolumes) is a baseline violation: high.
        let baselineFailed = Set(PodSecurity.evaluate(view, level: .baseline, version: version)
            .filter { !$0.allowed }.map(\.checkID))
        return PodSecurity.evaluate(view, level: level, version: version).filter { !$0.allowed }.map { r in
            let isBaseline = baselineFailed.contains(r.checkID) || r.overrides.contains(where: baselineFailed.contains)
            let severity: Severity = isBaseline ? .high : .medium
            let message = "\(level.rawValue) \(version) \(r.checkID): \(r.reason)\(r.detail.isEmpty ? "" : " (\(r.detail))")"
            if let field = r.fields.first {
                var hit = KubeHit(message, at: nil, path: field.path, severity: severity, fallback: view.spec)
                if field.line > 0 {
                    hit.line = field.line
                    hit.column = field.column
                }
                return hit
            }
            return KubeHit(message, at: view.spec, path: view.specPath, severity: severity, fallback: document.root)
        }
    }
}

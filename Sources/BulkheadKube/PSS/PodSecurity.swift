/// Kubernetes Pod Security Standards, decided as `k8s.io/pod-security-admission` decides them:
/// the same checks, ids, version ranges and allowed values, over a manifest as written.
///
/// A pod is allowed at a level and version when every result of ``evaluate(podMetadata:podSpec:level:version:specPath:metadataPath:)``
/// is allowed. `privileged` runs no checks.
public enum PodSecurity {
    /// Every check upstream registers by default (experimental checks are not part of a level).
    static let allChecks: [PSSCheck] = [
        .allowPrivilegeEscalation, .appArmorProfile, .capabilitiesBaseline, .capabilitiesRestricted,
        .hostNamespaces, .hostPathVolumes, .hostPorts, .hostProbesAndHostLifecycle, .privileged,
        .procMount, .procMountRestricted, .restrictedVolumes, .runAsNonRoot, .runAsUser,
        .seLinuxOptions, .seccompProfileBaseline, .seccompProfileRestricted, .sysctls, .windowsHostProcess,
    ]

    /// The version a request is evaluated at: versions past the newest policy change use it.
    public static func effectiveVersion(_ version: PSSVersion) -> PSSVersion {
        min(version, .latest)
    }

    /// The checks in force at a level and version, in upstream's order (baseline ids sorted,
    /// then restricted ids sorted). At restricted, baseline checks replaced by a restricted
    /// check in force are left out.
    static func checks(level: PSSLevel, version: PSSVersion) -> [(check: PSSCheck, implementation: PSSCheckVersion)] {
        guard level != .privileged else { return [] }
        let version = effectiveVersion(version)
        let inForce = allChecks.compactMap { check in check.implementation(at: version).map { (check, $0) } }
        let baseline = inForce.filter { $0.0.level == .baseline }
        guard level == .restricted else { return baseline.sorted { PSSText.byteOrder($0.0.id, $1.0.id) } }
        let restricted = inForce.filter { $0.0.level == .restricted }
        let overridden = Set(restricted.flatMap { $0.1.overrides })
        return baseline.filter { !overridden.contains($0.0.id) }.sorted { PSSText.byteOrder($0.0.id, $1.0.id) }
            + restricted.sorted { PSSText.byteOrder($0.0.id, $1.0.id) }
    }

    /// The ids of the checks that run at a level and version.
    public static func checkIDs(level: PSSLevel, version: PSSVersion) -> [String] {
        checks(level: level, version: version).map(\.check.id)
    }

    /// Runs every check of `level` at `version` (baseline checks are part of restricted) and
    /// returns one result per check, allowed or not.
    ///
    /// - Parameters:
    ///   - podMetadata: the pod's `metadata` (annotations carry the legacy AppArmor and seccomp
    ///     settings); nil when the manifest has none.
    ///   - podSpec: the pod spec, from a Pod or a workload's pod template.
    ///   - specPath: where `podSpec` sits, for field paths (`spec.template.spec` in a Deployment).
    ///   - metadataPath: where `podMetadata` sits; by default the sibling of `specPath`.
    public static func evaluate(podMetadata: KubeNode?, podSpec: KubeNode, level: PSSLevel, version: PSSVersion,
                                specPath: String = "spec", metadataPath: String? = nil) -> [PSSCheckResult] {
        let checks = checks(level: level, version: version)
        guard !checks.isEmpty else { return [] }
        let pod = PSSPod(metadata: podMetadata, spec: podSpec, specPath: specPath,
                         metadataPath: metadataPath ?? siblingMetadataPath(of: specPath))
        return checks.map { check, implementation in
            let verdict = implementation.run(pod)
            return PSSCheckResult(checkID: check.id, level: check.level, allowed: verdict.allowed,
                                  reason: verdict.allowed ? "" : verdict.reason,
                                  detail: verdict.allowed ? "" : verdict.detail,
                                  fields: verdict.allowed ? [] : verdict.fields,
                                  overrides: implementation.overrides)
        }
    }

    /// Evaluates the pod of a workload (Pod, Deployment, CronJob, …) as located by ``PodTemplateView``.
    public static func evaluate(_ pod: PodTemplateView, level: PSSLevel, version: PSSVersion) -> [PSSCheckResult] {
        evaluate(podMetadata: pod.metadata, podSpec: pod.spec, level: level, version: version,
                 specPath: pod.specPath, metadataPath: pod.metadataPath)
    }

    /// True when no result denies.
    public static func isAllowed(_ results: [PSSCheckResult]) -> Bool {
        results.allSatisfy(\.allowed)
    }

    /// Upstream's one-line summary of the denials: `reason (detail), reason (detail)`; empty
    /// when allowed.
    public static func summary(_ results: [PSSCheckResult]) -> String {
        results.filter { !$0.allowed }.map { r in
            let reason = r.reason.isEmpty ? "unknown forbidden reason" : r.reason
            return r.detail.isEmpty ? reason : "\(reason) (\(r.detail))"
        }.joined(separator: ", ")
    }

    /// `spec` → `metadata`; `spec.template.spec` → `spec.template.metadata`.
    static func siblingMetadataPath(of specPath: String) -> String {
        guard let dot = specPath.lastIndex(of: ".") else { return "metadata" }
        return specPath[..<dot] + ".metadata"
    }
}

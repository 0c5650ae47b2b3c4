@testable import BulkheadKube
import BulkheadTesting
import Foundation
import Testing

/// Polaris' labelled check cases (`k8s-manifests/polaris/test-checks/<check>/{success,failure}*.yaml`)
/// against the Bulkhead rule that covers the same check: a failure file must raise it, a
/// success file must not. Deliberate differences are listed with the reason.
@Suite struct PolarisAgreementTests {
    /// Polaris check → (Bulkhead rule, text the message must contain: the PSS check id for KS100).
    static let mapping: [String: (rule: String, needle: String)] = [
        "hostIPCSet": ("KS100", "hostNamespaces:"), "hostPIDSet": ("KS100", "hostNamespaces:"),
        "hostNetworkSet": ("KS100", "hostNamespaces:"), "hostPathSet": ("KS100", "Volumes:"),
        "hostPortSet": ("KS100", "hostPorts:"), "hostProcess": ("KS100", "windowsHostProcess:"),
        "runAsPrivileged": ("KS100", "privileged:"), "privilegeEscalationAllowed": ("KS100", "allowPrivilegeEscalation:"),
        "runAsRootAllowed": ("KS100", "runAsNonRoot:"), "procMount": ("KS100", "procMount"),
        "dangerousCapabilities": ("KS209", ""), "notReadOnlyRootFilesystem": ("KS208", ""),
        "cpuLimitsMissing": ("KS204", "cpu"), "memoryLimitsMissing": ("KS204", "memory"),
        "cpuRequestsMissing": ("KS205", "cpu"), "memoryRequestsMissing": ("KS205", "memory"),
        "livenessProbeMissing": ("KS206", ""), "readinessProbeMissing": ("KS207", ""),
        "tagNotSpecified": ("KS201", ""), "pullPolicyNotAlways": ("KS203", ""),
        "automountServiceAccountToken": ("KS210", ""), "missingNetworkPolicy": ("KS215", ""),
        "missingPodDisruptionBudget": ("KS214", ""),
        "clusterrolebindingClusterAdmin": ("KS306", ""), "rolebindingClusterAdminClusterRole": ("KS306", ""),
        "clusterrolePodExecAttach": ("KS303", ""), "rolePodExecAttach": ("KS303", ""),
        "sensitiveContainerEnvVar": ("KS401", ""), "sensitiveConfigmapContent": ("KS402", ""),
        "tlsSettingsMissing": ("KS216", ""),
    ]

    /// Cases where Bulkhead decides differently on purpose.
    static let deliberate: [String: String] = [
        "missingNetworkPolicy/failure.netpol_missing_egress_rules.yaml":
            "policyTypes Egress with no egress rules denies all egress: the pod is isolated (Kubernetes semantics)",
        "missingNetworkPolicy/failure.netpol_missing_ingress_rules.yaml":
            "policyTypes Ingress with no ingress rules denies all ingress: the pod is isolated",
        "missingPodDisruptionBudget/failure-bad-ns.yaml": "KS214 asks for a PDB only when replicas > 1",
        "missingPodDisruptionBudget/failure.bad-name.yaml": "KS214 asks for a PDB only when replicas > 1",
        "missingPodDisruptionBudget/failure.empty-labels.yaml": "KS214 asks for a PDB only when replicas > 1",
        "missingPodDisruptionBudget/failure.no-labels.yaml": "KS214 asks for a PDB only when replicas > 1",
        "missingPodDisruptionBudget/failure.no-metadata.yaml": "KS214 asks for a PDB only when replicas > 1",
        "missingPodDisruptionBudget/failure.wrong-place.yaml": "KS214 asks for a PDB only when replicas > 1",
        "missingPodDisruptionBudget/failure.yaml": "KS214 asks for a PDB only when replicas > 1",
        "pullPolicyNotAlways/failure.yaml": "an untagged image defaults to imagePullPolicy Always: KS203 checks the effective policy",
        "pullPolicyNotAlways/failure.cron-job.yaml": "an untagged image defaults to imagePullPolicy Always",
    ]

    @Test func labelledCasesAgree() throws {
        var checked = 0
        var disagreements: [String] = []
        let root = Corpus.url("k8s-manifests/polaris/test-checks")
        for (check, target) in Self.mapping.sorted(by: { $0.key < $1.key }) {
            let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(check).path)
                .filter { $0.hasPrefix("success") || $0.hasPrefix("failure") }.sorted()
            #expect(!files.isEmpty, "\(check)")
            for file in files {
                let text = try String(contentsOf: root.appendingPathComponent("\(check)/\(file)"), encoding: .utf8)
                let (docs, errors) = KubeDocumentLoader.load(text: text, file: file)
                #expect(errors.isEmpty, "\(check)/\(file): \(errors)")
                let findings = KubeAuditor().audit(files: [(file, docs, errors)]).flatMap(\.findings)
                let hit = findings.contains { $0.ruleID.rawValue == target.rule && (target.needle.isEmpty || $0.message.contains(target.needle)) }
                checked += 1
                if hit != file.hasPrefix("failure") { disagreements.append("\(check)/\(file)") }
            }
        }
        #expect(checked == 161)
        #expect(disagreements.sorted() == Self.deliberate.keys.sorted())
    }
}

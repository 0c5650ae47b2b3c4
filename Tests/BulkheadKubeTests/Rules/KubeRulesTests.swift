import BulkheadCore
@testable import BulkheadKube
import Testing

/// Each rule family on small manifests whose answers follow from the Kubernetes API semantics;
/// every finding's line must be the line of the offending field.
@Suite struct KubeRulesTests {
    func audit(_ text: String, options: KubeAuditOptions = KubeAuditOptions()) -> [Finding] {
        let (docs, errors) = KubeDocumentLoader.load(text: text, file: "m.yaml")
        #expect(errors.isEmpty, "\(errors)")
        return KubeAuditor(options: options).audit(files: [("m.yaml", docs, errors)]).flatMap(\.findings)
    }

    func lines(_ findings: [Finding], _ rule: String) -> [Int] {
        findings.filter { $0.ruleID.rawValue == rule }.compactMap { $0.location.range?.start.line }.sorted()
    }

    static let app = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/enforce-version: v1.29
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 3
          template:
            metadata:
              labels: {app: web}
            spec:
              hostNetwork: true
              containers:
                - name: app
                  image: registry.example/web:latest
                  env:
                    - name: DB_PASSWORD
                      value: hunter2-but-longer
                    - name: LOG_LEVEL
                      value: debug
                  securityContext:
                    capabilities:
                      add: [NET_ADMIN]
              volumes:
                - name: sock
                  hostPath: {path: /var/run/docker.sock}
        """

    @Test func findingsPointAtTheOffendingLines() {
        let f = audit(Self.app)
        // The namespace label selects baseline v1.29: hostNetwork (line 20), NET_ADMIN (line 31), hostPath (line 34).
        #expect(lines(f, "KS100") == [20, 31, 34], "\(f.filter { $0.ruleID.rawValue == "KS100" }.map(\.message))")
        #expect(f.filter { $0.ruleID.rawValue == "KS100" }.allSatisfy { $0.message.contains("baseline v1.29") && $0.severity == .high })
        #expect(lines(f, "KS201") == [23])
        #expect(lines(f, "KS401") == [26])
        #expect(f.first { $0.ruleID.rawValue == "KS401" }?.message.contains("hunter2") == false, "values are redacted")
        #expect(lines(f, "KS209") == [31])
        #expect(lines(f, "KS212") == [34])
        #expect(lines(f, "KS214") == [15])
        #expect(f.allSatisfy { $0.location.file == "m.yaml" })
        #expect(f.first { $0.ruleID.rawValue == "KS212" }?.location.fieldPath == "spec.template.spec.volumes[0].hostPath.path")
    }

    @Test func restrictedByDefaultAndPrivilegedTurnsPSSOff() {
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: team}
            spec:
              containers: [{name: c, image: "x:1"}]
            """
        #expect(audit(pod).contains { $0.ruleID.rawValue == "KS100" && $0.message.contains("restricted v1.37 runAsNonRoot") })
        #expect(!audit(pod, options: KubeAuditOptions(pssLevel: "privileged")).contains { $0.ruleID.rawValue == "KS100" })
        #expect(!audit(pod, options: KubeAuditOptions(pssLevel: "baseline")).contains { $0.ruleID.rawValue == "KS100" })
    }

    @Test func rbac() {
        let text = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: ops}
            rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [get, list]
              - apiGroups: [""]
                resources: [pods/exec]
                verbs: [create]
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: [impersonate]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: ops-admin}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects:
              - {kind: User, name: alice}
              - {kind: Group, name: "system:masters"}
              - {kind: Group, name: "system:unauthenticated"}
            """
        let f = audit(text)
        #expect(lines(f, "KS302") == [5])
        #expect(lines(f, "KS303") == [8])
        #expect(lines(f, "KS304") == [11])
        #expect(lines(f, "KS301") == [11])
        #expect(lines(f, "KS306") == [20], "alice; system: subjects are left to KS307 (anonymous) or are the platform's")
        #expect(lines(f, "KS307") == [22])
    }

    @Test func secretsInConfigMapsAndCommittedSecrets() {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: a}
            data:
              API_TOKEN: abcdef123456
              GREETING: hello
              KEY_FILE_PATH: /etc/key
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: a}
            stringData:
              password: s3cr3t-value
            """
        let f = audit(text)
        #expect(lines(f, "KS402") == [5])
        #expect(lines(f, "KS403") == [13])
    }

    @Test func networkPolicyIsolationIsPerDirection() {
        func workload(_ policies: String) -> [Int] {
            lines(audit("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: n, labels: {app: a}}
                spec: {containers: [{name: c, image: "x:1"}]}
                \(policies)
                """), "KS215")
        }
        #expect(workload("") == [3])
        let ingressOnly = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-in, namespace: n}
            spec: {podSelector: {}}
            """
        #expect(workload(ingressOnly) == [3], "an Ingress-only policy leaves egress open")
        let both = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: n}
            spec: {podSelector: {matchLabels: {app: a}}, policyTypes: [Ingress, Egress]}
            """
        #expect(workload(both).isEmpty)
        let otherNamespace = both.replacingOccurrences(of: "namespace: n}", with: "namespace: other}")
        #expect(workload(otherNamespace) == [3])
    }

    @Test func lowUIDsAndIngressTLS() {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: n}
            spec:
              securityContext: {runAsUser: 1000}
              containers:
                - {name: a, image: "x:1"}
                - name: b
                  image: "x:1"
                  securityContext: {runAsUser: 20000}
                - name: c
                  image: "x:1"
                  securityContext: {runAsUser: 0}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: i, namespace: n}
            spec:
              rules: [{host: a.example}]
            """
        let f = audit(text)
        #expect(lines(f, "KS217") == [5], "a inherits the pod's 1000; b is high; c's 0 is KS100's")
        #expect(lines(f, "KS216") == [19])
    }
}

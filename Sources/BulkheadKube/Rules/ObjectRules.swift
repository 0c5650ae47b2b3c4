import BulkheadCore

/// A rule over whole objects.
struct ObjectRule: KubeRule {
    let metadata: RuleMetadata
    let body: @Sendable (_ doc: KubeDocument, _ context: KubeContext) -> [KubeHit]

    func check(_ document: KubeDocument, in context: KubeContext) -> [KubeHit] { body(document, context) }
}

/// Label selector matching (`matchLabels` and `matchExpressions`), as NetworkPolicy and
/// PodDisruptionBudget selectors use it. An empty selector selects everything.
func selects(_ selector: KubeNode?, _ labels: [String: String]) -> Bool {
    guard let selector else { return true }
    for e in selector["matchLabels"]?.entries ?? [] where labels[e.key] != e.value.string { return false }
    for expr in selector["matchExpressions"]?.items ?? [] {
        guard let key = expr["key"]?.string, let op = expr["operator"]?.string else { return false }
        let values = (expr["values"]?.items ?? []).compactMap(\.string)
        switch op {
        case "In": if !(labels[key].map(values.contains) ?? false) { return false }
        case "NotIn": if let v = labels[key], values.contains(v) { return false }
        case "Exists": if labels[key] == nil { return false }
        case "DoesNotExist": if labels[key] != nil { return false }
        default: return false
        }
    }
    return true
}

func labels(_ node: KubeNode?) -> [String: String] {
    var out: [String: String] = [:]
    for e in node?["labels"]?.entries ?? [] { out[e.key] = e.value.string ?? "" }
    return out
}

enum ObjectRules {
    static let workloadKinds: Set<String> = ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
                                             "CronJob", "ReplicationController"]

    static let automount = ObjectRule(metadata: kubeRule(
        "KS210", "service-account-token-mounted", "Service account token is mounted automatically", .low, .privilege,
        rationale: "Most workloads never call the Kubernetes API; an auto-mounted token is a credential an intruder can use against the cluster.",
        fix: "Set `automountServiceAccountToken: false` on the pod (or its ServiceAccount) unless it needs the API.",
        references: [.checkov("CKV_K8S_38"), .trivy("KSV036")])) { doc, context in
        guard let view = doc.podTemplate else { return [] }
        let podSetting = view.spec["automountServiceAccountToken"]?.bool
        guard podSetting != false else { return [] }
        // The pod's own setting wins; without one, a ServiceAccount in the same scan that
        // disables automounting covers its pods.
        let sa = view.spec["serviceAccountName"]?.string ?? view.spec["serviceAccount"]?.string ?? "default"
        let ns = context.namespace(of: doc)
        if podSetting == nil, context.documents(ofKind: "ServiceAccount").contains(where: { $0.name == sa
            && context.namespace(of: $0) == ns && $0.root["automountServiceAccountToken"]?.bool == false }) { return [] }
        return [KubeHit("pod mounts the service account token of '\(sa)'", at: view.spec["serviceAccountName"] ?? view.spec,
                        path: view.specPath + ".automountServiceAccountToken", fallback: doc.root)]
    }

    static let defaultNamespace = ObjectRule(metadata: kubeRule(
        "KS211", "default-namespace", "Object in the default namespace, or in no stated namespace", .low, .hygiene,
        rationale: "The default namespace mixes unrelated workloads under one set of RBAC and network policies; an object without `metadata.namespace` lands in whatever namespace the deploying context has, usually default.",
        fix: "Give every workload its own namespace and state it (`metadata.namespace`).",
        references: [.checkov("CKV_K8S_21"), .trivy("KSV110")])) { doc, _ in
        guard workloadKinds.contains(doc.kind) || doc.kind == "Service" || doc.kind == "ConfigMap" || doc.kind == "Secret"
        else { return [] }
        if let entry = doc.root["metadata"]?.entry("namespace"), entry.value.string != nil {
            guard entry.value.string == "default" else { return [] }
            return [KubeHit("is in the 'default' namespace", at: entry.value, path: "metadata.namespace", fallback: doc.root)]
        }
        return [KubeHit("states no namespace: it lands in the deploying context's (default unless -n is given)",
                        at: doc.root["metadata"], path: "metadata.namespace", fallback: doc.root)]
    }

    /// Host paths that hand the node to whoever mounts them.
    static let sensitiveHostPaths = ["/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd",
                                     "/run/containerd", "/var/run/crio", "/run/crio", "/var/lib/kubelet", "/etc",
                                     "/proc", "/sys", "/root", "/var/run", "/run", "/var/lib/docker", "/boot", "/dev", "/"]

    static let hostPath = ObjectRule(metadata: kubeRule(
        "KS212", "sensitive-host-path", "Pod mounts a sensitive host path", .critical, .privilege,
        rationale: "The container runtime socket, `/`, `/etc`, `/proc`, `/var/lib/kubelet` and similar host paths give the pod control of its node.",
        fix: "Remove the hostPath volume; use a CSI driver, a projected volume or an API instead.",
        references: [.checkov("CKV_K8S_27"), .trivy("KSV006"), .trivy("KSV121")])) { doc, _ in
        guard let view = doc.podTemplate else { return [] }
        return (view.spec["volumes"]?.items ?? []).enumerated().compactMap { i, v in
            guard let hp = v[path: "hostPath.path"]?.string else { return nil }
            let normalized = hp.count > 1 && hp.hasSuffix("/") ? String(hp.dropLast()) : hp
            guard sensitiveHostPaths.contains(where: { normalized == $0 || ($0 != "/" && normalized.hasPrefix($0 + "/") && $0.count > 4) })
            else { return nil }
            return KubeHit("volume '\(v["name"]?.string ?? "?")' mounts host path \(hp)", at: v[path: "hostPath.path"],
                           path: "\(view.specPath).volumes[\(i)].hostPath.path", fallback: v)
        }
    }

    static let exposedService = ObjectRule(metadata: kubeRule(
        "KS213", "service-exposed-outside", "Service is exposed outside the cluster", .info, .network,
        rationale: "NodePort and LoadBalancer services open ports on every node or on the internet; they should be deliberate.",
        fix: "Use ClusterIP behind an Ingress or Gateway with TLS and authentication, or restrict loadBalancerSourceRanges.",
        references: [.checkov("CKV_K8S_44")])) { doc, _ in
        guard doc.kind == "Service", let type = doc.root[path: "spec.type"]?.string,
              type == "NodePort" || type == "LoadBalancer" else { return [] }
        if type == "LoadBalancer", !(doc.root[path: "spec.loadBalancerSourceRanges"]?.items.isEmpty ?? true) { return [] }
        return [KubeHit("type \(type) exposes the service outside the cluster", at: doc.root[path: "spec.type"],
                        path: "spec.type", fallback: doc.root)]
    }

    static let pdb = ObjectRule(metadata: kubeRule(
        "KS214", "replicas-without-pdb", "Replicated workload has no PodDisruptionBudget", .info, .reliability,
        rationale: "Without a PodDisruptionBudget a node drain can take every replica down at once.",
        fix: "Add a PodDisruptionBudget whose selector matches the workload's pods.",
        references: [.url("https://kube-score.com (deployment-has-poddisruptionbudget)")])) { doc, context in
        guard doc.kind == "Deployment" || doc.kind == "StatefulSet", (doc.root[path: "spec.replicas"]?.int ?? 1) > 1,
              let view = doc.podTemplate else { return [] }
        let podLabels = labels(view.metadata)
        let ns = context.namespace(of: doc)
        let covered = context.documents(ofKind: "PodDisruptionBudget").contains { d in
            context.namespace(of: d) == ns && d.root[path: "spec.selector"] != nil
                && selects(d.root[path: "spec.selector"], podLabels)
        }
        return covered ? [] : [KubeHit("\(doc.root[path: "spec.replicas"]?.int ?? 0) replicas and no PodDisruptionBudget selects them",
                                       at: doc.root[path: "spec.replicas"], path: "spec.replicas", fallback: doc.root)]
    }

    /// The directions a NetworkPolicy isolates: its `policyTypes`, or, when absent, Ingress
    /// always and Egress when it has egress rules (the API's defaulting).
    static func isolatedDirections(_ policy: KubeDocument) -> Set<String> {
        if let types = policy.root[path: "spec.policyTypes"]?.items, !types.isEmpty {
            return Set(types.compactMap(\.string))
        }
        return policy.root[path: "spec.egress"] != nil ? ["Ingress", "Egress"] : ["Ingress"]
    }

    static let networkPolicy = ObjectRule(metadata: kubeRule(
        "KS215", "no-network-policy", "Workload's pods are not isolated by a NetworkPolicy", .medium, .network,
        rationale: "Pods no NetworkPolicy isolates accept traffic from every pod in the cluster (ingress) or may reach anything, including the cloud metadata service (egress): one compromised pod reaches them all.",
        fix: "Add NetworkPolicies (a default-deny per namespace plus explicit allows) that select these pods for Ingress and Egress.",
        references: [.checkov("CKV_K8S_156"), .trivy("KSV038")])) { doc, context in
        guard workloadKinds.contains(doc.kind), let view = doc.podTemplate else { return [] }
        let podLabels = labels(view.metadata)
        let ns = context.namespace(of: doc)
        var covered: Set<String> = []
        for d in context.documents(ofKind: "NetworkPolicy") where context.namespace(of: d) == ns
            && selects(d.root[path: "spec.podSelector"], podLabels) {
            covered.formUnion(isolatedDirections(d))
        }
        let missing = ["Ingress", "Egress"].filter { !covered.contains($0) }
        guard !missing.isEmpty else { return [] }
        let what = missing.map { $0.lowercased() }.joined(separator: " and ")
        return [KubeHit("no NetworkPolicy in namespace '\(ns)' isolates its pods' \(what)", at: view.metadata,
                        path: view.metadataPath + ".labels", fallback: doc.root)]
    }

    static let ingressTLS = ObjectRule(metadata: kubeRule(
        "KS216", "ingress-without-tls", "Ingress serves plain HTTP (no TLS)", .medium, .network,
        rationale: "An Ingress without `tls` sends credentials, cookies and data in clear text between clients and the cluster edge.",
        fix: "Add `spec.tls` with the hosts and a certificate Secret (cert-manager can issue it).",
        references: [.url("https://polaris.docs.fairwinds.com (tlsSettingsMissing)")])) { doc, _ in
        guard doc.kind == "Ingress" else { return [] }
        if let tls = doc.root[path: "spec.tls"]?.items, !tls.isEmpty { return [] }
        return [KubeHit("has no spec.tls: traffic is served over plain HTTP", at: doc.root["spec"],
                        path: "spec.tls", fallback: doc.root)]
    }

    static let lowUID = ObjectRule(metadata: kubeRule(
        "KS217", "low-user-id", "Container runs with a low user id", .low, .privilege,
        rationale: "UIDs below 10000 overlap the node's own users: after a container escape the process is that host user, and host files owned by it are its files.",
        fix: "Run as a high, unprivileged UID (`securityContext.runAsUser: 10001` or above).",
        references: [.checkov("CKV_K8S_40"), .trivy("KSV020")])) { doc, _ in
        guard let view = doc.podTemplate else { return [] }
        let podUID = view.spec[path: "securityContext.runAsUser"]
        return view.containers.compactMap { c in
            let own = c.node[path: "securityContext.runAsUser"]
            // UID 0 is the Pod Security runAsUser check's (KS100); unset UIDs come from the image.
            guard let node = own ?? podUID, let uid = node.int, uid > 0, uid < 10_000 else { return nil }
            let path = own != nil ? "\(view.path(c)).securityContext.runAsUser" : "\(view.specPath).securityContext.runAsUser"
            return KubeHit("container '\(containerName(c.node))' runs as UID \(uid)", at: node, path: path, fallback: c.node)
        }
    }

    static let all: [any KubeRule] = [automount, defaultNamespace, hostPath, exposedService, pdb, networkPolicy, ingressTLS,
                                      lowUID]
}

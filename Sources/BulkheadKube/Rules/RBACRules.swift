import BulkheadCore

/// Role and ClusterRole rules with their positions.
func policyRules(_ doc: KubeDocument) -> [(index: Int, rule: KubeNode, verbs: [String], resources: [String], groups: [String])] {
    guard doc.kind == "Role" || doc.kind == "ClusterRole" else { return [] }
    return (doc.root["rules"]?.items ?? []).enumerated().map { i, r in
        (i, r, (r["verbs"]?.items ?? []).compactMap(\.string), (r["resources"]?.items ?? []).compactMap(\.string),
         (r["apiGroups"]?.items ?? []).compactMap(\.string))
    }
}

enum RBACRules {
    static let wildcard = ObjectRule(metadata: kubeRule(
        "KS301", "rbac-wildcard", "Role grants wildcard verbs or resources", .high, .privilege,
        rationale: "`*` grants every current and future verb or resource, including ones that did not exist when the role was written.",
        fix: "List the verbs and resources the subject needs.", references: [.checkov("CKV_K8S_49"), .trivy("KSV044"), .trivy("KSV046")])) { doc, _ in
        policyRules(doc).compactMap { r in
            let what = (r.verbs.contains("*") ? ["verbs"] : []) + (r.resources.contains("*") ? ["resources"] : [])
            guard !what.isEmpty else { return nil }
            return KubeHit("rule \(r.index) grants '*' \(what.joined(separator: " and "))", at: r.rule,
                           path: "rules[\(r.index)]", fallback: doc.root)
        }
    }

    static let secretsRead = ObjectRule(metadata: kubeRule(
        "KS302", "rbac-read-secrets", "Role can read Secrets", .medium, .secrets,
        rationale: "get/list/watch on Secrets reads every credential in scope; list and watch return their contents too.",
        fix: "Mount the one Secret the workload needs instead of granting read access to all of them.",
        references: [.trivy("KSV041"), .checkov("CKV2_K8S_5")])) { doc, _ in
        policyRules(doc).compactMap { r in
            guard r.resources.contains("secrets") || r.resources.contains("*"),
                  r.verbs.contains(where: { ["get", "list", "watch", "*"].contains($0) }),
                  r.groups.isEmpty || r.groups.contains("") || r.groups.contains("*") else { return nil }
            return KubeHit("rule \(r.index) can \(r.verbs.joined(separator: "/")) secrets", at: r.rule,
                           path: "rules[\(r.index)]", fallback: doc.root)
        }
    }

    static let execAttach = ObjectRule(metadata: kubeRule(
        "KS303", "rbac-exec-attach", "Role can exec or attach into pods", .high, .privilege,
        rationale: "pods/exec and pods/attach run commands inside any pod in scope, with its service account and secrets.",
        fix: "Grant exec only to break-glass roles, bound to named people.", references: [.trivy("KSV053")])) { doc, _ in
        guard !isBuiltIn(doc) else { return [] }
        return policyRules(doc).compactMap { r in
            let hit = r.resources.filter { ["pods/exec", "pods/attach", "*"].contains($0) }
            guard !hit.isEmpty, r.verbs.contains(where: { ["create", "get", "*"].contains($0) }) else { return nil }
            return KubeHit("rule \(r.index) allows \(hit.joined(separator: ", "))", at: r.rule, path: "rules[\(r.index)]",
                           fallback: doc.root)
        }
    }

    static let escalate = ObjectRule(metadata: kubeRule(
        "KS304", "rbac-escalation-verbs", "Role can escalate, bind or impersonate", .critical, .privilege,
        rationale: "escalate and bind let a subject grant itself any permission; impersonate lets it act as any user or group.",
        fix: "Remove escalate, bind and impersonate except for cluster administration roles.",
        references: [.trivy("KSV043"), .trivy("KSV056")])) { doc, _ in
        policyRules(doc).compactMap { r in
            let verbs = r.verbs.filter { ["escalate", "bind", "impersonate"].contains($0) }
            guard !verbs.isEmpty else { return nil }
            return KubeHit("rule \(r.index) grants \(verbs.joined(separator: ", "))", at: r.rule, path: "rules[\(r.index)]",
                           fallback: doc.root)
        }
    }

    static let workloadsInKubeSystem = ObjectRule(metadata: kubeRule(
        "KS305", "rbac-create-workloads-kube-system", "Role can create workloads in kube-system", .high, .privilege,
        rationale: "Creating pods in kube-system runs code next to the control plane's service accounts and secrets.",
        fix: "Do not grant create on pods or controllers in kube-system.", references: [.trivy("KSV048")])) { doc, _ in
        guard doc.kind == "Role", doc.namespace == "kube-system" else { return [] }
        let workloads: Set<String> = ["pods", "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs", "*"]
        return policyRules(doc).compactMap { r in
            guard r.resources.contains(where: workloads.contains), r.verbs.contains(where: { ["create", "*"].contains($0) })
            else { return nil }
            return KubeHit("rule \(r.index) can create workloads in kube-system", at: r.rule, path: "rules[\(r.index)]",
                           fallback: doc.root)
        }
    }

    static func subjects(_ doc: KubeDocument) -> [(index: Int, node: KubeNode, kind: String, name: String)] {
        (doc.root["subjects"]?.items ?? []).enumerated().map { i, s in (i, s, s["kind"]?.string ?? "", s["name"]?.string ?? "") }
    }

    /// Roles every cluster has (aggregated defaults and `system:` roles): not written by the user.
    /// Platform-managed names: `system:` (Kubernetes), `gce:` (GKE), `eks:` (EKS) roles and bindings.
    static func isBuiltIn(_ doc: KubeDocument) -> Bool {
        ["system:", "gce:", "eks:"].contains(where: doc.name.hasPrefix)
            || (doc.kind == "ClusterRole" && ["admin", "edit", "view", "cluster-admin"].contains(doc.name))
    }

    /// The verbs that make up "everything" when listed one by one instead of `*`.
    static let allVerbs: Set<String> = ["get", "list", "watch", "create", "update", "patch", "delete"]

    /// A role whose rules grant every verb on every resource in every API group.
    static func isClusterAdminEquivalent(_ doc: KubeDocument) -> Bool {
        policyRules(doc).contains {
            ($0.verbs.contains("*") || allVerbs.isSubset(of: $0.verbs)) && $0.resources.contains("*") && $0.groups.contains("*")
        }
    }

    static let clusterAdmin = ObjectRule(metadata: kubeRule(
        "KS306", "rbac-cluster-admin-binding", "cluster-admin is bound to a non-system subject", .critical, .privilege,
        rationale: "cluster-admin is every permission on every resource; bound to a user, group or service account it makes that subject the cluster's owner.",
        fix: "Bind a role that lists what the subject needs.", references: [.checkov("CKV_K8S_157"), .trivy("KSV111")])) { doc, context in
        guard doc.kind == "ClusterRoleBinding" || doc.kind == "RoleBinding", !isBuiltIn(doc),
              let roleName = doc.root[path: "roleRef.name"]?.string else { return [] }
        let roleKind = doc.root[path: "roleRef.kind"]?.string ?? "ClusterRole"
        // cluster-admin itself, or a role in the same scan that grants the same (`*` on `*`).
        let equivalent = roleName == "cluster-admin" || context.documents(ofKind: roleKind).contains { d in
            d.name == roleName && (roleKind == "ClusterRole" || d.namespace == doc.namespace)
                && isClusterAdminEquivalent(d)
        }
        guard equivalent else { return [] }
        return subjects(doc).compactMap { s in
            guard !s.name.hasPrefix("system:") else { return nil }
            return KubeHit("binds \(roleName == "cluster-admin" ? "cluster-admin" : "'\(roleName)' (all verbs on all resources)") to \(s.kind) '\(s.name)'", at: s.node, path: "subjects[\(s.index)]",
                           fallback: doc.root)
        }
    }

    static let anonymous = ObjectRule(metadata: kubeRule(
        "KS307", "rbac-anonymous-binding", "Binding grants permissions to anonymous or unauthenticated users", .critical, .privilege,
        rationale: "system:anonymous and system:unauthenticated are anyone who can reach the API server.",
        fix: "Remove the subject; grant permissions to authenticated identities only.", references: [.trivy("KSV114")])) { doc, _ in
        guard doc.kind == "ClusterRoleBinding" || doc.kind == "RoleBinding" else { return [] }
        return subjects(doc).compactMap { s in
            guard s.name == "system:anonymous" || s.name == "system:unauthenticated" else { return nil }
            return KubeHit("binds \(doc.root[path: "roleRef.name"]?.string ?? "?") to \(s.name)", at: s.node,
                           path: "subjects[\(s.index)]", fallback: doc.root)
        }
    }

    static let all: [any KubeRule] = [wildcard, secretsRead, execAttach, escalate, workloadsInKubeSystem, clusterAdmin, anonymous]
}

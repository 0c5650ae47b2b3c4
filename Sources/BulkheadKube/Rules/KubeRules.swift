/// Every Kubernetes rule, in id order (the one registry the CLI and `bulkhead rules` read).
public enum KubeRules {
    public static let all: [any KubeRule] = (PodSecurityRule.all + WorkloadRules.all + ObjectRules.all
        + RBACRules.all + SecretRules.all).sorted { $0.metadata.id < $1.metadata.id }
}

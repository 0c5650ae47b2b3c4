/// Bulkhead's own security rules (DF3xx): what neither Hadolint nor BuildKit checks.
extension DockerfileRules {
    static let security: [any DockerfileRule.Type] = [
    ]
}

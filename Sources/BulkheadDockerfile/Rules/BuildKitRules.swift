/// BuildKit build checks (DF4xx), with BuildKit's rule names as aliases.
extension DockerfileRules {
    static let buildkit: [any DockerfileRule.Type] = [
    ]
}

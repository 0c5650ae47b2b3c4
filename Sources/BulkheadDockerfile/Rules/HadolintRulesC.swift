/// Hadolint rules about instructions themselves (FROM, COPY, LABEL, EXPOSE, …).
extension DockerfileRules {
    static let hadolintInstructions: [any DockerfileRule.Type] = [
        NoLatestTagRule.self,
    ]
}

/// Hadolint rules that read RUN shell commands (DL3001–DL3034, DL3036–DL3042, DL4001, DL4006 …).
extension DockerfileRules {
    static let hadolintShell: [any DockerfileRule.Type] = [
    ]
}

/// Bulkhead's own security rules (DF3xx): what neither Hadolint nor BuildKit checks.
extension DockerfileRules {
    static let security: [any DockerfileRule.Type] = [
        MissingUserRule.self,
        SecretValueRule.self,
        SecretMountMisuseRule.self,
        CurlPipeShellRule.self,
        AddURLWithoutChecksumRule.self,
        WorldWritableRule.self,
        SudoInstalledRule.self,
        CredentialFileCopiedRule.self,
        SSHPortExposedRule.self,
        BuildToolsInFinalStageRule.self,
        BaseNotPinnedByDigestRule.self,
        HeavyweightBaseRule.self,
    ]
}

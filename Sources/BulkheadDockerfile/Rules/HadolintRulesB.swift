/// Hadolint rules DL3023–DL3045 (Bulkhead DF123–DF145).
extension DockerfileRules {
    static let hadolintB: [any DockerfileRule.Type] = [
        CopyFromOwnStageRule.self,
        DuplicateStageAliasRule.self,
        CmdEntrypointJSONFormRule.self,
        AllowedRegistriesRule.self,
        NoAptCommandRule.self,
        PinGemVersionsRule.self,
        NoFromPlatformFlagRule.self,
        YumAssumeYesRule.self,
        YumCleanAllRule.self,
        PinYumVersionsRule.self,
        ZypperNonInteractiveRule.self,
        NoZypperDistUpgradeRule.self,
        ZypperCleanRule.self,
        PinZypperVersionsRule.self,
        DnfAssumeYesRule.self,
        DnfCleanAllRule.self,
        PinDnfVersionsRule.self,
        PipNoCacheDirRule.self,
        OnbuildForbiddenTriggerRule.self,
        EnvSelfReferenceRule.self,
        CopyRelativeDestinationRule.self,
    ]
}

/// Hadolint rules DL1001 and DL3000–DL3022 (Bulkhead DF001, DF100–DF122).
extension DockerfileRules {
    static let hadolintA: [any DockerfileRule.Type] = [
        NoLatestTagRule.self,
        InlineIgnorePragmaRule.self,
        WorkdirNotAbsoluteRule.self,
        ContainerIrrelevantCommandRule.self,
        LastUserRootRule.self,
        CdInsteadOfWorkdirRule.self,
        SudoInRunRule.self,
        UntaggedBaseImageRule.self,
        AptUnpinnedPackageRule.self,
        AptListsNotDeletedRule.self,
        CopiedArchiveExtractedRule.self,
        ExposedPortOutOfRangeRule.self,
        MultipleHealthchecksRule.self,
        PipUnpinnedPackageRule.self,
        AptGetWithoutYesRule.self,
        AptGetInstallRecommendsRule.self,
        NpmUnpinnedPackageRule.self,
        ApkUnpinnedPackageRule.self,
        ApkAddWithoutNoCacheRule.self,
        AddInsteadOfCopyRule.self,
        CopyDestinationNotDirectoryRule.self,
        CopyFromUnknownStageRule.self,
    ]
}

/// BuildKit build checks (DF4xx), with BuildKit's rule names as aliases.
extension DockerfileRules {
    static let buildkit: [any DockerfileRule.Type] = [
        ConsistentInstructionCasingRule.self,
        CopyIgnoredFileRule.self,
        ExposeInvalidFormatRule.self,
        ExposeProtoCasingRule.self,
        FromAsCasingRule.self,
        FromPlatformFlagConstRule.self,
        InvalidDefaultArgInFromRule.self,
        InvalidDefinitionDescriptionRule.self,
        JSONArgsRecommendedRule.self,
        LegacyKeyValueFormatRule.self,
        MultipleInstructionsDisallowedRule.self,
        NoEmptyContinuationRule.self,
        StageNameCasingRule.self,
        UndefinedArgInFromRule.self,
        UndefinedVarRule.self,
        WorkdirRelativePathRule.self,
    ]
}

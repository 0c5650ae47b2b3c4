extension Hadolint {
    // MARK: - The RUN a shell rule looks at

    /// The parsed script of a RUN — and, with `includingOnbuild`, of the RUN inside
    /// `ONBUILD RUN …` — for the DL rules that analyse shell commands. Hadolint runs its
    /// "+ONBUILD" rules a second time over the ONBUILD triggers and reports at the ONBUILD line;
    /// rules without that copy (DL3003) pass `false`. `nil` for other instructions and for
    /// non-POSIX shells (see ``DockerfileContext/script(for:)``).
    ///
    /// Heredocs are read as ``RunScript`` reads them: `RUN <<EOF` is the body, `RUN cmd <<EOF`
    /// is `cmd`, and `RUN bash <<EOF` is `bash` followed by the body (Bulkhead's extension;
    /// Hadolint 2.15.1 analyses only `bash` there — see ``strictHeredocScript(_:in:)``).
    /// `run.hadolintCommands` has the commands with Hadolint's word rendering.
    static func runScript(_ instruction: Instruction, in context: DockerfileContext,
                          includingOnbuild: Bool) -> RunScript? {
        guard instruction.name == .run || includingOnbuild else { return nil }
        return context.script(for: instruction)
    }

    /// The shell script Hadolint 2.15.1 analyses for a RUN or ONBUILD RUN, heredocs read
    /// strictly as Hadolint reads them: the heredoc body when nothing but blanks precedes the
    /// first `<<`, otherwise only the text before `<<` — also for `RUN bash <<EOF`, whose body
    /// Hadolint never sees. Used by the DL3046–DL3062 and DL4001–DL4006 rules; `nil` as for
    /// ``runScript(_:in:includingOnbuild:)``.
    static func strictHeredocScript(_ instruction: Instruction, in context: DockerfileContext) -> ShellScript? {
        guard let run = context.script(for: instruction) else { return nil }
        let target = instruction.effective
        guard !target.heredocs.isEmpty, case .command(.shell(let text, _)) = target.arguments else { return run.script }
        let bytes = Array(text.utf8)
        guard let marker = bytes.indices.dropLast().first(where: { bytes[$0] == 0x3C && bytes[$0 + 1] == 0x3C }) else {
            return run.script
        }
        let head = bytes[..<marker]
        if head.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return ShellScript.parse(target.heredocs[0].content)
        }
        return ShellScript.parse(String(decoding: head, as: UTF8.self))
    }

    // MARK: - Command tests shared by several DL rules

    /// Hadolint's "install must be followed by a clean" test (DL3032, DL3036, DL3040): true when
    /// no command installs, or the first install comes before the first clean.
    static func cleanedAfterInstall(_ commands: [ShellCommand], install: (ShellCommand) -> Bool,
                                    clean: (ShellCommand) -> Bool) -> Bool {
        guard let i = commands.firstIndex(where: install) else { return true }
        guard let c = commands.firstIndex(where: clean) else { return false }
        return i < c
    }

    /// Hadolint's "non-interactive switch missing" test (DL3030 yum, DL3034 zypper, DL3038 dnf):
    /// some command named one of `tools` has any of `subcommands` as an argument (`cmdHasArgs`,
    /// any-of) and none of `switches` among its flags.
    static func lacksNonInteractiveSwitch(_ commands: [ShellCommand], tools: Set<String>,
                                          subcommands: Set<String>, switches: Set<String>) -> Bool {
        commands.contains { $0.isAny(tools, withAnyOf: subcommands) && !$0.hasAnyFlag(switches) }
    }
}

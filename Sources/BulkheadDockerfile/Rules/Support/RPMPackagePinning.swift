/// Hadolint's version-pinning test for rpm-based package managers, shared by DL3033 (yum) and
/// DL3041 (dnf, microdnf); DL3037 (zypper) shares only the ``rationale``.
enum RPMPackagePinning {
    /// Why unpinned packages are a problem (the rationale of DL3033, DL3037 and DL3041).
    static let rationale = """
        Unversioned packages install whatever the repositories hold on build day, so two \
        builds of the same Dockerfile differ and an update can break the image unnoticed.
        """

    /// Hadolint's DL3033/DL3041 check: the packages of `tools … install` that are not
    /// version-fixed (see ``isVersionFixed(_:known:)``) and, for `… module install`, the modules
    /// without a stream (`name:stream`); empty when all are pinned. Commands with an argument in
    /// `excluding` (dnf's `group`) are skipped, as are the words `install` and `module`.
    static func unpinnedPackages(_ commands: [ShellCommand], tools: Set<String>, excluding: Set<String>,
                                 known: Set<String>) -> [String] {
        let drop: Set<String> = ["install", "module"]
        var out: [String] = []
        for cmd in commands where tools.contains(cmd.name) && cmd.hasArgument("install") {
            let words = cmd.argumentsWithoutFlags().filter { !drop.contains($0) }
            if cmd.hasArgument("module") {
                out += words.filter { !$0.contains(":") }
            } else if !excluding.contains(where: cmd.hasArgument) {
                out += words.filter { !isVersionFixed($0, known: known) }
            }
        }
        return out
    }

    /// Whether an rpm package argument names a version the way Hadolint decides it: a `.rpm`
    /// file, `name-1.2` / `openssl-1:1.1.1k` (a `-` part that starts with a digit, only
    /// `[A-Za-z0-9.~^_:+]` after the name), or `name-${VERSION}` with VERSION a known ARG/ENV.
    static func isVersionFixed(_ package: String, known: Set<String>) -> Bool {
        let parts = package.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return false }
        if package.hasSuffix(".rpm") { return true }
        if package.contains("$") {
            return known.contains { Hadolint.references(package, variable: $0) }
        }
        let allowed: (Character) -> Bool = { c in
            (c.isASCII && (c.isLetter || c.isNumber)) || ".~^_:+".contains(c)
        }
        let rest = parts.dropFirst()
        return rest.allSatisfy { $0.allSatisfy(allowed) }
            && rest.contains { $0.first.map { $0.isASCII && $0.isNumber } ?? false }
    }

    /// The whole DL3033/DL3041 check for one instruction: the unpinned packages of the RUN (or
    /// ONBUILD RUN) reported once, at the instruction, as `message (unpinned: a, b)`.
    static func check(_ instruction: Instruction, in context: DockerfileContext, tools: Set<String>,
                      excluding: Set<String>, known: Set<String>, message: String,
                      report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        let unpinned = unpinnedPackages(run.commands, tools: tools, excluding: excluding, known: known)
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction, "\(message) (unpinned: \(unpinned.joined(separator: ", ")))"))
    }
}

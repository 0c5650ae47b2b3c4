/// Recognises OS package installs across package managers, for Bulkhead's own rules.
enum PackageInstall {
    /// Subcommands that install, per package manager.
    static let installVerbs: [String: Set<String>] = [
        "apt-get": ["install"], "apt": ["install"], "aptitude": ["install"],
        "apk": ["add"], "yum": ["install"], "dnf": ["install"], "microdnf": ["install"],
        "zypper": ["install", "in"], "tdnf": ["install"],
    ]

    /// Flags whose value is the next word, per manager.
    static let valueFlags: Set<String> = ["t", "o", "target-release", "virtual", "repository", "X", "enablerepo",
                                          "disablerepo", "setopt", "c", "installroot", "releasever"]

    static func isInstall(_ cmd: ShellCommand) -> Bool {
        guard let verbs = installVerbs[cmd.program] else { return false }
        return cmd.argumentsWithoutFlags(valueFlags: valueFlags).contains(where: verbs.contains)
    }

    /// Package names (version suffixes kept: `curl=7.88*`).
    static func packages(_ cmd: ShellCommand) -> [String] {
        guard let verbs = installVerbs[cmd.program] else { return [] }
        var args = cmd.argumentsWithoutFlags(valueFlags: valueFlags)
        if let i = args.firstIndex(where: verbs.contains) { args.removeFirst(i + 1) }
        return args
    }

    /// The bare package name: `curl=7.88-1` → `curl`, `gcc~=12` → `gcc`.
    static func baseName(_ package: String) -> String {
        String(package.prefix { !"=<>~".contains($0) })
    }
}

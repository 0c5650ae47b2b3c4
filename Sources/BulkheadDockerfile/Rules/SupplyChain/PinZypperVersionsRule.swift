import BulkheadCore

/// DL3037: `zypper install` without package versions.
struct PinZypperVersionsRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF137", slug: "pin-zypper-versions", title: "zypper install without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: RPMPackagePinning.rationale,
        fix: "Name the version: `zypper install -y tomcat=9.0.39` (or a range such as `'tomcat>=9.0'`).",
        references: [.hadolint("DL3037")],
        examples: RuleExamples(
            triggering: [
                "FROM opensuse/leap:15.6\n↓RUN zypper install -y tomcat && zypper clean",
                "FROM opensuse/leap:15.6\n↓RUN zypper in -y tomcat=9.0.39 httpd && zypper clean",
                "FROM opensuse/leap:15.6\n↓ONBUILD RUN zypper install -y tomcat",
            ],
            passing: [
                "FROM opensuse/leap:15.6\nRUN zypper install -y tomcat=9.0.39 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\>=9.0 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\<9.0 && zypper clean",
                "FROM opensuse/leap:15.6\nRUN zypper install -y tomcat-9.0.39-1.rpm && zypper clean",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        var unpinned: [String] = []
        for cmd in run.commands where cmd.is("zypper", withAnyOf: ["install", "in"]) {
            unpinned += cmd.argumentsWithoutFlags().filter { p in
                p != "install" && p != "in"
                    && !(p.contains("=") || p.contains(">") || p.contains("<") || p.hasSuffix(".rpm"))
            }
        }
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction,
                         "Specify version with `zypper install -y <package>=<version>`. (unpinned: \(unpinned.joined(separator: ", ")))"))
    }
}

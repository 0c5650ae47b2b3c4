import BulkheadCore

/// DL3041: `dnf install` without package versions.
struct PinDnfVersionsRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF141", slug: "pin-dnf-versions", title: "dnf install without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: RPMPackagePinning.rationale,
        fix: "Name the version: `dnf install -y tomcat-9.0.1` (modules: `dnf module install -y nodejs:20`).",
        references: [.hadolint("DL3041")],
        examples: RuleExamples(
            triggering: [
                "FROM fedora:40\n↓RUN dnf install -y tomcat && dnf clean all",
                "FROM fedora:40\n↓RUN dnf install -y rpm-sign && dnf clean all",
                "FROM fedora:40\n↓RUN dnf module install -y tomcat && dnf clean all",
                "FROM fedora:40\n↓ONBUILD RUN microdnf install -y tomcat",
            ],
            passing: [
                "FROM fedora:40\nRUN dnf install -y tomcat-9.0.1 && dnf clean all",
                "FROM fedora:40\nRUN dnf install -y openssl-1:1.1.1k gcc-c++-1.1.1 && dnf clean all",
                "FROM fedora:40\nRUN dnf -y group install \"Development Tools\" && dnf clean all",
                "FROM fedora:40\nRUN dnf -y --setopt=group_package_types=\"mandatory\" group install \"Development Tools\"",
                "FROM fedora:40\nRUN notdnf install tomcat",
            ],
            hiddenPassing: [
                "FROM fedora:40\nRUN dnf module install -y tomcat:9",
                "FROM fedora:40\nENV version=2.40.0\nRUN dnf -y install git-core-${version}",
            ]))

    typealias State = HadolintKnownVariables

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        RPMPackagePinning.check(instruction, in: context, tools: ["dnf", "microdnf"], excluding: ["group"],
                                known: state.visit(instruction),
                                message: "Specify version with `dnf install -y <package>-<version>`.", report: report)
    }
}

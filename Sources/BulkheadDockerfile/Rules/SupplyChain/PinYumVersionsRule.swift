import BulkheadCore

/// DL3033: `yum install` without package versions.
struct PinYumVersionsRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF133", slug: "pin-yum-versions", title: "yum install without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: RPMPackagePinning.rationale,
        fix: "Name the version: `yum install -y httpd-2.4.6` (modules: `yum module install -y nodejs:20`).",
        references: [.hadolint("DL3033")],
        examples: RuleExamples(
            triggering: [
                "FROM centos:7\n↓RUN yum install -y tomcat && yum clean all",
                "FROM centos:8\n↓RUN yum module install -y tomcat && yum clean all",
                "FROM fedora:40 AS build\nENV version=2.40.0\nFROM fedora:40\n↓RUN yum -y install git-core-${version}",
                "FROM centos:7\n↓ONBUILD RUN yum install -y tomcat",
            ],
            passing: [
                "FROM centos:7\nRUN yum install -y tomcat-9.2 && yum clean all",
                "FROM centos:7\nRUN yum install -y openssl-1:1.1.1k rpm-sign-4.16.1.3 gcc-c++-1.1.1",
                "FROM centos:8\nRUN yum module install -y tomcat:9",
                "FROM fedora:40\nENV version=2.40.0\nRUN yum -y install git-core-${version}",
                "ARG version\nFROM fedora:40\nRUN yum -y install git-core-$version",
            ],
            hiddenTriggering: [
                "FROM centos:7\nARG v\n↓RUN yum install -y foo-$vx",
                "FROM centos:7\n↓RUN yum install -y /tmp/foo.rpm",
            ],
            hiddenPassing: [
                "FROM fedora:40 AS build\nENV version=2.40.0\nFROM build\nRUN yum -y install git-core-${version}",
                "FROM fedora:40 AS build\nARG version\nFROM fedora:40\nRUN yum -y install git-core-${version}",
                "FROM centos:7\nRUN yum install -y /tmp/foo-1.0.rpm",
            ]))

    typealias State = HadolintKnownVariables

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        RPMPackagePinning.check(instruction, in: context, tools: ["yum"], excluding: [], known: state.visit(instruction),
                                message: "Specify version with `yum install -y <package>-<version>`.", report: report)
    }
}

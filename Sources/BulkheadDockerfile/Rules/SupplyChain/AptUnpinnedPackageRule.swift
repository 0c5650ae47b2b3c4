import BulkheadCore

/// DL3008: `apt-get install` without pinned package versions.
struct AptUnpinnedPackageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF108", slug: "apt-unpinned-package", title: "apt-get install without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: """
            `apt-get install curl` installs whatever version the mirror has that day: two builds \
            of the same Dockerfile can differ, and a broken or malicious package update enters \
            the image unnoticed. Pinned versions make builds repeatable and updates deliberate.
            """,
        fix: "Pin each package: `apt-get install -y curl=7.88.1-10+deb12u8` (or install a local `.deb`).",
        references: [.hadolint("DL3008")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN apt-get update && apt-get install -y python3",
                "FROM debian:12\n↓RUN apt-get install -y --target-release=stable curl",
                "FROM debian:12\n↓RUN apt-get install -y $PACKAGES",
                "FROM debian:12\n↓ONBUILD RUN apt-get install -y curl",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get -yqq --no-install-recommends install nodejs=18.19.0",
                "FROM debian:12\nRUN apt-get install -y ./wkhtmltox_0.12.5-1.bionic_amd64.deb",
                "FROM debian:12\nRUN apt-get install -y -t bookworm-backports openjdk-17-jdk=17.0.9+9-1~bpo12+1",
                "FROM debian:12\nRUN apt-get install -y \"foo=1.0\" 'bar=2' baz\\=3",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓RUN apt-get install -y -- foo=1",
                "FROM debian:12\n↓RUN apt-get install -y $(cat /tmp/packages | xargs)",
                "FROM debian:12\n↓RUN [\"apt-get\", \"install\", \"foo\"]",
            ],
            hiddenPassing: [
                "FROM debian:12\nRUN apt-get install -yt stable foo=1",
                "FROM debian:12\nRUN sudo apt-get install foo",
                "FROM debian:12\nRUN /usr/bin/apt-get install foo",
                "FROM debian:12\nRUN apt-get install -y $(cat /tmp/packages)",
                "FROM debian:12\nRUN apt-get install -y python-demjson=2.2.2* ruby=1:2.1.*",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        var unpinned: [String] = []
        for command in run.hadolintCommands where command.is("apt-get", withAnyOf: ["install"]) {
            let packages = command.argumentsWithoutFlags(valueFlags: ["t", "target-release"]).filter { $0 != "install" }
            unpinned += packages.filter { !($0.contains("=") || $0.contains("/") || $0.hasSuffix(".deb")) }
        }
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction, """
            Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>` (unpinned: \(unpinned.joined(separator: ", ")))
            """))
    }
}

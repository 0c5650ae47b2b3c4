import BulkheadCore

/// `sudo` installed into the image.
struct SudoInstalledRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF307", slug: "sudo-installed", title: "sudo installed in the image",
        severity: .medium, category: .privilege,
        rationale: """
            Containers have no interactive administrators: `sudo` in an image only serves as a way \
            for a compromised non-root process to become root (often through a passwordless sudoers \
            entry), undoing the point of running as a non-root USER.
            """,
        fix: "Do the privileged work in RUN steps before `USER`; for entrypoints that must drop privileges use `gosu`/`su-exec`, and remove `sudo` from the package list.",
        references: [.url("https://github.com/hadolint/hadolint/wiki/DL3004")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nRUN apt-get update && ↓apt-get install -y --no-install-recommends sudo curl",
                "FROM alpine:3.20\nRUN ↓apk add --no-cache sudo",
                "FROM fedora:40\nRUN ↓dnf install -y sudo",
            ],
            passing: [
                "FROM debian:12\nRUN apt-get install -y --no-install-recommends gosu",
                "FROM alpine:3.20\nRUN apk add --no-cache su-exec",
                "FROM debian:12\nRUN apt-get purge -y sudo",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = context.script(for: instruction) else { return }
        for cmd in run.commands where PackageInstall.isInstall(cmd) {
            if PackageInstall.packages(cmd).contains(where: { $0 == "sudo" || $0.hasPrefix("sudo=") }) {
                report(Violation(instruction, run, scriptOffset: cmd.offset, "\(cmd.program) installs sudo"))
                return
            }
        }
    }
}

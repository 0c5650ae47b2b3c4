import ArgumentParser
import BulkheadCore
import Foundation

@main
struct Bulkhead: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "bulkhead",
        abstract: "Container security from Dockerfile to runtime, in one binary.",
        discussion: """
            Lint Dockerfiles with Hadolint-compatible rules, BuildKit's build checks and security \
            rules of its own, and gate CI on what matters.

            EXAMPLES
              bulkhead dockerfile Dockerfile                 lint one file, table output
              bulkhead dockerfile . --fail-on high           lint every Dockerfile under ., exit 1 on high+
              bulkhead dockerfile -f sarif -o lint.sarif .   SARIF for GitHub code scanning
              cat Dockerfile | bulkhead dockerfile -         lint stdin
              bulkhead sbom dir:./rootfs -f cyclonedx        SBOM of a root filesystem
              bulkhead rules                                 list every rule
              bulkhead rules DL3008                          explain a rule (Bulkhead id, slug or Hadolint id)

            EXIT CODES
              0  no finding at or above --fail-on
              1  findings at or above --fail-on
              2  usage error (bad flag, unknown rule, bad config)
              3  operational error (unreadable input, unparsable Dockerfile)
            """,
        version: version,
        subcommands: [DockerfileCommand.self, ImageCommand.self, FSCommand.self, K8sCommand.self, SBOMCommand.self, DBCommand.self, RulesCommand.self, RuntimeCommand.self])

    /// Parses, runs, and maps ArgumentParser's usage failures (64) to Bulkhead's documented 2.
    ///
    /// Synchronous on purpose: linting needs no concurrency runtime, and not starting it keeps
    /// per-invocation start-up small (CI often runs one file per invocation).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(BulkheadExit.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

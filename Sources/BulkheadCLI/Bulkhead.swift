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
            Build: lint Dockerfiles (Hadolint's DL rules, BuildKit's build checks, security rules), \
            catalog images and directories into SBOMs, match packages against a local vulnerability \
            database, find secrets in layers and judge image hygiene. Deploy: audit Kubernetes \
            manifests (Pod Security Standards, hardening, RBAC, network exposure). Run: an eBPF \
            sensor and replayed or audit-log events, evaluated with Falco rules loaded unmodified. \
            Every report is a table for people, JSON or SARIF for machines; `--fail-on` gates CI.

            EXAMPLES
              bulkhead dockerfile . --fail-on high              lint every Dockerfile under ., exit 1 on high+
              bulkhead dockerfile -f sarif -o lint.sarif .      SARIF for GitHub code scanning
              bulkhead sbom docker-archive:app.tar -f cyclonedx SBOM of an image (also oci:, registry refs, dir:)
              bulkhead db update && bulkhead image app.tar --fail-on high
                                                                vulnerabilities, secrets and hygiene of an image
              bulkhead fs . --scanners vuln,secret              lock files, installed packages and secrets of a directory
              bulkhead k8s deploy/ --pss-level restricted       audit manifests against Pod Security Standards
              sudo bulkhead runtime watch                       eBPF sensor with the shipped Falco-language rules
              bulkhead runtime replay events.jsonl --rules falco_rules.yaml
              bulkhead rules DL3008                             explain a rule (Bulkhead id, slug or peer id)

            EXIT CODES (every command)
              0  nothing at or above --fail-on
              1  findings at or above --fail-on
              2  usage error (bad flag, unknown rule, bad config or ignore file)
              3  operational error (unreadable input, no database, missing privileges)
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

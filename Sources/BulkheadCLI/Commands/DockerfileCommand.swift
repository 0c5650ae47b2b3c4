import ArgumentParser
import BulkheadConfig
import BulkheadCore
import BulkheadDockerfile
import BulkheadReport
import Foundation

struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Lint Dockerfiles: Hadolint's DL rules, BuildKit's build checks and Bulkhead's security rules.",
        discussion: """
            PATH may be a file, a directory (every Dockerfile, Containerfile, *.Dockerfile and \
            Dockerfile.* under it) or - for stdin.

            Suppress a finding with a comment above the instruction:
              # bulkhead ignore=DF301 base image is internal and scanned separately
              # hadolint ignore=DL3008,DL3009          (Hadolint pragmas keep working)
              # bulkhead stage ignore=DF303            (rest of the stage)
              # bulkhead global ignore=DF110           (whole file)

            Configuration comes from --config, else .bulkhead.yaml found from the working \
            directory upward, else .hadolint.yaml (ignored, override, trustedRegistries, \
            failure-threshold are honoured).

            COPY and ADD sources are checked against the build context's ignore file, as \
            BuildKit's CopyIgnoredFile check does (DF402): <Dockerfile>.dockerignore next to \
            the Dockerfile if present, else .dockerignore in the context, which is the \
            Dockerfile's directory unless --context DIR names it (for stdin, only with \
            --context).

            EXAMPLES
              bulkhead dockerfile Dockerfile
              bulkhead dockerfile --fail-on high --format sarif --output lint.sarif .
              bulkhead dockerfile --ignore DL3008 --ignore DF304 docker/
              bulkhead dockerfile --shellcheck Dockerfile      also run shellcheck on RUN bodies
              bulkhead dockerfile --context . docker/app.Dockerfile
            """,
        aliases: ["lint"])

    @Argument(help: ArgumentHelp("Dockerfiles or directories to lint; - reads stdin.", valueName: "path"))
    var paths: [String] = ["Dockerfile"]

    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Gate") var gate: GateOptions

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: .bulkhead.yaml or .hadolint.yaml, searched upward).",
                                            valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Disable a rule (Bulkhead id, slug, or Hadolint/BuildKit id). Repeatable.",
                                            valueName: "rule"))
    var ignore: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only allow base images from this registry (DL3026). Repeatable.",
                                            valueName: "registry"))
    var trustedRegistry: [String] = []

    @Option(name: .long, help: ArgumentHelp("Build context directory whose .dockerignore COPY/ADD sources are checked against (default: each Dockerfile's directory).",
                                            valueName: "dir"))
    var context: String?

    @Flag(name: .long, help: "Also run shellcheck (if on PATH) on RUN bodies and report its SC codes.")
    var shellcheck = false

    @Flag(name: .long, help: "Ignore configuration files.")
    var noConfig = false

    mutating func run() throws {
        let env = ProcessInfo.processInfo.environment
        let setup: LintSetup
        do {
            setup = try LintSetup.make(configPath: config, noConfig: noConfig, ignores: ignore,
                                       trustedRegistries: trustedRegistry, shellcheck: shellcheck,
                                       context: context, environment: env)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.usage
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("bulkhead: \(error.message)\n".utf8))
            throw BulkheadExit.usage
        }
        let threshold = try gate.threshold(config: setup.configuration?.failOn,
                                           neverFailInConfig: setup.configuration?.neverFail ?? false)
        let files: [InputFile]
        do {
            files = try InputFile.collect(paths)
        } catch {
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        let targets = setup.lint(files)
        let report = Report(tool: .init(version: Bulkhead.version), targets: targets,
                            rules: setup.linter.rules.map { $0.metadata }
                                .filter { !setup.linter.options.disabledRules.contains($0.id) })
        try output.finish(report, threshold: threshold, environment: env)
    }
}

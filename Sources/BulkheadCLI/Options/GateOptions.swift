import ArgumentParser
import BulkheadCore

extension Severity: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// `--fail-on`: the CI gate.
struct GateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Exit 1 when a finding is at or above SEVERITY: critical, high, medium, low, info (or Hadolint's error, warning, style), or none.",
        valueName: "severity"))
    var failOn: String?

    /// The threshold: the flag, else the config file, else `info` (any finding fails).
    func threshold(config: Severity?, neverFailInConfig: Bool) throws -> Severity? {
        if let failOn {
            if failOn.lowercased() == "none" { return nil }
            guard let s = Severity(parsing: failOn) else {
                throw ValidationError("--fail-on '\(failOn)' is not a severity: use critical, high, medium, low, info or none")
            }
            return s
        }
        if neverFailInConfig { return nil }
        return config ?? .info
    }
}

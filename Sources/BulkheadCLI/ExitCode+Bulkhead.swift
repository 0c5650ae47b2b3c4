import ArgumentParser

/// Bulkhead's documented exit codes; the only place they are defined.
enum BulkheadExit {
    /// No finding at or above the gate.
    static let clean = ExitCode(0)
    /// Findings at or above `--fail-on`.
    static let findings = ExitCode(1)
    /// Bad flags, unknown rule ids, invalid configuration.
    static let usage = ExitCode(2)
    /// Unreadable or unparsable input, write failures.
    static let operational = ExitCode(3)
}

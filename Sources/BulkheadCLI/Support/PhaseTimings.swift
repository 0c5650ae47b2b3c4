import Foundation

/// Wall time per phase of a command, printed to stderr when `BULKHEAD_TIMINGS=1` (for benchmarks
/// and profiling; nothing is measured otherwise beyond reading the clock).
struct PhaseTimings {
    let clock: ContinuousClock
    private var last: ContinuousClock.Instant
    private var phases: [(String, Duration)] = []
    let enabled = ProcessInfo.processInfo.environment["BULKHEAD_TIMINGS"] == "1"

    init(clock: ContinuousClock) {
        self.clock = clock
        last = clock.now
    }

    /// Ends the current phase under `name`.
    mutating func mark(_ name: String) {
        guard enabled else { return }
        let now = clock.now
        phases.append((name, now - last))
        last = now
    }

    /// `d` in milliseconds (for the `timing:` lines commands print).
    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    func report() {
        guard enabled else { return }
        let text = phases.map { "\($0.0) " + String(format: "%.1f ms", Self.milliseconds($0.1)) }.joined(separator: ", ")
        FileHandle.standardError.write(Data("timing: \(text)\n".utf8))
    }
}

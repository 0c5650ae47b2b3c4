import Foundation

/// Runs external programs (openssl, curl) without blocking Swift's cooperative threads:
/// output goes to files and termination is awaited through `terminationHandler`.
/// On a 2-core machine the pool has two threads, and the server under test needs them.
enum CommandRunner {
    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// `Process` is not `Sendable`; it is only touched to stop it on timeout, under the lock.
    private final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private let process: Process
        private var finished = false
        private(set) var fired = false

        init(_ process: Process) { self.process = process }

        func markFinished() {
            lock.lock(); defer { lock.unlock() }
            finished = true
        }

        func fire() {
            lock.lock(); defer { lock.unlock() }
            guard !finished, process.isRunning else { return }
            fired = true
            process.terminate()
        }

        var didFire: Bool {
            lock.lock(); defer { lock.unlock() }
            return fired
        }
    }

    static func run(
        _ arguments: [String],
        stdinPath: String? = nil,
        timeout: Duration = .seconds(30)
    ) async throws -> CommandResult {
        let workDir = Harness.scratchRoot.appendingPathComponent("cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDir) }
        let outURL = workDir.appendingPathComponent("stdout")
        let errURL = workDir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let stdinPath {
            guard let input = FileHandle(forReadingAtPath: stdinPath) else {
                throw LaunchError(description: "cannot open \(stdinPath) for stdin")
            }
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        let watchdog = Watchdog(process)
        let exitCode: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                watchdog.markFinished()
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: LaunchError(description: "cannot run \(arguments): \(error)"))
            }
            Task {
                try? await Task.sleep(for: timeout)
                watchdog.fire()
            }
        }
        return CommandResult(
            exitCode: exitCode,
            stdout: Array((try? Data(contentsOf: outURL)) ?? Data()),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
            timedOut: watchdog.didFire
        )
    }
}

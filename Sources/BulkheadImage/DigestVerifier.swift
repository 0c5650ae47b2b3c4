import Foundation

/// Checks layer blobs against their descriptors' sha256 on a background thread while the caller
/// goes on parsing them (and, when the caller defers the check, cataloging them): verification
/// costs the second core, not wall time. ``wait()`` joins and reports the first failure; nothing
/// built from an image may be shown before it has returned nil.
///
/// Blobs are hashed in the order they were queued (callers queue the largest first, the longest
/// job). A caller that reaches ``wait()`` while some are still unstarted hashes those itself:
/// its core would otherwise idle while the background thread works through the queue alone.
final class DigestVerifier: @unchecked Sendable {
    private struct Job {
        var path: String
        var window: ImageTarIndex.Item?
        var expected: String
        var name: String
    }

    private let queue = DispatchQueue(label: "bulkhead.digest-verifier")
    private let group = DispatchGroup()
    private let lock = NSLock()
    /// Queued and not started, first queued first (guarded by `lock`).
    private var pending: [Job] = []
    private var mismatch: ImageError?
    private var failure: ImageError?

    /// Queues the hash of `path` (or of a window of it) against `expected`; no-op without a digest.
    func start(_ path: String, window: ImageTarIndex.Item?, expected: String?, name: String) {
        guard let expected else { return }
        lock.lock()
        pending.append(Job(path: path, window: window, expected: expected, name: name))
        lock.unlock()
        // Each block runs the oldest unstarted job, if the caller has not taken it meanwhile.
        queue.async(group: group) { [self] in
            if let job = take() { run(job) }
        }
    }

    private func take() -> Job? {
        lock.lock()
        defer { lock.unlock() }
        return pending.isEmpty ? nil : pending.removeFirst()
    }

    private func run(_ job: Job) {
        do throws(ImageError) {
            let actual = try ImageResolver.hashFile(job.path, window: job.window)
            if actual != job.expected {
                record(mismatch: ImageError(.digestMismatch, "blob hashes to \(actual), but its descriptor says \(job.expected)",
                                            location: job.name))
            }
        } catch {
            record(failure: error)
        }
    }

    private func record(mismatch m: ImageError? = nil, failure f: ImageError? = nil) {
        lock.lock()
        defer { lock.unlock() }
        if mismatch == nil { mismatch = m }
        if failure == nil { failure = f }
    }

    /// Hashes the jobs nobody has started yet on the calling thread, then waits for the rest;
    /// the first digest mismatch, else the first read failure, else nil.
    func wait() -> ImageError? {
        while let job = take() { run(job) }
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return mismatch ?? failure
    }
}

import Foundation

/// Checks layer blobs against their descriptors' sha256 on a background thread while the caller
/// goes on parsing them (and, when the caller defers the check, cataloging them): verification
/// costs the second core, not wall time. ``wait()`` joins and reports the first failure; nothing
/// built from an image may be shown before it has returned nil.
final class DigestVerifier: @unchecked Sendable {
    private let queue = DispatchQueue(label: "bulkhead.digest-verifier")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var mismatch: ImageError?
    private var failure: ImageError?

    /// Queues the hash of `path` (or of a window of it) against `expected`; no-op without a digest.
    func start(_ path: String, window: ImageTarIndex.Item?, expected: String?, name: String) {
        guard let expected else { return }
        queue.async(group: group) { [self] in
            do throws(ImageError) {
                let actual = try ImageResolver.hashFile(path, window: window)
                if actual != expected {
                    record(mismatch: ImageError(.digestMismatch, "blob hashes to \(actual), but its descriptor says \(expected)",
                                                location: name))
                }
            } catch {
                record(failure: error)
            }
        }
    }

    private func record(mismatch m: ImageError? = nil, failure f: ImageError? = nil) {
        lock.lock()
        defer { lock.unlock() }
        if mismatch == nil { mismatch = m }
        if failure == nil { failure = f }
    }

    /// Waits for every queued hash; the first digest mismatch, else the first read failure, else nil.
    func wait() -> ImageError? {
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return mismatch ?? failure
    }
}

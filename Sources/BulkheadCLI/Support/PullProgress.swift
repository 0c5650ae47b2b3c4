import Foundation

/// Pull progress on a terminal: one self-overwriting stderr line per blob, at most ten updates a
/// second; nothing when stderr is not a TTY (CI logs stay clean).
final class PullProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var lastWrite = Date.distantPast
    private var lastDigest = ""

    /// A progress callback for registry pulls, or nil when stderr is not a terminal.
    static func reporter() -> (@Sendable (Int, Int?, String) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let progress = PullProgress()
        return { done, total, digest in progress.update(done: done, total: total, digest: digest) }
    }

    func update(done: Int, total: Int?, digest: String) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        let finished = total.map { done >= $0 } ?? false
        guard finished || digest != lastDigest || now.timeIntervalSince(lastWrite) >= 0.1 else { return }
        lastWrite = now
        lastDigest = digest
        let short = String(digest.dropFirst("sha256:".count).prefix(12))
        let mb = { (n: Int) in String(format: "%.1f", Double(n) / 1_048_576) }
        let size = total.map { "\(mb(done))/\(mb($0)) MB" } ?? "\(mb(done)) MB"
        FileHandle.standardError.write(Data("\r\u{1B}[2Kpulling \(short)  \(size)\(finished ? "\n" : "")".utf8))
    }
}

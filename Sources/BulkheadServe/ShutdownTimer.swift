import NIOConcurrencyHelpers

/// Starts a graceful shutdown once, and if it is still going after `limit`, runs `onLimit`
/// (closing the connections that are left).
final class ShutdownTimer: Sendable {
    private let limit: Duration
    private let begin: @Sendable () async -> Void
    private let onLimit: @Sendable () -> Void
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let finished = NIOLockedValueBox(false)

    init(
        limit: Duration,
        begin: @escaping @Sendable () async -> Void,
        onLimit: @escaping @Sendable () -> Void
    ) {
        self.limit = limit
        self.begin = begin
        self.onLimit = onLimit
    }

    /// Idempotent; does nothing after ``cancel()``.
    func start() {
        task.withLockedValue { current in
            guard current == nil, !finished.withLockedValue({ $0 }) else { return }
            current = Task { [limit, begin, onLimit] in
                await begin()
                do {
                    try await Task.sleep(for: limit)
                } catch {
                    return  // shutdown finished in time
                }
                onLimit()
            }
        }
    }

    /// The server has stopped: no timer needed any more.
    func cancel() {
        finished.withLockedValue { $0 = true }
        task.withLockedValue { $0 }?.cancel()
    }
}

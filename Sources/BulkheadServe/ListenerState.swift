/// Lifecycle of one ``AuditWebhookServer``: who is waiting for the port, and what to tell them.
/// Always used under the server's lock; every method returns the continuations to resume
/// *after* the lock is released.
struct ListenerState {
    typealias Waiter = CheckedContinuation<Int, any Error>

    enum Phase {
        case idle
        case starting
        case listening(port: Int)
        case stopped(AuditWebhookServerError?)
    }

    private(set) var phase: Phase = .idle
    private var waiters: [UInt64: Waiter] = [:]
    private var nextWaiterID: UInt64 = 0

    var listeningPort: Int? {
        if case .listening(let port) = phase { return port }
        return nil
    }

    /// Moves `idle` to `starting`; `false` if the server was started before.
    mutating func start() -> Bool {
        guard case .idle = phase else { return false }
        phase = .starting
        return true
    }

    mutating func markListening(port: Int) -> [Waiter] {
        guard case .starting = phase else { return [] }
        phase = .listening(port: port)
        return takeWaiters()
    }

    mutating func markStopped(_ error: AuditWebhookServerError?) -> [Waiter] {
        phase = .stopped(error)
        return takeWaiters()
    }

    mutating func makeWaiterID() -> UInt64 {
        nextWaiterID += 1
        return nextWaiterID
    }

    enum WaitOutcome {
        case ready(Int)
        case failed(any Error)
        case parked
    }

    /// Either answers at once or parks the continuation under `id`.
    mutating func wait(id: UInt64, continuation: Waiter, isCancelled: Bool) -> WaitOutcome {
        switch phase {
        case .listening(let port):
            return .ready(port)
        case .stopped(let error):
            return .failed(error ?? AuditWebhookServerError.notRunning)
        case .idle, .starting:
            if isCancelled { return .failed(CancellationError()) }
            waiters[id] = continuation
            return .parked
        }
    }

    mutating func cancelWaiter(id: UInt64) -> Waiter? {
        waiters.removeValue(forKey: id)
    }

    private mutating func takeWaiters() -> [Waiter] {
        defer { waiters.removeAll() }
        return Array(waiters.values)
    }
}

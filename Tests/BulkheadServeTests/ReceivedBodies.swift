import Foundation

/// Bodies the handler was called with, in order.
final class ReceivedBodies: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [[UInt8]] = []

    func append(_ body: [UInt8]) {
        lock.lock(); defer { lock.unlock() }
        bodies.append(body)
    }

    var all: [[UInt8]] {
        lock.lock(); defer { lock.unlock() }
        return bodies
    }
}

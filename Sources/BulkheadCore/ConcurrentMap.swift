import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `transform` applied to every element on every core, the results in the elements' order.
    /// For independent, CPU-bound work per element (parsing files, auditing them).
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let slots = ConcurrentMapSlots<T>(count)
        withoutActuallyEscaping(transform) { transform in
            let elements = self
            DispatchQueue.concurrentPerform(iterations: elements.count) { i in
                slots.set(i, transform(elements[i]))
            }
        }
        return slots.results.map { $0! }
    }
}

/// One result per element, written once each from concurrent workers.
private final class ConcurrentMapSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [T?]

    init(_ count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        results[index] = value
        lock.unlock()
    }
}

import Testing

@testable import BulkheadCore

@Suite("concurrentMap")
struct ConcurrentMapTests {
    @Test("results keep the elements' order, each computed once, empty stays empty")
    func order() {
        let input = Array(0..<10_000)
        #expect(input.concurrentMap { $0 * 3 + 1 } == input.map { $0 * 3 + 1 })
        #expect([Int]().concurrentMap { $0 }.isEmpty)
        #expect(["a", "bb"].concurrentMap(\.count) == [1, 2])
    }
}

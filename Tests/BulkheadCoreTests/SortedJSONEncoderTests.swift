import Foundation
import Testing

@testable import BulkheadCore

/// The oracle is Foundation's JSONEncoder with the same options: the outputs must be identical.
@Suite("SortedJSONEncoder")
struct SortedJSONEncoderTests {
    struct Sample: Encodable {
        var keys: [String: Int] = ["b": 1, "B": 2, "a10": 3, "a9": 4, "_x": 5, "Z": 6, "é": 7, "e": 8, "A": 9, "ab": 10,
                                   "a-b": 11, "a_b": 12, "aB": 13, "": 14, "a b": 15, "😀": 16]
        var emptyObject: [String: Int] = [:]
        var emptyArray: [Int] = []
        var text = "q\"\\/\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}é😀\u{2028}</script>"
        var doubles: [Double] = [9.8, 1e21, 0.1, 100, -0.0, 1e-7, 123456789.125, 5e-324, 1.7976931348623157e308, 7.5, -2]
        var floats: [Float] = [9.8, 0.1, 3]
        var integers: [Int64] = [0, -1, Int64.max, Int64.min]
        var unsigned: [UInt64] = [UInt64.max]
        var small: [Int8] = [-128, 127]
        var bools = [true, false]
        var missing: Int? = nil
        var present: Int? = 3
        var nested: [[Int]] = [[1, 2], [], [3]]
        var objects: [[String: [String: Bool]]] = [["k": ["x": true, "y": false]], [:]]
        var url = URL(string: "https://example.com/a/b?c=d")!
        var data = Data([0, 1, 2, 250, 251, 252, 253, 254, 255])
        var optionalArray: [String?] = ["a", nil]
        var date = Date(timeIntervalSinceReferenceDate: 123.5)
        var inner = Inner()
    }

    struct Inner: Encodable {
        var a = 1
        var z = "z"
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(z, forKey: .z)
            try c.encode(a, forKey: .a)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            try list.encodeNil()
            var deeper = c.nestedContainer(keyedBy: Key.self, forKey: .deeper)
            try deeper.encodeNil(forKey: .a)
        }
        enum Key: String, CodingKey { case a, z, list, deeper }
    }

    func foundation(_ value: some Encodable, pretty: Bool) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    @Test("byte-identical to JSONEncoder, pretty and compact", arguments: [true, false])
    func matchesFoundation(pretty: Bool) throws {
        #expect(try SortedJSONEncoder(pretty: pretty).encode(Sample()) == foundation(Sample(), pretty: pretty))
        for value in [[String: String](), ["x": "y"]] {
            #expect(try SortedJSONEncoder(pretty: pretty).encode(value) == foundation(value, pretty: pretty))
        }
        #expect(try SortedJSONEncoder(pretty: pretty).encode([Int]()) == foundation([Int](), pretty: pretty))
        #expect(try SortedJSONEncoder(pretty: pretty).encode("top") == foundation("top", pretty: pretty))
    }

    @Test("random strings escape as JSONEncoder escapes them")
    func randomStrings() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0..<24, using: &rng)).map { _ -> Character in
                let pick = Int.random(in: 0..<4, using: &rng)
                let value: UInt32 = pick == 0 ? UInt32.random(in: 0..<0x20, using: &rng)
                    : pick == 1 ? UInt32.random(in: 0x20..<0x80, using: &rng)
                    : pick == 2 ? UInt32.random(in: 0x80..<0xD800, using: &rng) : UInt32.random(in: 0x1F300..<0x1F600, using: &rng)
                return Character(Unicode.Scalar(value)!)
            }
            let text = String(scalars)
            let value = [text: [text]]
            #expect(try SortedJSONEncoder().encode(value) == foundation(value, pretty: true), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("non-finite numbers are refused, as JSONEncoder refuses them")
    func nonFinite() {
        #expect(throws: (any Error).self) { try SortedJSONEncoder().encode([Double.nan]) }
        #expect(throws: (any Error).self) { try SortedJSONEncoder().encode([Double.infinity]) }
    }
}

import Foundation
import Testing

@testable import BulkheadCore

@Suite("jsonQuote")
struct JSONQuoteTests {
    @Test("escapes what RFC 8259 requires and round-trips through JSONSerialization")
    func escapes() throws {
        #expect(jsonQuote(#"a"b\c"#) == #""a\"b\\c""#)
        #expect(jsonQuote("l1\nl2\r\t") == #""l1\nl2\r\t""#)
        #expect(jsonQuote("\u{1}\u{1f}") == #""\u0001\u001f""#)
        #expect(jsonQuote("é/✓ <&>") == "\"é/✓ <&>\"")
        for s in ["", "plain", "quote\" back\\slash", "\u{0}\u{7}\u{8}\u{c}\u{1b}", "tab\tnew\nline", "emoji 🦀 é"] {
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(jsonQuote(s))]".utf8)) as? [String]
            #expect(decoded == [s], "\(s.debugDescription)")
        }
    }
}

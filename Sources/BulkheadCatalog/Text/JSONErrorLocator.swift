/// Finds where a JSON document stops being valid, so that a decoding failure (whose message
/// carries no position) can still be reported with a line.
///
/// A syntax scan only: no values are built. It is iterative (an explicit stack of open brackets,
/// capped at ``maxDepth``), so hostile nesting cannot exhaust the call stack.
enum JSONErrorLocator {
    /// Nesting deeper than this is reported as an error at the bracket that exceeds it.
    static let maxDepth = 512

    /// The 1-based line of the first syntax error in `bytes`, or `nil` when the text is valid JSON.
    static func firstErrorLine(in bytes: some Collection<UInt8>) -> Int? {
        var scanner = Scanner(Array(bytes))
        return scanner.run()
    }

    /// Records located per file: each search scans the whole text, so a hostile file with many
    /// bad records would otherwise cost quadratic time. Later diagnostics name only the file.
    static let maxLocatedRecords = 20

    /// The 1-based line of the first occurrence of `"key"` followed by `:` in `text`, for
    /// locating a record of a JSON map; `nil` when it is not found, or when `alreadyLocated`
    /// records have been located in this file (see ``maxLocatedRecords``).
    static func line(ofKey key: String, in text: String, alreadyLocated: Int = 0) -> Int? {
        guard alreadyLocated < maxLocatedRecords else { return nil }
        let needle = Array(("\"" + escaped(key) + "\"").utf8)
        let bytes = Array(text.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var line = 1
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle),
               followedByColon(bytes, from: index + needle.count) {
                return line
            }
            index += 1
        }
        return nil
    }

    private static func followedByColon(_ bytes: [UInt8], from start: Int) -> Bool {
        var i = start
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: ":")
    }

    private static func escaped(_ key: String) -> String {
        var out = ""
        for ch in key.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private struct Scanner {
        enum Container { case object, array }
        enum Expect { case value, valueOrClose, key, keyOrClose, colon, commaOrClose, end }

        let bytes: [UInt8]
        var index = 0
        var line = 1
        var stack: [Container] = []
        var expect = Expect.value

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            // A UTF-8 byte order mark is tolerated, as JSON decoders do.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        /// Scans to the end; returns the line of the first error, or `nil`.
        mutating func run() -> Int? {
            while true {
                skipWhitespace()
                guard index < bytes.count else { return expect == .end ? nil : line }
                let byte = bytes[index]
                switch expect {
                case .end:
                    return line
                case .colon:
                    guard byte == UInt8(ascii: ":") else { return line }
                    index += 1
                    expect = .value
                case .commaOrClose:
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        expect = stack.last == .object ? .key : .value
                    } else if !close(byte) {
                        return line
                    }
                case .key, .keyOrClose:
                    if expect == .keyOrClose, close(byte) { continue }
                    guard byte == UInt8(ascii: "\""), string() else { return line }
                    expect = .colon
                case .value, .valueOrClose:
                    if expect == .valueOrClose, close(byte) { continue }
                    guard value(byte) else { return line }
                }
            }
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x0A: line += 1
                case 0x20, 0x09, 0x0D: break
                default: return
                }
                index += 1
            }
        }

        /// Closes the innermost container when `byte` is its closing bracket.
        mutating func close(_ byte: UInt8) -> Bool {
            guard let top = stack.last,
                  (top == .object && byte == UInt8(ascii: "}")) || (top == .array && byte == UInt8(ascii: "]")) else {
                return false
            }
            index += 1
            stack.removeLast()
            expect = stack.isEmpty ? .end : .commaOrClose
            return true
        }

        mutating func value(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < JSONErrorLocator.maxDepth else { return false }
                stack.append(byte == UInt8(ascii: "{") ? .object : .array)
                index += 1
                expect = byte == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
                return true
            case UInt8(ascii: "\""):
                guard string() else { return false }
            case UInt8(ascii: "t"):
                guard literal("true") else { return false }
            case UInt8(ascii: "f"):
                guard literal("false") else { return false }
            case UInt8(ascii: "n"):
                guard literal("null") else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard number() else { return false }
            default:
                return false
            }
            expect = stack.isEmpty ? .end : .commaOrClose
            return true
        }

        mutating func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, bytes[index..<index + w.count].elementsEqual(w) else { return false }
            index += w.count
            return true
        }

        mutating func number() -> Bool {
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                     UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                    index += 1
                default:
                    return index > start
                }
            }
            return index > start
        }

        /// A string starting at the opening quote; control characters and newlines are errors.
        mutating func string() -> Bool {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    index += 2
                case 0x00..<0x20:
                    return false
                default:
                    index += 1
                }
            }
            return false
        }
    }
}

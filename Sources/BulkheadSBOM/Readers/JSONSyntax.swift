/// Finds the first JSON syntax error and where it is, for error messages (Foundation's decoder
/// only says "not valid JSON"). Iterative, so nesting depth cannot exhaust the stack.
enum JSONSyntax {
    struct Problem: Sendable, Hashable, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int
        var description: String { "\(message) at line \(line), column \(column)" }
    }

    private enum Expect { case value, valueOrArrayEnd, keyOrObjectEnd, key, colon, commaOrEnd, done }

    /// The first syntax error in `bytes`, or nil when they are one well-formed JSON value.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var stack: [UInt8] = []
        var expect = Expect.value
        var i = 0
        func problem(_ message: String, at position: Int) -> Problem {
            var line = 1, column = 1
            for byte in bytes[..<min(position, bytes.count)] {
                if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            return Problem(message: message, line: line, column: column)
        }
        func afterValue() -> Expect { stack.isEmpty ? .done : .commaOrEnd }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while true {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
            guard i < bytes.count else {
                return expect == .done ? nil : problem("unexpected end of data", at: i)
            }
            let c = bytes[i]
            switch expect {
            case .done:
                return problem("unexpected data after the JSON value", at: i)
            case .value, .valueOrArrayEnd:
                if c == UInt8(ascii: "]"), expect == .valueOrArrayEnd {
                    stack.removeLast()
                    i += 1
                    expect = afterValue()
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    stack.append(c)
                    i += 1
                    expect = c == UInt8(ascii: "{") ? .keyOrObjectEnd : .valueOrArrayEnd
                } else if let end = scalarEnd(bytes, from: i) {
                    i = end
                    expect = afterValue()
                } else {
                    return problem(c == UInt8(ascii: "\"") ? "invalid string" : "expected a value", at: i)
                }
            case .keyOrObjectEnd, .key:
                if c == UInt8(ascii: "}"), expect == .keyOrObjectEnd {
                    stack.removeLast()
                    i += 1
                    expect = afterValue()
                } else if c == UInt8(ascii: "\""), let end = stringEnd(bytes, from: i) {
                    i = end
                    expect = .colon
                } else {
                    return problem("expected a quoted field name", at: i)
                }
            case .colon:
                guard c == UInt8(ascii: ":") else { return problem("expected ':'", at: i) }
                i += 1
                expect = .value
            case .commaOrEnd:
                let top = stack.last ?? 0
                if c == UInt8(ascii: ",") {
                    i += 1
                    expect = top == UInt8(ascii: "{") ? .key : .value
                } else if (c == UInt8(ascii: "}") && top == UInt8(ascii: "{")) || (c == UInt8(ascii: "]") && top == UInt8(ascii: "[")) {
                    stack.removeLast()
                    i += 1
                    expect = afterValue()
                } else {
                    return problem(top == UInt8(ascii: "{") ? "expected ',' or '}'" : "expected ',' or ']'", at: i)
                }
            }
        }
    }

    /// End of a string, number or literal starting at `i`, or nil when it is not one.
    private static func scalarEnd(_ b: [UInt8], from i: Int) -> Int? {
        let c = b[i]
        if c == UInt8(ascii: "\"") { return stringEnd(b, from: i) }
        for literal in ["true", "false", "null"] {
            let l = Array(literal.utf8)
            if b.count - i >= l.count, Array(b[i..<(i + l.count)]) == l { return i + l.count }
        }
        var j = i
        func digits() -> Bool {
            let start = j
            while j < b.count, (48...57).contains(b[j]) { j += 1 }
            return j > start
        }
        if j < b.count, b[j] == UInt8(ascii: "-") { j += 1 }
        if j < b.count, b[j] == UInt8(ascii: "0") {
            j += 1  // no leading zeros
        } else {
            guard digits() else { return nil }
        }
        if j < b.count, b[j] == UInt8(ascii: ".") {
            j += 1
            guard digits() else { return nil }
        }
        if j < b.count, b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E") {
            j += 1
            if j < b.count, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") { j += 1 }
            guard digits() else { return nil }
        }
        return j
    }

    private static func stringEnd(_ b: [UInt8], from i: Int) -> Int? {
        var j = i + 1
        while j < b.count {
            switch b[j] {
            case UInt8(ascii: "\""):
                return j + 1
            case UInt8(ascii: "\\"):
                guard j + 1 < b.count else { return nil }
                if b[j + 1] == UInt8(ascii: "u") {
                    guard j + 5 < b.count, b[(j + 2)...(j + 5)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else {
                        return nil
                    }
                    j += 6
                } else {
                    guard Array(#""\/bfnrt"#.utf8).contains(b[j + 1]) else { return nil }
                    j += 2
                }
            case 0..<0x20:
                return nil
            default:
                j += 1
            }
        }
        return nil
    }
}

/// Parses the JSON (exec) form of an instruction the way BuildKit does: the text must start
/// with `[`; the first JSON value is decoded and anything after it is ignored (Go's
/// `json.Decoder.Decode`).
enum JSONArray {
    enum Result: Equatable {
        case strings([String])
        /// Valid JSON, but not an array of strings: BuildKit rejects the instruction.
        case notStringArray
        /// Not JSON: BuildKit falls back to the shell form.
        case invalid
    }

    static func parse(_ s: [UInt8], from start: Int) -> Result {
        var p = Parser(bytes: s, i: start)
        p.skipSpace()
        guard p.peek == UInt8(ascii: "[") else { return .invalid }
        guard let value = p.value() else { return .invalid }
        switch value {
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { return .notStringArray }
                out.append(s)
            }
            return .strings(out)
        default:
            return .invalid
        }
    }

    private enum Value {
        case string(String)
        case array([Value])
        case other
    }

    private struct Parser {
        let bytes: [UInt8]
        var i: Int
        var depth = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func value() -> Value? {
            skipSpace()
            guard let c = peek else { return nil }
            switch c {
            case UInt8(ascii: "["):
                depth += 1
                defer { depth -= 1 }
                guard depth < 512 else { return nil }
                i += 1
                var items: [Value] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let v = value() else { return nil }
                    items.append(v)
                    skipSpace()
                    guard let d = peek else { return nil }
                    i += 1
                    if d == UInt8(ascii: ",") { continue }
                    if d == UInt8(ascii: "]") { return .array(items) }
                    return nil
                }
            case UInt8(ascii: "{"):
                depth += 1
                defer { depth -= 1 }
                guard depth < 512 else { return nil }
                i += 1
                skipSpace()
                if peek == UInt8(ascii: "}") { i += 1; return .other }
                while true {
                    skipSpace()
                    guard case .string = string() else { return nil }
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard value() != nil else { return nil }
                    skipSpace()
                    guard let d = peek else { return nil }
                    i += 1
                    if d == UInt8(ascii: ",") { continue }
                    if d == UInt8(ascii: "}") { return .other }
                    return nil
                }
            case UInt8(ascii: "\""):
                return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default:
                return number()
            }
        }

        mutating func literal(_ word: String) -> Value? {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return nil }
            i += w.count
            return .other
        }

        mutating func number() -> Value? {
            let start = i
            if peek == UInt8(ascii: "-") { i += 1 }
            var digits = 0
            while let c = peek, c >= 0x30 && c <= 0x39 { i += 1; digits += 1 }
            guard digits > 0 else { i = start; return nil }
            if peek == UInt8(ascii: ".") {
                i += 1
                var frac = 0
                while let c = peek, c >= 0x30 && c <= 0x39 { i += 1; frac += 1 }
                guard frac > 0 else { return nil }
            }
            if let e = peek, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                i += 1
                if let s = peek, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { i += 1 }
                var exp = 0
                while let c = peek, c >= 0x30 && c <= 0x39 { i += 1; exp += 1 }
                guard exp > 0 else { return nil }
            }
            return .other
        }

        mutating func string() -> Value? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; return .string(String(decoding: out, as: UTF8.self)) }
                if c < 0x20 { return nil }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { return nil }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
                        else { return nil }
                        i += 4
                        var scalarValue = code
                        if (0xD800...0xDBFF).contains(code), i + 6 <= bytes.count, bytes[i] == 0x5C,
                           bytes[i + 1] == UInt8(ascii: "u"),
                           let low = UInt32(String(decoding: bytes[i + 2..<i + 6], as: UTF8.self), radix: 16),
                           (0xDC00...0xDFFF).contains(low) {
                            scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: return nil
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            return nil
        }
    }
}

/// A byte cursor over condition text with libsinsp's lexing primitives: each `lex…` method
/// either consumes a token (setting `lastToken`) and returns `true`, or leaves the cursor
/// where it was. `lexBlank` is the only one that does not set `lastToken`.
struct ConditionLexer {
    let bytes: [UInt8]
    /// Lexing stops here (the whole text for conditions; a window for output fields).
    let end: Int
    private(set) var offset: Int
    private(set) var line: Int
    private(set) var column: Int
    /// The last token read, as libsinsp keeps it for "unexpected token after '…'" messages.
    var lastToken: String = ""

    init(_ bytes: [UInt8], start: ConditionPosition = .start, end: Int? = nil) {
        self.bytes = bytes
        self.end = min(end ?? bytes.count, bytes.count)
        self.offset = start.offset
        self.line = start.line
        self.column = start.column
    }

    var position: ConditionPosition {
        get { ConditionPosition(offset: offset, line: line, column: column) }
        set {
            offset = newValue.offset
            line = newValue.line
            column = newValue.column
        }
    }

    var atEnd: Bool { offset >= end }

    /// The byte under the cursor; 0 past the end (libsinsp reads a C string).
    var current: UInt8 { offset < end ? bytes[offset] : 0 }

    func byte(at i: Int) -> UInt8 { i < end ? bytes[i] : 0 }

    private mutating func advance() {
        let b = bytes[offset]
        column += 1
        if b == 0x0D || b == 0x0A {
            column = 1
            line += 1
        }
        offset += 1
    }

    private mutating func advance(by n: Int) {
        for _ in 0..<n { advance() }
    }

    private mutating func take(_ n: Int) {
        lastToken = String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
        advance(by: n)
    }

    // MARK: character classes

    static func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
    /// POSIX `[[:space:]]`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    /// What `lexBlank` skips: space, `\t`, `\b`, `\r`, `\n`.
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x08 || b == 0x0D || b == 0x0A }
    /// Bytes that end a bare string: `()"'=,` and `[[:space:]]`.
    static func isBareStringStop(_ b: UInt8) -> Bool {
        isSpace(b) || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'") || b == UInt8(ascii: "=") || b == UInt8(ascii: ",")
    }
    static func isIdentifierTail(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) || b == UInt8(ascii: "_") }

    // MARK: primitives

    /// Skips blanks; true when at least one was skipped.
    @discardableResult
    mutating func lexBlank() -> Bool {
        var found = false
        while !atEnd, Self.isBlank(bytes[offset]) {
            found = true
            advance()
        }
        return found
    }

    /// True when the text at the cursor starts with `s`.
    func startsWith(_ s: String) -> Bool {
        var i = offset
        for b in s.utf8 {
            guard i < end, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    /// Exact prefix match.
    mutating func lexString(_ s: String) -> Bool {
        guard startsWith(s) else { return false }
        take(s.utf8.count)
        return true
    }

    /// A word operator that must be followed by a blank (the blank is consumed too).
    mutating func lexWordFollowedByBlank(_ s: String) -> Bool {
        let saved = position
        let savedToken = lastToken
        guard lexString(s) else { return false }
        if lexBlank() { return true }
        position = saved
        lastToken = savedToken
        return false
    }

    /// Length of `[a-zA-Z]+[a-zA-Z0-9_]*` at `i`, or 0.
    private func identifierLength(at i: Int) -> Int {
        guard i < end, Self.isAlpha(bytes[i]) else { return 0 }
        var j = i + 1
        while j < end, Self.isIdentifierTail(bytes[j]) { j += 1 }
        return j - i
    }

    /// `[a-zA-Z]+[a-zA-Z0-9_]*`.
    mutating func lexIdentifier() -> Bool {
        let n = identifierLength(at: offset)
        guard n > 0 else { return false }
        take(n)
        return true
    }

    /// `ident(\.ident)+`, longest match.
    mutating func lexFieldName() -> Bool {
        var j = offset + identifierLength(at: offset)
        guard j > offset else { return false }
        var segments = 0
        while j < end, bytes[j] == UInt8(ascii: ".") {
            let n = identifierLength(at: j + 1)
            if n == 0 { break }
            j += 1 + n
            segments += 1
        }
        guard segments > 0 else { return false }
        take(j - offset)
        return true
    }

    /// `[^][\"'[:space:]]+`.
    mutating func lexFieldArgBareString() -> Bool {
        var j = offset
        while j < end {
            let b = bytes[j]
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "\"")
                || b == UInt8(ascii: "'") || Self.isSpace(b) { break }
            j += 1
        }
        guard j > offset else { return false }
        take(j - offset)
        return true
    }

    /// `0[xX][0-9a-fA-F]+`.
    mutating func lexHexNumber() -> Bool {
        guard byte(at: offset) == UInt8(ascii: "0"),
              byte(at: offset + 1) == UInt8(ascii: "x") || byte(at: offset + 1) == UInt8(ascii: "X"),
              Self.isHexDigit(byte(at: offset + 2)) else { return false }
        var j = offset + 3
        while j < end, Self.isHexDigit(bytes[j]) { j += 1 }
        take(j - offset)
        return true
    }

    /// `[+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?`, longest match.
    mutating func lexNumber() -> Bool {
        var j = offset
        if j < end, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
        let digitsStart = j
        while j < end, Self.isDigit(bytes[j]) { j += 1 }
        guard j > digitsStart else { return false }
        if j < end, bytes[j] == UInt8(ascii: ".") { j += 1 }
        while j < end, Self.isDigit(bytes[j]) { j += 1 }
        if j < end, bytes[j] == UInt8(ascii: "e") || bytes[j] == UInt8(ascii: "E"),
           j + 1 < end, bytes[j + 1] == UInt8(ascii: "+") || bytes[j + 1] == UInt8(ascii: "-"),
           j + 2 < end, Self.isDigit(bytes[j + 2]) {
            j += 3
            while j < end, Self.isDigit(bytes[j]) { j += 1 }
        }
        take(j - offset)
        return true
    }

    /// `[^()"'[:space:]=,]+`.
    mutating func lexBareString() -> Bool {
        var j = offset
        while j < end, !Self.isBareStringStop(bytes[j]) { j += 1 }
        guard j > offset else { return false }
        take(j - offset)
        return true
    }

    /// `not[[:space:]]+`.
    mutating func lexNotBlank() -> Bool {
        guard startsWith("not"), Self.isSpace(byte(at: offset + 3)) else { return false }
        var j = offset + 3
        while j < end, Self.isSpace(bytes[j]) { j += 1 }
        take(j - offset)
        return true
    }

    /// A `'…'` or `"…"` string. It ends at the first delimiter not directly preceded by a
    /// backslash (so `"a\\"` does not end at its last quote, as in libsinsp). The escapes are
    /// then processed; `lastToken` holds the result. Escape errors throw with the cursor
    /// after the closing quote.
    mutating func lexQuotedString() throws(ConditionSyntaxError) -> Bool {
        let delimiter = current
        guard delimiter == UInt8(ascii: "'") || delimiter == UInt8(ascii: "\"") else { return false }
        let saved = position
        var prev = UInt8(ascii: "\\")
        var token: [UInt8] = []
        while !atEnd, bytes[offset] != 0 {
            let b = bytes[offset]
            if b == delimiter, prev != UInt8(ascii: "\\") {
                advance()
                token.append(delimiter)
                lastToken = String(decoding: token, as: UTF8.self)
                lastToken = try unescape(token)
                return true
            }
            prev = b
            token.append(b)
            advance()
        }
        lastToken = String(decoding: token, as: UTF8.self)
        position = saved
        return false
    }

    /// libsinsp's escape processing of a quoted token (delimiters included).
    private func unescape(_ token: [UInt8]) throws(ConditionSyntaxError) -> String {
        var result: [UInt8] = []
        let len = token.count - 1
        var escaped = false
        var i = 1
        while i < len {
            let b = token[i]
            if !escaped {
                if b == UInt8(ascii: "\\") { escaped = true } else { result.append(b) }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: " "), UInt8(ascii: "\\"): result.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): result.append(UInt8(ascii: "/"))
            case UInt8(ascii: "\""):
                if token[0] != b { throw error("invalid \\\" escape in '-quoted string") }
                result.append(b)
            case UInt8(ascii: "'"):
                if token[0] != b { throw error("invalid \\' escape in \"-quoted string") }
                result.append(b)
            case UInt8(ascii: "x"):
                if i + 2 >= len { throw error("truncated hex char escape sequence") }
                let hi = token[i + 1], lo = token[i + 2]
                guard let h = Self.hexValue(hi), let l = Self.hexValue(lo) else {
                    throw error("invalid hex char escape sequence: " + String(decoding: [hi, lo], as: UTF8.self))
                }
                result.append(h << 4 | l)
                i += 2
            default:
                throw error("unsupported string escape sequence: \\" + String(decoding: [b], as: UTF8.self))
            }
            escaped = false
            i += 1
        }
        guard let text = String(validating: result, as: UTF8.self) else {
            throw error("hex char escape sequences produce a string that is not valid UTF-8")
        }
        return text
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    func error(_ message: String) -> ConditionSyntaxError {
        ConditionSyntaxError(message: message, position: position)
    }
}

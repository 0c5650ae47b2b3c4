import BulkheadCore

/// A value read by ``TOMLLite``.
enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    /// Offset/local date-times, dates and times, kept as written.
    case datetime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var table: TOMLTable? {
        if case .table(let value) = self { return value }
        return nil
    }

    var array: [TOMLValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

/// A TOML table: its keys and values, the 1-based line where it starts, and whether a syntax error
/// was found inside it (its values after the error are missing).
struct TOMLTable: Sendable, Hashable {
    var values: [String: TOMLValue] = [:]
    var line: Int
    var corrupt = false

    init(line: Int) {
        self.line = line
    }

    subscript(key: String) -> TOMLValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The tables of an array of tables (`[[package]]`), or of an inline array of inline tables.
    func tables(_ key: String) -> [TOMLTable] {
        values[key]?.array?.compactMap(\.table) ?? []
    }
}

/// A small, bounded TOML reader for lock files (`Cargo.lock`, `poetry.lock`, `uv.lock`): tables,
/// arrays of tables, dotted and quoted keys, strings (basic, literal, multi-line), numbers,
/// booleans, date-times (as text), arrays and inline tables.
///
/// It is lenient where lock files never go (redefined tables are merged) and never fails as a
/// whole: a syntax error is a located diagnostic, the table being read is marked ``TOMLTable/corrupt``
/// and reading resumes at the next table header.
enum TOMLLite {
    /// Nesting of arrays and inline tables beyond which a value is rejected.
    static let maxDepth = 32
    /// Values (of any kind) read from one document before the rest is dropped.
    static let maxValues = 2_000_000

    /// Parses `text`; `path` locates diagnostics.
    static func parse(_ text: String, path: String) -> (root: TOMLTable, diagnostics: [Diagnostic]) {
        var parser = TOMLParser(bytes: Array(text.utf8), path: path)
        parser.run()
        return (parser.root, parser.diagnostics)
    }
}

/// A syntax error at a line.
private struct TOMLSyntaxError: Error {
    var message: String
    var line: Int
}

private struct TOMLParser {
    let bytes: [UInt8]
    let path: String
    var index = 0
    var line = 1
    var root = TOMLTable(line: 1)
    var diagnostics: [Diagnostic] = []
    var valueCount = 0
    /// The section being read: its header keys, whether `[[...]]`, and the values read so far.
    var sectionKeys: [String] = []
    var sectionIsArray = false
    var section = TOMLTable(line: 1)
    /// False after a header that could not be read: its values are dropped.
    var sectionValid = true

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        // A UTF-8 byte order mark is not content.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    // MARK: Document

    mutating func run() {
        while true {
            skipBlankAndComments()
            guard index < bytes.count else { break }
            let statementLine = line
            do {
                if bytes[index] == UInt8(ascii: "[") {
                    try header()
                } else {
                    let (keys, value, keyLine) = try keyValue()
                    try Self.assign(value, at: keys[...], in: &section, line: keyLine)
                }
                try endOfLine()
            } catch let error as TOMLSyntaxError {
                report(error)
                section.corrupt = true
                resynchronise(statementLine: statementLine)
            } catch {
                break
            }
            if valueCount > TOMLLite.maxValues {
                report(TOMLSyntaxError(message: "more than \(TOMLLite.maxValues) values; the rest is ignored", line: line))
                section.corrupt = true
                break
            }
        }
        flushSection()
    }

    mutating func report(_ error: TOMLSyntaxError) {
        diagnostics.append(.catalog(.corruptEntry, "TOML: \(error.message)", file: path, line: error.line))
    }

    /// Skips to the next line that starts with `[` (a table header), counting lines. When the
    /// error was found on a later line than its statement began (an unclosed array or inline
    /// table) and that line is a header, reading resumes right there.
    mutating func resynchronise(statementLine: Int) {
        if line > statementLine {
            var start = min(index, bytes.count)
            while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            var probe = start
            while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") {
                probe += 1
            }
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "[") {
                index = start
                return
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                index += 1
                var probe = index
                while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") {
                    probe += 1
                }
                if probe < bytes.count, bytes[probe] == UInt8(ascii: "[") { return }
            } else {
                index += 1
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`: ends the current section and starts another.
    mutating func header() throws {
        let headerLine = line
        flushSection()
        section = TOMLTable(line: headerLine)
        sectionValid = false
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipSpaces()
        let keys = try keyPath()
        skipSpaces()
        try expect("]")
        if isArray { try expect("]") }
        sectionKeys = keys
        sectionIsArray = isArray
        sectionValid = true
    }

    /// Stores the finished section in the document.
    mutating func flushSection() {
        let finished = section
        section = TOMLTable(line: line)
        guard sectionValid else { return }
        if sectionKeys.isEmpty {
            for (key, value) in finished.values { root.values[key] = value }
            if finished.corrupt { root.corrupt = true }
            return
        }
        do {
            try Self.place(finished, at: sectionKeys[...], isArray: sectionIsArray, in: &root)
        } catch let error as TOMLSyntaxError {
            report(TOMLSyntaxError(message: error.message, line: finished.line))
        } catch {}
    }

    /// Puts `table` at `keys` under `parent`: intermediate keys name tables (created when missing)
    /// or arrays of tables (their last element); the last key is appended to (`[[...]]`) or merged.
    static func place(_ table: TOMLTable, at keys: ArraySlice<String>, isArray: Bool,
                      in parent: inout TOMLTable) throws {
        guard let key = keys.first else { return }
        let rest = keys.dropFirst()
        let existing = parent.values.removeValue(forKey: key)
        if rest.isEmpty {
            switch (existing, isArray) {
            case (nil, true):
                parent.values[key] = .array([.table(table)])
            case (.array(var items)?, true):
                items.append(.table(table))
                parent.values[key] = .array(items)
            case (nil, false):
                parent.values[key] = .table(table)
            case (.table(var merged)?, false):
                for (k, v) in table.values { merged.values[k] = v }
                merged.corrupt = merged.corrupt || table.corrupt
                merged.line = table.line
                parent.values[key] = .table(merged)
            case (let other?, _):
                parent.values[key] = other
                throw TOMLSyntaxError(message: "table header redefines key '\(key)'", line: table.line)
            }
            return
        }
        switch existing {
        case nil:
            var created = TOMLTable(line: table.line)
            try place(table, at: rest, isArray: isArray, in: &created)
            parent.values[key] = .table(created)
        case .table(var inner)?:
            defer { parent.values[key] = .table(inner) }
            try place(table, at: rest, isArray: isArray, in: &inner)
        case .array(var items)?:
            guard case .table(var last)? = items.popLast() else {
                parent.values[key] = .array(items)
                throw TOMLSyntaxError(message: "'\(key)' is an array of values, not of tables", line: table.line)
            }
            defer {
                items.append(.table(last))
                parent.values[key] = .array(items)
            }
            try place(table, at: rest, isArray: isArray, in: &last)
        case let other?:
            parent.values[key] = other
            throw TOMLSyntaxError(message: "'\(key)' is a value, not a table", line: table.line)
        }
    }

    /// `key.path = value`: the keys, the value and the line of the key.
    mutating func keyValue() throws -> ([String], TOMLValue, Int) {
        let keyLine = line
        let keys = try keyPath()
        skipSpaces()
        try expect("=")
        skipSpaces()
        return (keys, try parseValue(depth: 0), keyLine)
    }

    /// Sets a dotted key, creating the intermediate tables.
    static func assign(_ value: TOMLValue, at keys: ArraySlice<String>, in table: inout TOMLTable, line: Int) throws {
        guard let key = keys.first else { return }
        let rest = keys.dropFirst()
        if rest.isEmpty {
            table.values[key] = value
            return
        }
        var inner: TOMLTable
        switch table.values.removeValue(forKey: key) {
        case nil: inner = TOMLTable(line: line)
        case .table(let existing)?: inner = existing
        case let other?:
            table.values[key] = other
            throw TOMLSyntaxError(message: "dotted key '\(key)' is already a value", line: line)
        }
        defer { table.values[key] = .table(inner) }
        try assign(value, at: rest, in: &inner, line: line)
    }

    // MARK: Keys

    mutating func keyPath() throws -> [String] {
        var keys: [String] = []
        while true {
            skipSpaces()
            keys.append(try simpleKey())
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return keys }
            index += 1
            guard keys.count < TOMLLite.maxDepth else { throw error("key has too many dotted parts") }
        }
    }

    mutating func simpleKey() throws -> String {
        guard let c = peek() else { throw error("expected a key, found end of file") }
        if c == UInt8(ascii: "\"") { return try basicString() }
        if c == UInt8(ascii: "'") { return try literalString() }
        let start = index
        while let b = peek(), Self.isBareKeyByte(b) { index += 1 }
        guard index > start else { throw error("expected a key, found '\(Self.describe(c))'") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws -> TOMLValue {
        guard depth < TOMLLite.maxDepth else { throw error("values nested deeper than \(TOMLLite.maxDepth)") }
        valueCount += 1
        guard let c = peek() else { throw error("expected a value, found end of file") }
        switch c {
        case UInt8(ascii: "\""):
            return .string(try startsWith("\"\"\"") ? multilineBasicString() : basicString())
        case UInt8(ascii: "'"):
            return .string(try startsWith("'''") ? multilineLiteralString() : literalString())
        case UInt8(ascii: "["):
            return try array(depth: depth)
        case UInt8(ascii: "{"):
            return try inlineTable(depth: depth)
        default:
            return try bareValue()
        }
    }

    mutating func array(depth: Int) throws -> TOMLValue {
        index += 1
        var items: [TOMLValue] = []
        while true {
            skipBlankAndComments()
            guard let c = peek() else { throw error("unterminated array") }
            if c == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            items.append(try parseValue(depth: depth + 1))
            skipBlankAndComments()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() != UInt8(ascii: "]") {
                throw error("expected ',' or ']' in array")
            }
        }
    }

    /// `{ a = 1, b.c = "x" }`; newlines and a trailing comma are accepted (TOML 1.1).
    mutating func inlineTable(depth: Int) throws -> TOMLValue {
        var table = TOMLTable(line: line)
        index += 1
        while true {
            skipBlankAndComments()
            guard let c = peek() else { throw error("unterminated inline table") }
            if c == UInt8(ascii: "}") {
                index += 1
                return .table(table)
            }
            let keyLine = line
            let keys = try keyPath()
            skipSpaces()
            try expect("=")
            skipSpaces()
            let value = try parseValue(depth: depth + 1)
            try Self.assign(value, at: keys[...], in: &table, line: keyLine)
            skipBlankAndComments()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() != UInt8(ascii: "}") {
                throw error("expected ',' or '}' in inline table")
            }
        }
    }

    /// Booleans, numbers and date-times.
    mutating func bareValue() throws -> TOMLValue {
        let start = index
        while let b = peek(), Self.isBareValueByte(b) { index += 1 }
        // A date and a time may be separated by one space: `1979-05-27 07:32:00Z`.
        if index - start == 10, peek() == UInt8(ascii: " "), index + 1 < bytes.count,
           bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39, bytes[start + 4] == UInt8(ascii: "-") {
            index += 1
            while let b = peek(), Self.isBareValueByte(b) { index += 1 }
        }
        guard index > start else {
            throw error("expected a value, found '\(Self.describe(bytes[start]))'")
        }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let integer = Self.integer(token) { return .integer(integer) }
        let plain = token.replacingUnderscores()
        if plain.first.map({ $0.isNumber || $0 == "+" || $0 == "-" }) == true, !plain.contains(":"),
           Self.looksLikeFloat(plain), let float = Double(plain) {
            return .float(float)
        }
        if let first = token.first, first.isNumber, token.contains("-") || token.contains(":") {
            return .datetime(token)
        }
        throw error("invalid value '\(token.prefix(40))'")
    }

    static func isBareValueByte(_ b: UInt8) -> Bool {
        isBareKeyByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }

    static func looksLikeFloat(_ s: String) -> Bool {
        s.allSatisfy { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }
    }

    static func integer(_ token: String) -> Int64? {
        let plain = token.replacingUnderscores()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where plain.hasPrefix(prefix) {
            return Int64(plain.dropFirst(2), radix: radix)
        }
        guard plain.allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" }) else { return nil }
        return Int64(plain)
    }

    // MARK: Strings

    mutating func basicString() throws -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("unterminated string") }
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\n"):
                throw error("newline in a single-line string")
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            default:
                out.append(c)
                index += 1
            }
        }
    }

    mutating func literalString() throws -> String {
        index += 1
        let start = index
        while let c = peek(), c != UInt8(ascii: "'") {
            if c == UInt8(ascii: "\n") { throw error("newline in a single-line string") }
            index += 1
        }
        guard peek() != nil else { throw error("unterminated string") }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func multilineBasicString() throws -> String {
        let startLine = line
        index += 3
        skipNewlineAfterOpening()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else {
                throw TOMLSyntaxError(message: "unterminated multi-line string", line: startLine)
            }
            if startsWith("\"\"\"") {
                // Up to two quotes right before the closing delimiter are content.
                let run = quoteRun(UInt8(ascii: "\""))
                out.append(contentsOf: repeatElement(UInt8(ascii: "\""), count: min(run - 3, 2)))
                index += min(run, 5)
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                // A line-ending backslash trims the newline and the whitespace after it.
                var probe = index + 1
                while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t")
                    || bytes[probe] == UInt8(ascii: "\r") { probe += 1 }
                if probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") {
                    index = probe
                    while let w = peek(), w == UInt8(ascii: " ") || w == UInt8(ascii: "\t") || w == UInt8(ascii: "\n")
                        || w == UInt8(ascii: "\r") {
                        if w == UInt8(ascii: "\n") { line += 1 }
                        index += 1
                    }
                    continue
                }
                try escape(into: &out)
                continue
            }
            if c == UInt8(ascii: "\n") { line += 1 }
            out.append(c)
            index += 1
        }
    }

    mutating func multilineLiteralString() throws -> String {
        let startLine = line
        index += 3
        skipNewlineAfterOpening()
        let start = index
        while index < bytes.count, !startsWith("'''") {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        guard index < bytes.count else {
            throw TOMLSyntaxError(message: "unterminated multi-line string", line: startLine)
        }
        let run = quoteRun(UInt8(ascii: "'"))
        let end = index + min(run - 3, 2)
        index += min(run, 5)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    mutating func skipNewlineAfterOpening() {
        if startsWith("\r\n") {
            index += 2
            line += 1
        } else if peek() == UInt8(ascii: "\n") {
            index += 1
            line += 1
        }
    }

    /// Reads one `\` escape at `index` into `out`.
    mutating func escape(into out: inout [UInt8]) throws {
        index += 1
        guard let e = peek() else { throw error("unterminated escape") }
        index += 1
        if let byte = Self.simpleEscapes[e] {
            out.append(byte)
            return
        }
        let digits: Int
        switch e {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        case UInt8(ascii: "x"): digits = 2
        default: throw error("invalid escape '\\\(Self.describe(e))'")
        }
        guard index + digits <= bytes.count,
              let code = UInt32(String(decoding: bytes[index..<(index + digits)], as: UTF8.self), radix: 16),
              let scalar = Unicode.Scalar(code) else {
            throw error("invalid unicode escape")
        }
        index += digits
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    // MARK: Lexing helpers

    /// How many `quote` bytes follow `index` in a row.
    func quoteRun(_ quote: UInt8) -> Int {
        var n = 0
        while index + n < bytes.count, bytes[index + n] == quote { n += 1 }
        return n
    }

    static let simpleEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
        UInt8(ascii: "r"): 0x0D, UInt8(ascii: "e"): 0x1B, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C,
    ]

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func startsWith(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        return s.withUTF8Buffer { prefix in
            for i in 0..<n where prefix[i] != bytes[index + i] { return false }
            return true
        }
    }

    mutating func expect(_ s: StaticString) throws {
        guard startsWith(s) else {
            throw error("expected '\(s)', found \(peek().map { "'\(Self.describe($0))'" } ?? "end of file")")
        }
        index += s.utf8CodeUnitCount
    }

    mutating func skipSpaces() {
        while let b = peek(), b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { index += 1 }
    }

    /// Spaces, newlines and comments.
    mutating func skipBlankAndComments() {
        while let b = peek() {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: "#"):
                while let c = peek(), c != UInt8(ascii: "\n") { index += 1 }
            default:
                return
            }
        }
    }

    /// After a header or key/value: only spaces and a comment may remain on the line.
    mutating func endOfLine() throws {
        skipSpaces()
        if peek() == UInt8(ascii: "#") {
            while let c = peek(), c != UInt8(ascii: "\n") { index += 1 }
        }
        if peek() == UInt8(ascii: "\r") { index += 1 }
        guard let c = peek() else { return }
        guard c == UInt8(ascii: "\n") else { throw error("unexpected '\(Self.describe(c))' after value") }
    }

    func error(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(message: message, line: line)
    }

    static func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }
}

private extension String {
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}

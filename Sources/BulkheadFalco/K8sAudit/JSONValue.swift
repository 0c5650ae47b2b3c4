// A small immutable JSON tree with a hardened byte-level parser, RFC 6901 pointers and
// compact serialisation. Pure Swift (no Foundation).
//
// Fidelity choices, made so that values rendered back to text match what Falco's Go plugins
// (fastjson `MarshalTo`) print for Kubernetes audit events:
//   * objects keep their members in source order (and keep duplicate keys; lookup returns the
//     first, as fastjson's `Get` does);
//   * numbers keep their literal text ("201", "1.50", "1e3", "18446744073709551615"), so uint64
//     and decimal spellings survive a round trip;
//   * strings are re-escaped the way Go's encoding/json (and so kube-apiserver) writes them.

// MARK: - Tree

/// An immutable JSON value.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, kept as its exact literal text (see ``JSONNumber``).
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// An object whose members keep their source order (see ``JSONObject``).
    case object(JSONObject)
}

/// A JSON number kept as its literal text, so integers of any size (uint64 included) and
/// decimal spellings survive parsing and serialisation unchanged.
///
/// Equality is by text: `1` and `1.0` are different numbers here (as they are in the text
/// Falco prints for them).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral
{
    /// The literal, always valid RFC 8259 number syntax.
    public let text: String

    init(uncheckedText: String) { text = uncheckedText }

    /// A number from literal text; nil unless `text` is valid JSON number syntax.
    public init?(text: String) {
        var t = text
        let ok = t.withUTF8 { JSONNumber.isValidLiteral($0) }
        guard ok else { return nil }
        self.text = text
    }

    public init(_ value: Int) { text = String(value) }
    public init(_ value: Int64) { text = String(value) }
    public init(_ value: UInt64) { text = String(value) }

    /// A number from a double; nil for infinities and NaN (JSON cannot spell them). Integral
    /// values below 2^53 are written without a fraction ("3", not "3.0").
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            text = String(Int64(value))
        } else {
            text = "\(value)"  // Swift's shortest round-trip form is valid JSON ("1e-07", "0.1")
        }
    }

    public init(integerLiteral value: Int) { self.init(value) }
    public init(floatLiteral value: Double) { self = JSONNumber(value) ?? JSONNumber(uncheckedText: "0") }

    public var description: String { text }

    /// True when the literal has no fraction and no exponent.
    public var isIntegerLiteral: Bool { !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") } }

    /// The value as a double (may round; huge exponents give ±infinity).
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The exact value when the literal is a non-negative integer that fits in UInt64.
    public var uint64Value: UInt64? {
        guard isIntegerLiteral else { return nil }
        if text == "-0" { return 0 }
        return UInt64(text)
    }

    /// The exact value when the literal is an integer that fits in Int64.
    public var int64Value: Int64? {
        guard isIntegerLiteral else { return nil }
        return Int64(text)
    }

    static func isValidLiteral(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if i < n, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { return false }
        if b[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(b[i]) {
            while i < n, isDigit(b[i]) { i += 1 }
        } else {
            return false
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, isDigit(b[i]) else { return false }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, isDigit(b[i]) else { return false }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        return i == n
    }
}

/// A JSON object: members in source order. Duplicate keys are kept (serialisation writes
/// them all); lookup by key returns the first, like fastjson.
///
/// Equality and hashing ignore member order: two objects are equal when their members,
/// stably sorted by key, are equal.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in source order.
    public let members: [Member]
    /// Key → index of its first occurrence; built only for larger objects. Keyed by bytes, as
    /// the linear lookup compares (String's own hashing would merge canonically equivalent keys).
    private let index: [JSONKey: Int]?

    private static let indexThreshold = 24

    public init() {
        members = []
        index = nil
    }

    public init(_ members: [Member]) {
        self.members = members
        if members.count > JSONObject.indexThreshold {
            var idx = [JSONKey: Int](minimumCapacity: members.count)
            for (i, m) in members.enumerated() where idx[JSONKey(m.key)] == nil { idx[JSONKey(m.key)] = i }
            index = idx
        } else {
            index = nil
        }
    }

    /// Members in the given order.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.init(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    /// Members from a dictionary, ordered by key (UTF-8 byte order) so the result is deterministic.
    public init(_ dictionary: [String: JSONValue]) {
        self.init(
            dictionary.map { Member(key: $0.key, value: $0.value) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }

    // RandomAccessCollection
    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    public subscript(position: Int) -> Member { members[position] }

    /// The value of the first member named `key`.
    public subscript(key: String) -> JSONValue? {
        if let index {
            guard let i = index[JSONKey(key)] else { return nil }
            return members[i].value
        }
        // JSON compares keys code point by code point: bytes, not Unicode canonical equivalence
        // (which also made every mismatch take String's slow comparison path).
        for i in members.indices where Bytes.equal(members[i].key, key) { return members[i].value }
        return nil
    }

    /// The keys in source order (duplicates included).
    public var keys: [String] { members.map(\.key) }

    private var sortedMembers: [Member] {
        members.enumerated().sorted { a, b in
            if a.element.key != b.element.key {
                return a.element.key.utf8.lexicographicallyPrecedes(b.element.key.utf8)
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        if lhs.members == rhs.members { return true }
        return lhs.sortedMembers == rhs.sortedMembers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for m in sortedMembers {
            hasher.combine(m.key)
            hasher.combine(m.value)
        }
    }
}

// MARK: - Literals and accessors

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(floatLiteral: value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}

/// An object key compared and hashed by its UTF-8 bytes (JSON compares code points).
struct JSONKey: Hashable {
    let text: String
    init(_ text: String) { self.text = text }
    static func == (a: JSONKey, b: JSONKey) -> Bool { Bytes.equal(a.text, b.text) }
    func hash(into hasher: inout Hasher) {
        Bytes.withBytes(text) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension JSONValue {
    /// The member `key` of an object (first occurrence); nil for other kinds.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, index >= 0, index < a.count { return a[index] }
        return nil
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    /// A short name of the kind of value, for messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

// MARK: - JSON pointer (RFC 6901)

extension JSONValue {
    /// The value a JSON pointer (RFC 6901) designates: `""` is the whole document; otherwise
    /// the pointer is a sequence of `/`-prefixed reference tokens, with `~1` for `/` and `~0`
    /// for `~`. Array indices are `0` or a decimal without leading zeros (`-` designates no
    /// element). Returns nil for a malformed pointer or a missing value.
    public func value(at pointer: String) -> JSONValue? {
        guard let tokens = JSONValue.pointerTokens(pointer) else { return nil }
        var current = self
        for token in tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = JSONValue.strictArrayIndex(token), i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Splits and unescapes an RFC 6901 pointer; nil when malformed.
    static func pointerTokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.utf8.first == UInt8(ascii: "/") else { return nil }
        var tokens: [String] = []
        var current: [UInt8] = []
        var it = pointer.utf8.dropFirst().makeIterator()
        while let b = it.next() {
            if b == UInt8(ascii: "/") {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else if b == UInt8(ascii: "~") {
                switch it.next() {
                case UInt8(ascii: "0"): current.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): current.append(UInt8(ascii: "/"))
                default: return nil
                }
            } else {
                current.append(b)
            }
        }
        tokens.append(String(decoding: current, as: UTF8.self))
        return tokens
    }

    static func strictArrayIndex(_ token: String) -> Int? {
        let u = token.utf8
        guard let first = u.first, u.count <= 18 else { return nil }
        if first == UInt8(ascii: "0") { return u.count == 1 ? 0 : nil }
        var v = 0
        for c in u {
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }
}

// MARK: - Serialisation

extension JSONValue {
    /// Compact JSON text: no insignificant whitespace, object members in their stored order,
    /// numbers as their literal text, and strings escaped as Go's encoding/json does (`\"`,
    /// `\\`, `\b \f \n \r \t`, other controls as `\u00XX`, and `<`, `>`, `&`, U+2028, U+2029
    /// as `\u` escapes), which is how kube-apiserver writes audit events.
    public var jsonText: String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        JSONWriter.write(self, into: &out, sortedKeys: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// Like ``jsonText`` but with object members sorted by key (UTF-8 byte order, stable for
    /// duplicates): a canonical form for comparisons and golden files.
    public var canonicalJSONText: String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        JSONWriter.write(self, into: &out, sortedKeys: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// The compact text as UTF-8 bytes.
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        JSONWriter.write(self, into: &out, sortedKeys: false)
        return out
    }
}

enum JSONWriter {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func write(_ value: JSONValue, into out: inout [UInt8], sortedKeys: Bool) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(e, into: &out, sortedKeys: sortedKeys)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            var members = o.members
            if sortedKeys {
                members = members.enumerated().sorted { a, b in
                    if a.element.key != b.element.key {
                        return a.element.key.utf8.lexicographicallyPrecedes(b.element.key.utf8)
                    }
                    return a.offset < b.offset
                }.map(\.element)
            }
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, into: &out, sortedKeys: sortedKeys)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var utf8 = s.utf8.makeIterator()
        var pending: [UInt8] = []  // lookahead for U+2028/U+2029 (E2 80 A8/A9)
        func emit(_ b: UInt8, _ out: inout [UInt8]) {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        while let b = utf8.next() {
            if b == 0xE2 {
                // Possible U+2028 / U+2029.
                pending.removeAll(keepingCapacity: true)
                pending.append(b)
                if let b1 = utf8.next() {
                    pending.append(b1)
                    if b1 == 0x80, let b2 = utf8.next() {
                        pending.append(b2)
                        if b2 == 0xA8 || b2 == 0xA9 {
                            out.append(contentsOf: "\\u202".utf8)
                            out.append(b2 == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                            continue
                        }
                    }
                }
                for p in pending { emit(p, &out) }
            } else {
                emit(b, &out)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

// MARK: - Text utilities over raw JSON bytes

/// Operations on already-validated JSON text that keep string and number tokens byte for byte.
public enum JSONText {
    /// `text` without insignificant whitespace. `text` must be valid JSON.
    public static func compact(_ text: some Collection<UInt8>) -> [UInt8] {
        if let r = text.withContiguousStorageIfAvailable({ compact(buffer: $0) }) { return r }
        return Array(text).withUnsafeBufferPointer { compact(buffer: $0) }
    }

    static func compact(buffer b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        let n = b.count
        var i = 0
        var runStart = 0
        while i < n {
            let c = b[i]
            if c == 0x22 {
                // Skip the string token.
                i += 1
                while i < n {
                    let d = b[i]
                    if d == 0x5C { i += 2; continue }
                    i += 1
                    if d == 0x22 { break }
                }
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i])) }
                i += 1
                runStart = i
                continue
            }
            i += 1
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<min(i, n)])) }
        return out
    }

    /// `text` indented as Go's `json.Indent(dst, src, "", indent)` does (the json plugin's
    /// `json.obj` / `jevt.obj`): one member or element per line, `": "` after keys, empty
    /// objects and arrays kept as `{}` / `[]`, tokens unchanged. `text` must be valid JSON.
    public static func goIndent(_ text: some Collection<UInt8>, indent: String = "  ") -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 2)
        let ind = Array(indent.utf8)
        var depth = 0
        var needIndent = false
        var inString = false
        var escaped = false
        func newline(_ out: inout [UInt8], _ depth: Int) {
            out.append(0x0A)
            for _ in 0..<max(depth, 0) { out.append(contentsOf: ind) }
        }
        for c in text {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { continue }
            if needIndent && c != UInt8(ascii: "}") && c != UInt8(ascii: "]") {
                needIndent = false
                depth += 1
                newline(&out, depth)
            }
            switch c {
            case 0x22:
                inString = true
                out.append(c)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                needIndent = true
                out.append(c)
            case UInt8(ascii: ","):
                out.append(c)
                newline(&out, depth)
            case UInt8(ascii: ":"):
                out.append(c)
                out.append(0x20)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if needIndent {
                    needIndent = false
                } else {
                    depth -= 1
                    newline(&out, depth)
                }
                out.append(c)
            default:
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Parsing

/// Limits for ``JSONValue/parse(_:options:)``.
public struct JSONParseOptions: Sendable, Hashable {
    /// The deepest nesting of arrays and objects accepted (the document's outermost container
    /// is depth 1). Deeper input fails with ``JSONParseError/Reason/depthLimitExceeded(_:)``.
    public var maxDepth: Int

    public init(maxDepth: Int = 512) { self.maxDepth = max(1, maxDepth) }

    public static let `default` = JSONParseOptions()
}

/// Why and where JSON text failed to parse.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// No value at all (empty or whitespace-only input).
        case emptyInput
        /// The input ended while `expected` was still required.
        case unexpectedEnd(expected: String)
        /// A byte that cannot start or continue the construct being parsed.
        case unexpectedByte(UInt8, expected: String)
        /// A malformed `true`, `false` or `null`.
        case invalidLiteral
        /// A malformed number (e.g. leading zeros, missing digits).
        case invalidNumber(String)
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape(UInt8)
        /// A `\u` escape without four hex digits.
        case invalidUnicodeEscape
        /// A raw control character (below U+0020) inside a string.
        case controlCharacterInString(UInt8)
        /// Bytes that are not well-formed UTF-8 (overlong forms, surrogates, > U+10FFFF,
        /// stray continuation bytes, truncated sequences).
        case invalidUTF8
        /// Arrays/objects nested deeper than the limit.
        case depthLimitExceeded(Int)
        /// Non-whitespace after the complete value.
        case trailingData
    }

    public let reason: Reason
    /// 0-based byte offset of the problem in the input.
    public let offset: Int
    /// 1-based line (lines end at `\n`).
    public let line: Int
    /// 1-based column, counted in bytes.
    public let column: Int

    public init(reason: Reason, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var message: String {
        func show(_ b: UInt8) -> String {
            if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            let h = String(b, radix: 16, uppercase: true)
            return "byte 0x" + (h.count == 1 ? "0" + h : h)
        }
        switch reason {
        case .emptyInput: return "no JSON value in input"
        case .unexpectedEnd(let expected): return "unexpected end of input, expected \(expected)"
        case .unexpectedByte(let b, let expected): return "unexpected \(show(b)), expected \(expected)"
        case .invalidLiteral: return "invalid literal (expected true, false or null)"
        case .invalidNumber(let why): return "invalid number: \(why)"
        case .invalidEscape(let b): return "invalid escape sequence '\\\(show(b))' in string"
        case .invalidUnicodeEscape: return "invalid \\u escape in string (expected 4 hex digits)"
        case .controlCharacterInString(let b): return "unescaped control character \(show(b)) in string"
        case .invalidUTF8: return "invalid UTF-8"
        case .depthLimitExceeded(let d): return "nesting deeper than \(d) levels"
        case .trailingData: return "unexpected data after the JSON value"
        }
    }

    public var description: String { "JSON parse error at line \(line), column \(column) (byte \(offset)): \(message)" }
}

extension JSONValue {
    /// Parses exactly one JSON value (RFC 8259) from UTF-8 bytes; surrounding whitespace is
    /// allowed, anything else after the value is an error. Strict: no comments, no trailing
    /// commas, no NaN/Infinity, no byte-order mark, well-formed UTF-8 only. Lone surrogate
    /// `\u` escapes decode to U+FFFD. Never traps on hostile input; nesting is capped by
    /// `options.maxDepth` and the parser does not recurse.
    public static func parse(_ bytes: some Collection<UInt8>, options: JSONParseOptions = .default)
        throws(JSONParseError) -> JSONValue
    {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buf in
            Result { () throws(JSONParseError) -> JSONValue in try parseDocument(buf, options: options) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        let r: Result<JSONValue, JSONParseError> = copy.withUnsafeBufferPointer { buf in
            Result { () throws(JSONParseError) -> JSONValue in try parseDocument(buf, options: options) }
        }
        return try r.get()
    }

    /// Parses JSON text held in a `String`.
    public static func parse(_ text: String, options: JSONParseOptions = .default) throws(JSONParseError) -> JSONValue {
        var t = text
        let r: Result<JSONValue, JSONParseError> = t.withUTF8 { buf in
            Result { () throws(JSONParseError) -> JSONValue in try parseDocument(buf, options: options) }
        }
        return try r.get()
    }

    static func parseDocument(_ buf: UnsafeBufferPointer<UInt8>, options: JSONParseOptions) throws(JSONParseError) -> JSONValue {
        var p = JSONByteParser(buffer: buf, start: 0, maxDepth: options.maxDepth)
        p.skipWhitespace()
        if p.pos >= buf.count { throw p.error(.emptyInput, at: p.pos) }
        let v = try p.parseValue()
        p.skipWhitespace()
        if p.pos < buf.count { throw p.error(.trailingData, at: p.pos) }
        return v
    }
}

/// The parser proper: an explicit-stack (non-recursive) recursive-descent over a byte buffer.
struct JSONByteParser {
    let buf: UnsafeBufferPointer<UInt8>
    let n: Int
    var pos: Int
    let maxDepth: Int
    /// Compute line/column for errors (callers with their own line table pass false).
    let locate: Bool

    init(buffer: UnsafeBufferPointer<UInt8>, start: Int, maxDepth: Int, locate: Bool = true) {
        buf = buffer
        n = buffer.count
        pos = start
        self.maxDepth = maxDepth
        self.locate = locate
    }

    func error(_ reason: JSONParseError.Reason, at offset: Int) -> JSONParseError {
        guard locate else { return JSONParseError(reason: reason, offset: offset, line: 0, column: 0) }
        let (line, column) = JSONByteParser.location(of: offset, in: buf)
        return JSONParseError(reason: reason, offset: offset, line: line, column: column)
    }

    static func location(of offset: Int, in buf: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, buf.count)
        var i = 0
        while i < end {
            if buf[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (line, offset - lineStart + 1)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < n {
            let c = buf[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    private enum Frame { case array, object }

    /// Parses one value starting at `pos` (whitespace already skipped) and leaves `pos` just
    /// after it. Open containers live on stacks of their own and grow in place (a container
    /// popped off a stack of enum frames would be copied on every append).
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var frames: [Frame] = []
        var arrays: [[JSONValue]] = []
        var objects: [[JSONObject.Member]] = []
        var keys: [String] = []
        var value: JSONValue
        parsing: while true {
            skipWhitespace()
            guard pos < n else { throw error(.unexpectedEnd(expected: "a value"), at: pos) }
            let c = buf[pos]
            switch c {
            case UInt8(ascii: "{"):
                if frames.count >= maxDepth { throw error(.depthLimitExceeded(maxDepth), at: pos) }
                pos += 1
                skipWhitespace()
                if pos < n, buf[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    keys.append(try parseKey())
                    frames.append(.object)
                    var members: [JSONObject.Member] = []
                    members.reserveCapacity(8)
                    objects.append(members)
                    continue parsing
                }
            case UInt8(ascii: "["):
                if frames.count >= maxDepth { throw error(.depthLimitExceeded(maxDepth), at: pos) }
                pos += 1
                skipWhitespace()
                if pos < n, buf[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    frames.append(.array)
                    arrays.append([])
                    continue parsing
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw error(.unexpectedByte(c, expected: "a value"), at: pos)
            }

            // A value is complete: hand it to the enclosing containers.
            while true {
                guard let top = frames.last else { return value }
                switch top {
                case .array:
                    arrays[arrays.count - 1].append(value)
                    skipWhitespace()
                    guard pos < n else { throw error(.unexpectedEnd(expected: "',' or ']'"), at: pos) }
                    let d = buf[pos]
                    if d == UInt8(ascii: ",") {
                        pos += 1
                        continue parsing
                    }
                    if d == UInt8(ascii: "]") {
                        pos += 1
                        frames.removeLast()
                        value = .array(arrays.removeLast())
                        continue
                    }
                    throw error(.unexpectedByte(d, expected: "',' or ']'"), at: pos)
                case .object:
                    objects[objects.count - 1].append(JSONObject.Member(key: keys.removeLast(), value: value))
                    skipWhitespace()
                    guard pos < n else { throw error(.unexpectedEnd(expected: "',' or '}'"), at: pos) }
                    let d = buf[pos]
                    if d == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        keys.append(try parseKey())
                        continue parsing
                    }
                    if d == UInt8(ascii: "}") {
                        pos += 1
                        frames.removeLast()
                        value = .object(JSONObject(objects.removeLast()))
                        continue
                    }
                    throw error(.unexpectedByte(d, expected: "',' or '}'"), at: pos)
                }
            }
        }
    }

    /// `"key"` then `:`; leaves `pos` at the value.
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard pos < n else { throw error(.unexpectedEnd(expected: "an object key"), at: pos) }
        guard buf[pos] == UInt8(ascii: "\"") else {
            throw error(.unexpectedByte(buf[pos], expected: "an object key string"), at: pos)
        }
        let key = try parseString()
        skipWhitespace()
        guard pos < n else { throw error(.unexpectedEnd(expected: "':'"), at: pos) }
        guard buf[pos] == UInt8(ascii: ":") else { throw error(.unexpectedByte(buf[pos], expected: "':'"), at: pos) }
        pos += 1
        return key
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = pos
        let len = word.utf8CodeUnitCount
        let w = word.utf8Start
        var k = 0
        while k < len {
            guard pos + k < n else { throw error(.unexpectedEnd(expected: "'\(word)'"), at: pos + k) }
            guard buf[pos + k] == w[k] else { throw error(.invalidLiteral, at: start) }
            k += 1
        }
        pos += len
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = pos
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if buf[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < n else { throw error(.unexpectedEnd(expected: "a digit"), at: pos) }
        if buf[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < n, isDigit(buf[pos]) { throw error(.invalidNumber("leading zero"), at: start) }
        } else if isDigit(buf[pos]) {
            while pos < n, isDigit(buf[pos]) { pos += 1 }
        } else {
            throw error(.invalidNumber("expected a digit"), at: pos)
        }
        if pos < n, buf[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < n else { throw error(.unexpectedEnd(expected: "a fraction digit"), at: pos) }
            guard isDigit(buf[pos]) else { throw error(.invalidNumber("expected a digit after '.'"), at: pos) }
            while pos < n, isDigit(buf[pos]) { pos += 1 }
        }
        if pos < n, buf[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < n, buf[pos] == UInt8(ascii: "+") || buf[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < n else { throw error(.unexpectedEnd(expected: "an exponent digit"), at: pos) }
            guard isDigit(buf[pos]) else { throw error(.invalidNumber("expected a digit in the exponent"), at: pos) }
            while pos < n, isDigit(buf[pos]) { pos += 1 }
        }
        return JSONNumber(uncheckedText: String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self))
    }

    /// Validates one multi-byte UTF-8 sequence whose lead byte is at `pos` (>= 0x80) and
    /// advances past it.
    @inline(__always)
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let b0 = buf[pos]
        @inline(__always) func cont(_ i: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i < n && buf[i] >= lo && buf[i] <= hi
        }
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard cont(pos + 1) else { throw error(.invalidUTF8, at: pos) }
            pos += 2
        } else if b0 >= 0xE0 && b0 <= 0xEF {
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard cont(pos + 1, lo, hi), cont(pos + 2) else { throw error(.invalidUTF8, at: pos) }
            pos += 3
        } else if b0 >= 0xF0 && b0 <= 0xF4 {
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard cont(pos + 1, lo, hi), cont(pos + 2), cont(pos + 3) else { throw error(.invalidUTF8, at: pos) }
            pos += 4
        } else {
            throw error(.invalidUTF8, at: pos)
        }
    }

    /// A string starting at the opening quote at `pos`; leaves `pos` after the closing quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        let start = pos
        while pos < n {
            let b = buf[pos]
            if b == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == 0x5C { return try parseEscapedString(from: start) }
            if b < 0x20 { throw error(.controlCharacterInString(b), at: pos) }
            if b < 0x80 { pos += 1 } else { try skipUTF8Sequence() }
        }
        throw error(.unexpectedEnd(expected: "'\"' to close the string"), at: pos)
    }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        default: return nil
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        // pos is at the first hex digit
        var v: UInt32 = 0
        for k in 0..<4 {
            guard pos + k < n else { throw error(.unexpectedEnd(expected: "4 hex digits"), at: pos + k) }
            guard let h = hexValue(buf[pos + k]) else { throw error(.invalidUnicodeEscape, at: pos + k) }
            v = v << 4 | h
        }
        pos += 4
        return v
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Slow path once a backslash is seen; `pos` is at that backslash.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(pos - start + 16)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<pos]))
        while pos < n {
            let b = buf[pos]
            if b == 0x22 {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == 0x5C {
                guard pos + 1 < n else { throw error(.unexpectedEnd(expected: "an escape sequence"), at: pos + 1) }
                let e = buf[pos + 1]
                pos += 2
                switch e {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let u = try readHex4()
                    if u >= 0xD800 && u <= 0xDBFF {
                        // High surrogate: combine with a following \uDC00-\uDFFF, else U+FFFD.
                        if pos + 5 < n, buf[pos] == 0x5C, buf[pos + 1] == UInt8(ascii: "u") {
                            let save = pos
                            pos += 2
                            let lo = try readHex4()
                            if lo >= 0xDC00 && lo <= 0xDFFF {
                                JSONByteParser.appendUTF8(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), to: &out)
                            } else {
                                JSONByteParser.appendUTF8(0xFFFD, to: &out)
                                pos = save  // reprocess the second escape on its own
                            }
                        } else {
                            JSONByteParser.appendUTF8(0xFFFD, to: &out)
                        }
                    } else if u >= 0xDC00 && u <= 0xDFFF {
                        JSONByteParser.appendUTF8(0xFFFD, to: &out)
                    } else {
                        JSONByteParser.appendUTF8(u, to: &out)
                    }
                default:
                    throw error(.invalidEscape(e), at: pos - 2)
                }
                continue
            }
            if b < 0x20 { throw error(.controlCharacterInString(b), at: pos) }
            if b < 0x80 {
                out.append(b)
                pos += 1
            } else {
                let s = pos
                try skipUTF8Sequence()
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[s..<pos]))
            }
        }
        throw error(.unexpectedEnd(expected: "'\"' to close the string"), at: pos)
    }
}

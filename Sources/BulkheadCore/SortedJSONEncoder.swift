import Foundation

/// Encodes `Encodable` values to JSON with sorted keys and unescaped slashes, pretty-printed or
/// on one line: byte for byte what Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (plus `.prettyPrinted`), at a fraction of its cost.
/// Reports, SARIF and SBOMs are written through it; tests compare it with `JSONEncoder`.
///
/// The format it reproduces: keys in `String` order; two-space indentation and `"key" : value`
/// when pretty; empty objects and arrays pretty-printed as an opening line, an empty line and the
/// closing bracket; strings with `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` and `\u00XX` for other
/// control characters, everything else raw; doubles in their shortest form without a trailing
/// `.0`; `URL` as its absolute string and `Data` as base64, as `JSONEncoder` special-cases them.
public struct SortedJSONEncoder: Sendable {
    public var pretty: Bool

    public init(pretty: Bool = true) {
        self.pretty = pretty
    }

    /// The JSON text of `value` (no trailing newline).
    public func encode(_ value: some Encodable) throws -> String {
        let root = JSONTreeNode()
        try JSONTreeEncoder.encode(value, into: root, path: [])
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        root.write(into: &out, indent: 0, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Why a value cannot be written as JSON.
public struct SortedJSONEncoderError: Error, CustomStringConvertible {
    public var description: String
}

/// One node of the tree the encoder builds before writing it sorted.
final class JSONTreeNode {
    enum Content {
        case unset
        /// Serialized JSON text of a scalar (`"text"`, `12`, `true`, `null`).
        case scalar([UInt8])
        case object([String: JSONTreeNode])
        case array([JSONTreeNode])
    }

    var content: Content = .unset

    func child(forKey key: String) -> JSONTreeNode {
        if case .object(var members) = content {
            if let existing = members[key] { return existing }
            let node = JSONTreeNode()
            content = .unset  // drop the reference before mutating, so the dictionary is not copied
            members[key] = node
            content = .object(members)
            return node
        }
        let node = JSONTreeNode()
        content = .object([key: node])
        return node
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func append() -> JSONTreeNode {
        let node = JSONTreeNode()
        if case .array(var items) = content {
            content = .unset
            items.append(node)
            content = .array(items)
        } else {
            content = .array([node])
        }
        return node
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        if case .object(let members) = content { return members.count }
        return 0
    }

    func write(into out: inout [UInt8], indent: Int, pretty: Bool) {
        switch content {
        case .scalar(let bytes):
            out += bytes
        case .unset:
            // Nothing was encoded: JSONEncoder writes an empty object.
            JSONTreeNode.writeEmpty(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), into: &out, indent: indent, pretty: pretty)
        case .object(let members):
            if members.isEmpty {
                JSONTreeNode.writeEmpty(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), into: &out, indent: indent, pretty: pretty)
                return
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for key in members.keys.sorted() {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty { JSONTreeNode.newline(&out, indent + 2) }
                JSONTreeNode.writeString(key, into: &out)
                if pretty { out += [0x20, UInt8(ascii: ":"), 0x20] } else { out.append(UInt8(ascii: ":")) }
                members[key]!.write(into: &out, indent: indent + 2, pretty: pretty)
            }
            if pretty { JSONTreeNode.newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            if items.isEmpty {
                JSONTreeNode.writeEmpty(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), into: &out, indent: indent, pretty: pretty)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSONTreeNode.newline(&out, indent + 2) }
                item.write(into: &out, indent: indent + 2, pretty: pretty)
            }
            if pretty { JSONTreeNode.newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        }
    }

    static func writeEmpty(open: UInt8, close: UInt8, into out: inout [UInt8], indent: Int, pretty: Bool) {
        out.append(open)
        if pretty {
            out.append(0x0A)
            newline(&out, indent)
        }
        out.append(close)
    }

    static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        out += repeatElement(0x20, count: indent)
    }

    static let hex = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func integer(_ value: some BinaryInteger) -> Content { .scalar(Array(String(value).utf8)) }
    static func bool(_ value: Bool) -> Content { .scalar(Array((value ? "true" : "false").utf8)) }
    static var null: Content { .scalar(Array("null".utf8)) }

    static func scalar(_ text: String) -> Content {
        var bytes: [UInt8] = []
        writeString(text, into: &bytes)
        return .scalar(bytes)
    }

    static func number(_ value: some BinaryFloatingPoint & CustomStringConvertible) throws -> Content {
        guard value.isFinite else { throw SortedJSONEncoderError(description: "\(value) is not a valid JSON number") }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .scalar(Array(text.utf8))
    }
}

/// The `Encoder` that fills a ``JSONTreeNode``.
struct JSONTreeEncoder: Encoder {
    let node: JSONTreeNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func encode(_ value: some Encodable, into node: JSONTreeNode, path: [any CodingKey]) throws {
        switch value {
        case let url as URL: node.content = JSONTreeNode.scalar(url.absoluteString)
        case let data as Data: node.content = JSONTreeNode.scalar(data.base64EncodedString())
        case let string as String: node.content = JSONTreeNode.scalar(string)
        default: try value.encode(to: JSONTreeEncoder(node: node, codingPath: path))
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(node: node, codingPath: codingPath)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: JSONTreeNode
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.null }
        mutating func encode(_ value: Bool, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.scalar(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { node.child(forKey: key.stringValue).content = try JSONTreeNode.number(value) }
        mutating func encode(_ value: Float, forKey key: Key) throws { node.child(forKey: key.stringValue).content = try JSONTreeNode.number(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { node.child(forKey: key.stringValue).content = JSONTreeNode.integer(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try JSONTreeEncoder.encode(value, into: node.child(forKey: key.stringValue), path: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = node.child(forKey: key.stringValue)
            child.makeObject()
            return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = node.child(forKey: key.stringValue)
            child.makeArray()
            return Unkeyed(node: child, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Encoder {
            JSONTreeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            JSONTreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: JSONTreeNode
        var codingPath: [any CodingKey]
        var count: Int { node.count }

        mutating func encodeNil() throws { node.append().content = JSONTreeNode.null }
        mutating func encode(_ value: Bool) throws { node.append().content = JSONTreeNode.bool(value) }
        mutating func encode(_ value: String) throws { node.append().content = JSONTreeNode.scalar(value) }
        mutating func encode(_ value: Double) throws { node.append().content = try JSONTreeNode.number(value) }
        mutating func encode(_ value: Int) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int8) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int16) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt8) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt16) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int32) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int64) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt32) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt64) throws { node.append().content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Float) throws { node.append().content = try JSONTreeNode.number(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try JSONTreeEncoder.encode(value, into: node.append(), path: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = node.append()
            child.makeObject()
            return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = node.append()
            child.makeArray()
            return Unkeyed(node: child, codingPath: codingPath)
        }
        mutating func superEncoder() -> any Encoder {
            JSONTreeEncoder(node: node.append(), codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let node: JSONTreeNode
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = JSONTreeNode.null }
        mutating func encode(_ value: Bool) throws { node.content = JSONTreeNode.bool(value) }
        mutating func encode(_ value: String) throws { node.content = JSONTreeNode.scalar(value) }
        mutating func encode(_ value: Double) throws { node.content = try JSONTreeNode.number(value) }
        mutating func encode(_ value: Float) throws { node.content = try JSONTreeNode.number(value) }
        mutating func encode(_ value: Int) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int64) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt64) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int32) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt32) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int8) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: Int16) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt8) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode(_ value: UInt16) throws { node.content = JSONTreeNode.integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try JSONTreeEncoder.encode(value, into: node, path: codingPath)
        }
    }
}

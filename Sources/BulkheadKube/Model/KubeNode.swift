/// One node of a Kubernetes manifest as it was written: its value and where it is (1-based line
/// and column in its file), so every finding can point at the exact field. Built from YAML or
/// JSON by the loader; the policy checks read it through the typed accessors below.
public struct KubeNode: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        /// A scalar as written; `quoted` is true for '…' and "…" scalars (always strings).
        case scalar(String, quoted: Bool)
        case sequence([KubeNode])
        /// Keys in document order (duplicate keys keep the last, as Kubernetes' decoder does).
        case mapping([Entry])
        case null
    }

    public struct Entry: Sendable, Hashable {
        public var key: String
        /// Where the key is written (what a finding about this field points at).
        public var keyLine: Int
        public var keyColumn: Int
        public var value: KubeNode

        public init(key: String, keyLine: Int, keyColumn: Int, value: KubeNode) {
            self.key = key
            self.keyLine = keyLine
            self.keyColumn = keyColumn
            self.value = value
        }
    }

    public var value: Value
    public var line: Int
    public var column: Int

    public init(_ value: Value, line: Int = 0, column: Int = 0) {
        self.value = value
        self.line = line
        self.column = column
    }

    // MARK: typed access

    /// The value under `key` of a mapping (the last one when a key repeats); nil otherwise.
    public subscript(key: String) -> KubeNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// The entry (key position included) under `key`.
    public func entry(_ key: String) -> Entry? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.last { $0.key == key }
    }

    /// Follows a dotted path of mapping keys (`spec.template.spec`).
    public subscript(path path: String) -> KubeNode? {
        // Walks the dotted path in place: rules call this for every object, and splitting the
        // path into new strings each time was a tenth of an audit.
        var node = self
        var rest = Substring(path)
        while !rest.isEmpty {
            let dot = rest.utf8.firstIndex(of: UInt8(ascii: "."))
            let key = dot.map { rest[..<$0] } ?? rest
            rest = dot.map { rest[rest.utf8.index(after: $0)...] } ?? ""
            if key.isEmpty { continue }  // `a..b` is `a.b`, as split(separator:) read it
            guard case .mapping(let entries) = node.value, let entry = entries.last(where: { $0.key == key }) else { return nil }
            node = entry.value
        }
        return node
    }

    public var entries: [Entry] {
        if case .mapping(let e) = value { return e }
        return []
    }

    public var items: [KubeNode] {
        if case .sequence(let s) = value { return s }
        return []
    }

    public var isNull: Bool {
        switch value {
        case .null: true
        case .scalar(let s, let quoted): !quoted && (s == "null" || s == "~" || s == "Null" || s == "NULL" || s.isEmpty)
        default: false
        }
    }

    /// The scalar text (nil for mappings, sequences and null).
    public var string: String? {
        guard case .scalar(let s, _) = value, !isNull else { return nil }
        return s
    }

    /// A boolean as Kubernetes reads manifests: its YAML decoder follows YAML 1.1, so unquoted
    /// `yes`/`on`/`y` are true and `no`/`off`/`n` false, besides `true`/`false`; nil otherwise.
    public var bool: Bool? {
        guard case .scalar(let s, let quoted) = value, !quoted else { return nil }
        switch s {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// An integer scalar (decimal, optional sign; also `0x…`/`0o…` as YAML 1.2 allows); nil otherwise.
    public var int: Int? {
        guard case .scalar(let s, let quoted) = value, !quoted else { return nil }
        if let v = Int(s) { return v }
        if s.hasPrefix("0x"), let v = Int(s.dropFirst(2), radix: 16) { return v }
        if s.hasPrefix("0o"), let v = Int(s.dropFirst(2), radix: 8) { return v }
        if let d = Double(s), d == d.rounded(), abs(d) < 9e15 { return Int(d) }
        return nil
    }
}

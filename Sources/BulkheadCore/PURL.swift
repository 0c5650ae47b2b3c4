/// A Package URL (`pkg:type/namespace/name@version?qualifiers#subpath`), built and rendered per
/// the purl specification: components percent-encoded, qualifiers sorted by key, empty
/// qualifier values dropped, type lowercased.
public struct PURL: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var type: String
    public var namespace: String?
    public var name: String
    public var version: String?
    public var qualifiers: [String: String]
    public var subpath: String?

    public init(type: String, namespace: String? = nil, name: String, version: String? = nil,
                qualifiers: [String: String] = [:], subpath: String? = nil) {
        self.type = type.lowercased()
        self.namespace = namespace
        self.name = name
        self.version = version
        self.qualifiers = qualifiers.filter { !$0.value.isEmpty }
        self.subpath = subpath
    }

    /// The canonical string form.
    public var description: String {
        var out = "pkg:" + type + "/"
        if let namespace, !namespace.isEmpty {
            out += namespace.split(separator: "/").map { PURL.encode(String($0)) }.joined(separator: "/") + "/"
        }
        out += PURL.encode(name)
        if let version, !version.isEmpty { out += "@" + PURL.encode(version) }
        if !qualifiers.isEmpty {
            out += "?" + qualifiers.keys.sorted().map { key in
                key.lowercased() + "=" + PURL.encode(qualifiers[key] ?? "", keepSlash: false)
            }.joined(separator: "&")
        }
        if let subpath, !subpath.isEmpty {
            out += "#" + subpath.split(separator: "/").map { PURL.encode(String($0)) }.joined(separator: "/")
        }
        return out
    }

    public static func < (lhs: PURL, rhs: PURL) -> Bool { lhs.description < rhs.description }

    /// Percent-encodes everything outside the purl spec's unreserved set (`A-Z a-z 0-9 . - _ ~`);
    /// `:` is allowed unencoded per the spec's examples; `+` is always encoded.
    static func encode(_ s: String, keepSlash: Bool = false) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        // Decoding is lenient: keep the canonical text as the name when it does not parse.
        self.init(type: "generic", name: text)
    }
}

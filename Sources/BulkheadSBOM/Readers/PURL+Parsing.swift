import BulkheadCore

extension PURL {
    /// Parses a package URL per the purl specification: `pkg:` scheme, type, namespace
    /// segments, name, `@version`, `?qualifiers` and `#subpath`, percent-decoding each
    /// component (so rendering the result gives the canonical form). Returns nil when the text
    /// is not a purl (no `pkg:` scheme, no type, no name, bad characters in the type).
    public init?(parsing text: String) {
        guard text.count <= 64 << 10, text.lowercased().hasPrefix("pkg:") else { return nil }
        var rest = Substring(text.dropFirst(4))
        while rest.first == "/" { rest = rest.dropFirst() }

        var subpath: String?
        if let hash = rest.lastIndex(of: "#") {
            let segments = rest[rest.index(after: hash)...].split(separator: "/")
                .compactMap { PURL.decode($0) }.filter { $0 != "." && $0 != ".." && !$0.isEmpty }
            subpath = segments.isEmpty ? nil : segments.joined(separator: "/")
            rest = rest[..<hash]
        }
        var qualifiers: [String: String] = [:]
        if let question = rest.lastIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let key = pair[..<equals].lowercased()
                guard !key.isEmpty, let value = PURL.decode(pair[pair.index(after: equals)...]), !value.isEmpty else { continue }
                qualifiers[key] = value
            }
            rest = rest[..<question]
        }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let type = rest[..<slash].lowercased()
        guard !type.isEmpty, type.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "+" || $0 == "-") })
        else { return nil }
        var path = rest[rest.index(after: slash)...]
        var version: String?
        // The version follows the last '@' of the last path segment (a raw '@' in an npm scope
        // such as `@types/node` is not a version separator).
        let lastSlash = path.lastIndex(of: "/")
        if let at = path.lastIndex(of: "@"), lastSlash.map({ at > $0 }) ?? true {
            guard let decoded = PURL.decode(path[path.index(after: at)...]) else { return nil }
            version = decoded.isEmpty ? nil : decoded
            path = path[..<at]
        }
        var segments = path.split(separator: "/").map(String.init)
        guard let rawName = segments.popLast(), let name = PURL.decode(rawName[...]), !name.isEmpty else { return nil }
        var namespaceParts: [String] = []
        for segment in segments {
            guard let decoded = PURL.decode(segment[...]) else { return nil }
            if !decoded.isEmpty { namespaceParts.append(decoded) }
        }
        self.init(type: type, namespace: namespaceParts.isEmpty ? nil : namespaceParts.joined(separator: "/"), name: name,
                  version: version, qualifiers: qualifiers, subpath: subpath)
    }

    /// Percent-decodes one component; nil when the result is not UTF-8.
    static func decode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "%"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension Ecosystem {
    /// The ecosystem whose purl type is `type` (`deb` → ``debian``), if Bulkhead models it.
    public init?(purlType type: String) {
        guard let match = Ecosystem.allCases.first(where: { $0.purlType == type.lowercased() }) else { return nil }
        self = match
    }
}

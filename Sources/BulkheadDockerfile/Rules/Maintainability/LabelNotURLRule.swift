import BulkheadCore

/// DL3052: a `url` label of the label schema is not an absolute URI.
struct LabelNotURLRule: LabelSchemaValueCheck {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["org.opencontainers.image.url": .url])

    static let metadata = RuleMetadata(
        id: "DF152", slug: "label-not-url", title: "Label from the label schema is not a valid URL",
        severity: .medium, category: .maintainability,
        rationale: """
            Labels declared as `url` in `label-schema` are read by tools that link to them; a value \
            that is not an absolute RFC 3986 URI (scheme included) is a broken link.
            """,
        fix: "Use an absolute URI: `LABEL org.opencontainers.image.url=\"https://example.com/app\"`.",
        references: [.hadolint("DL3052")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL org.opencontainers.image.url=not-url",
                "FROM debian:12\n↓LABEL org.opencontainers.image.url=/rel/path",
                "FROM debian:12\n↓LABEL org.opencontainers.image.url=\"https://exa mple.com\"",
            ],
            passing: [
                "FROM debian:12\nLABEL org.opencontainers.image.url=http://example.com",
                "FROM debian:12\nLABEL org.opencontainers.image.url=\"mailto:a@b\"",
                "FROM debian:12\nLABEL org.opencontainers.image.url=\"http://[::1]/x#frag\"",
            ]))

    static let labelKind = LabelKind.url

    static func message(label name: String) -> String {
        "Label `\(name)` is not a valid URL."
    }

    // MARK: - RFC 3986 `URI` (absolute, fragment allowed), as Haskell's network-uri `parseURI`.

    static func isValidValue(_ value: String) -> Bool {
        let s = Array(value.unicodeScalars)
        var i = 0
        guard let first = s.first, isAlpha(first) else { return false }
        while i < s.count, isAlpha(s[i]) || isDigit(s[i]) || s[i] == "+" || s[i] == "-" || s[i] == "." { i += 1 }
        guard i < s.count, s[i] == ":" else { return false }
        i += 1
        var rest = Array(s[i...])
        if let hash = rest.firstIndex(of: "#") {
            guard isQueryOrFragment(rest[(hash + 1)...]) else { return false }
            rest = Array(rest[..<hash])
        }
        if let q = rest.firstIndex(of: "?") {
            guard isQueryOrFragment(rest[(q + 1)...]) else { return false }
            rest = Array(rest[..<q])
        }
        if rest.count >= 2, rest[0] == "/", rest[1] == "/" {
            let afterSlashes = rest[2...]
            let end = afterSlashes.firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(Array(rest[2..<end])) else { return false }
            return isPath(rest[end...])
        }
        return isPath(rest[...])
    }

    static func isAlpha(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isHex(_ c: Unicode.Scalar) -> Bool { isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c) }
    static func isUnreserved(_ c: Unicode.Scalar) -> Bool { isAlpha(c) || isDigit(c) || "-._~".unicodeScalars.contains(c) }
    static func isSubDelim(_ c: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(c) }

    /// Whether `s` is made of the allowed characters and well-formed `%XX` escapes.
    static func consists<C: Collection>(_ s: C, of allowed: (Unicode.Scalar) -> Bool) -> Bool
        where C.Element == Unicode.Scalar, C.Index == Int {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "%" {
                guard i + 2 < s.endIndex, isHex(s[i + 1]), isHex(s[i + 2]) else { return false }
                i += 3
                continue
            }
            guard allowed(s[i]) else { return false }
            i += 1
        }
        return true
    }

    static func isPChar(_ c: Unicode.Scalar) -> Bool { isUnreserved(c) || isSubDelim(c) || c == ":" || c == "@" }

    static func isPath(_ s: ArraySlice<Unicode.Scalar>) -> Bool { consists(s) { isPChar($0) || $0 == "/" } }

    static func isQueryOrFragment(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        consists(s) { isPChar($0) || $0 == "/" || $0 == "?" }
    }

    static func isAuthority(_ a: [Unicode.Scalar]) -> Bool {
        var hostPort = a[...]
        if let at = a.firstIndex(of: "@") {
            guard consists(a[..<at], of: { isUnreserved($0) || isSubDelim($0) || $0 == ":" }) else { return false }
            hostPort = a[(at + 1)...]
        }
        var port: ArraySlice<Unicode.Scalar> = []
        if hostPort.first == "[" {
            guard let close = hostPort.firstIndex(of: "]"),
                  isIPLiteral(Array(hostPort[(hostPort.startIndex + 1)..<close])) else { return false }
            let after = hostPort[(close + 1)...]
            if let colon = after.first {
                guard colon == ":" else { return false }
                port = after.dropFirst()
            }
        } else {
            var host = hostPort
            if let colon = hostPort.firstIndex(of: ":") {
                host = hostPort[..<colon]
                port = hostPort[(colon + 1)...]
            }
            guard consists(host, of: { isUnreserved($0) || isSubDelim($0) }) else { return false }
        }
        return port.allSatisfy(isDigit)
    }

    static func isIPLiteral(_ s: [Unicode.Scalar]) -> Bool {
        if let v = s.first, v == "v" || v == "V" {
            guard let dot = s.firstIndex(of: "."), dot > 1, s[1..<dot].allSatisfy(isHex), dot + 1 < s.count else { return false }
            return s[(dot + 1)...].allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == ":" }
        }
        var address = s[...]
        if let pct = s.firstIndex(of: "%") {
            // RFC 6874 zone identifier: `%25` then the zone.
            let zone = s[pct...]
            guard zone.count > 3, zone.starts(with: "%25".unicodeScalars),
                  consists(zone.dropFirst(3), of: isUnreserved) else { return false }
            address = s[..<pct]
        }
        return isIPv6(String(String.UnicodeScalarView(address)))
    }

    static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { p in
            guard !p.isEmpty, p.count <= 3, p.unicodeScalars.allSatisfy(isDigit), let n = Int(p), n <= 255 else { return false }
            return p.count == 1 || p.first != "0"
        }
    }

    static func isIPv6(_ s: String) -> Bool {
        func groups(_ part: Substring, allowIPv4: Bool) -> Int? {
            if part.isEmpty { return 0 }
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            var count = 0
            for (k, g) in items.enumerated() {
                if allowIPv4, k == items.count - 1, g.contains(".") {
                    guard isIPv4(g) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(g.count), g.unicodeScalars.allSatisfy(isHex) else { return nil }
                    count += 1
                }
            }
            return count
        }
        let chars = Array(s.utf8)
        guard let gap = chars.indices.dropLast().first(where: { chars[$0] == 0x3A && chars[$0 + 1] == 0x3A }) else {
            return groups(Substring(s), allowIPv4: true) == 8
        }
        let left = String(decoding: chars[..<gap], as: UTF8.self)
        let right = String(decoding: chars[(gap + 2)...], as: UTF8.self)
        guard let l = groups(Substring(left), allowIPv4: false),
              let r = groups(Substring(right), allowIPv4: true) else { return false }
        return l + r <= 7
    }
}

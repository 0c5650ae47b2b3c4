/// A registry image reference, `[host[:port]/]repo[:tag][@sha256:…]`, normalised the way Docker
/// does: no host means Docker Hub (`registry-1.docker.io`), a one-part Docker Hub repository
/// gets `library/`, no tag and no digest means `latest`.
public struct RegistryReference: Sendable, Hashable, CustomStringConvertible {
    /// `host[:port]` as written (`127.0.0.1:5000`, `ghcr.io`, `docker.io`).
    public var host: String
    /// Repository path (`library/alpine`, `org/app`).
    public var repository: String
    public var tag: String?
    public var digest: String?

    /// The host to talk to (Docker Hub's API lives at `registry-1.docker.io`).
    public var apiHost: String { host == "docker.io" || host == "index.docker.io" ? "registry-1.docker.io" : host }

    /// The tag or digest asked for (`latest` when neither was given).
    public var tagOrDigest: String { digest ?? tag ?? "latest" }

    public var description: String {
        var text = host + "/" + repository
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest }
        return text
    }

    /// Parses `text` (an optional `registry:` or `docker://` prefix is dropped).
    ///
    /// - Throws: ``ImageError`` `unsupported` naming the part that is invalid.
    public init(_ text: String) throws(ImageError) {
        var rest = Substring(text)
        for prefix in ["registry:", "docker://"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        func bad(_ why: String) -> ImageError { ImageError(.unsupported, "'\(text)' is not an image reference: \(why)") }
        guard !rest.isEmpty, rest.count <= 512 else { throw bad("empty or too long") }
        if let at = rest.firstIndex(of: "@") {
            let d = String(rest[rest.index(after: at)...])
            guard d.hasPrefix("sha256:"), d.count == 71, d.dropFirst(7).allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw bad("digest must be sha256: followed by 64 lower-case hex digits")
            }
            digest = d
            rest = rest[..<at]
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, let first = parts.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first.first?.isUppercase == true {
            host = first
            parts.removeFirst()
        } else {
            host = "docker.io"
        }
        if let last = parts.last, let colon = last.lastIndex(of: ":") {
            let t = String(last[last.index(after: colon)...])
            guard Self.isTag(t) else { throw bad("tag '\(t)' must be 1-128 of [A-Za-z0-9_.-], not starting with . or -") }
            tag = t
            parts[parts.count - 1] = String(last[..<colon])
        }
        guard Self.isHost(host) else { throw bad("registry host '\(host)' is invalid") }
        for component in parts where !Self.isPathComponent(component) {
            throw bad("repository component '\(component)' must be lower-case letters and digits separated by '.', '_', '__' or '-'")
        }
        if host == "docker.io", parts.count == 1 { parts.insert("library", at: 0) }
        repository = parts.joined(separator: "/")
    }

    static func isTag(_ t: String) -> Bool {
        guard let first = t.first, t.count <= 128, first != ".", first != "-" else { return false }
        return t.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }

    /// `name(.name)*[:port]` with alphanumeric labels (inner `-` allowed), or a bracketed IPv6 address.
    static func isHost(_ h: String) -> Bool {
        guard !h.isEmpty, h.count <= 255 else { return false }
        var name = Substring(h)
        if h.hasPrefix("["), let close = h.firstIndex(of: "]") {
            let inner = h[h.index(after: h.startIndex)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return false }
            name = h[h.index(after: close)...]
            if name.isEmpty { return true }
            guard name.hasPrefix(":") else { return false }
            return name.count > 1 && name.dropFirst().allSatisfy(\.isNumber)
        }
        if let colon = name.lastIndex(of: ":") {
            let port = name[name.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isNumber) else { return false }
            name = name[..<colon]
        }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let f = label.first, let l = label.last, f.isLetter || f.isNumber, l.isLetter || l.isNumber else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*`, the distribution spec's path component.
    static func isPathComponent(_ c: String) -> Bool {
        let bytes = Array(c.utf8)
        guard let f = bytes.first, let l = bytes.last, Self.alnum(f), Self.alnum(l) else { return false }
        var i = 0
        while i < bytes.count {
            if Self.alnum(bytes[i]) { i += 1; continue }
            var j = i
            while j < bytes.count, !Self.alnum(bytes[j]) { j += 1 }
            let sep = String(decoding: bytes[i..<j], as: UTF8.self)
            guard sep == "." || sep == "_" || sep == "__" || sep.allSatisfy({ $0 == "-" }) else { return false }
            i = j
        }
        return true
    }

    private static func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
}

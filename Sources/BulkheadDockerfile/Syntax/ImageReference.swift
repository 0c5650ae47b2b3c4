/// A parsed image reference: `[registry/]repository[:tag][@digest]`.
///
/// Follows the distribution reference grammar: the first path component is a registry when it
/// contains `.` or `:` or is `localhost`.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The reference as written.
    public var raw: String
    public var registry: String?
    /// The repository path without registry (`library/debian` is kept as `debian`).
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(parsing raw: String) {
        self.raw = raw
        var rest = Substring(raw)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        // A tag is after the last ':' that follows the last '/'.
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = String(first)
                rest = rest[rest.index(after: slash)...]
            }
        }
        repository = String(rest)
    }

    public var description: String { raw }

    /// `scratch`, the empty base.
    public var isScratch: Bool { raw.lowercased() == "scratch" }

    /// Whether the reference contains an unexpanded variable (`$VERSION`).
    public var hasVariable: Bool { raw.contains("$") }

    /// The image name without registry and without a `library/` prefix: `python`, `bitnami/redis`.
    public var shortName: String {
        repository.hasPrefix("library/") ? String(repository.dropFirst(8)) : repository
    }
}

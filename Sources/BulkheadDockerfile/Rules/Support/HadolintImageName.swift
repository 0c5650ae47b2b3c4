/// An image reference split the way Hadolint's parser (language-docker 16) splits it, which is
/// not how BuildKit does (``ImageReference``): the first `/`-separated part is a registry only
/// when it contains a dot (`gcr.io/x`, `my.reg:5000/x`); the name then ends at the first `:` or
/// `@` (`localhost:5000/x` is name `localhost`, tag `5000/x`; `zemanlx/ubuntu` has no registry).
/// Used by DL3006, DL3009, DL3026, DL3033/DL3041, DL3042/DL3045, DL3049, DL3057 and DL3060.
struct HadolintImageName: Hashable, Sendable {
    var registry: String?
    var name: String
    var tag: String?
    var digest: String?

    /// Splits `raw` (the FROM image or `--from`/`from=` value as written).
    ///
    /// With `digestFirst`, everything from the first `@` is cut off before the registry is
    /// looked for — the reading the label, HEALTHCHECK and yarn-cache rules (DL3049, DL3057,
    /// DL3060) have always used. It differs from the default only when an `@` comes before the
    /// first `/` (`a.b@sha256:x/y`: name `a.b` instead of registry `a.b@sha256:x`, name `y`).
    init(_ raw: String, digestFirst: Bool = false) {
        var rest = Substring(raw)
        if digestFirst, let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let slash = rest.firstIndex(of: "/"), rest[..<slash].contains(".") {
            registry = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        if !digestFirst, let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let colon = rest.firstIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        name = String(rest)
    }

    /// The image name of a FROM (see ``init(_:digestFirst:)``).
    init(_ from: FromArguments, digestFirst: Bool = false) {
        self.init(from.imageWord.raw, digestFirst: digestFirst)
    }
}

/// A FROM as Hadolint compares stages when it asks "is this the same stage" (its `BaseImage`
/// value: image, tag, digest, alias and platform): two FROMs are equal when they are written
/// the same. DL3009 and DL3060 use it to find the RUNs of the final stage and of the stages it
/// is built from.
struct HadolintBaseImage: Hashable, Sendable {
    /// The image reference as written.
    var image: String
    /// The `AS` name as written (case kept).
    var alias: String?
    /// The `--platform` value.
    var platform: String?

    init(image: String, alias: String?, platform: String?) {
        self.image = image
        self.alias = alias
        self.platform = platform
    }

    /// The stage a FROM starts.
    init(_ from: FromArguments) {
        self.init(image: from.imageWord.raw, alias: from.alias?.raw, platform: from.platform)
    }

    /// The stage Hadolint assumes before the first FROM (an unnamed `scratch`).
    static let placeholder = HadolintBaseImage(image: "scratch", alias: nil, platform: nil)
}

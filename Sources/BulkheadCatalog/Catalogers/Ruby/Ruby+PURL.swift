import BulkheadCore

/// RubyGems package URLs: `pkg:gem/<name>@<version>`, with `?platform=<platform>` for gems built
/// for one platform (the purl spec's `platform` qualifier; pure-Ruby gems have none).
enum GemPURL {
    static func make(name: String, version: String, platform: String?) -> PURL {
        var qualifiers: [String: String] = [:]
        if let platform, platform != "ruby" { qualifiers["platform"] = platform }
        return PURL(type: Ecosystem.rubygems.purlType, name: name, version: version, qualifiers: qualifiers)
    }

    /// Splits a Gemfile.lock version `1.13.1-x86_64-linux` into version and platform (gem
    /// versions cannot contain `-`, so the first one starts the platform).
    static func splitPlatform(_ text: Substring) -> (version: String, platform: String?) {
        guard let dash = text.firstIndex(of: "-") else { return (String(text), nil) }
        let platform = text[text.index(after: dash)...]
        return (String(text[..<dash]), platform.isEmpty ? nil : String(platform))
    }
}

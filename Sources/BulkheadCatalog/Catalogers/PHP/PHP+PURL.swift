import BulkheadCore

/// Composer package URLs: `pkg:composer/<vendor>/<name>@<version>`.
enum ComposerPURL {
    /// The purl for `vendor/name`; extra `/` parts are joined to the name with `-` (as Syft does),
    /// a name without vendor has no namespace.
    static func make(name: String, version: String) -> PURL {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return PURL(type: Ecosystem.packagist.purlType, name: name, version: version) }
        return PURL(type: Ecosystem.packagist.purlType, namespace: String(parts[0]),
                    name: parts.dropFirst().joined(separator: "-"), version: version)
    }
}

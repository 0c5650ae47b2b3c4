import BulkheadCore

extension DpkgEntry {
    /// `pkg:deb/<distro-id>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>&upstream=<source>`.
    ///
    /// As syft does: `upstream` is the source name (with `@<source version>` when `Source:` names
    /// one) and is present only when it says something the name and version do not.
    func purl(release: LinuxRelease?) -> PURL {
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if let release { qualifiers["distro"] = release.purlDistro }
        if let source, source != package || (sourceVersion != nil && sourceVersion != version) {
            qualifiers["upstream"] = sourceVersion.map { source + "@" + $0 } ?? source
        }
        return PURL(type: Ecosystem.debian.purlType, namespace: release?.id ?? "debian", name: package,
                    version: version, qualifiers: qualifiers)
    }
}

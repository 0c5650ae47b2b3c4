import BulkheadCore

extension RpmEntry {
    /// `pkg:rpm/<namespace>/<name>@<version>-<release>?arch=…&distro=<id>-<version_id>&epoch=…&upstream=<source rpm>`,
    /// as syft builds it: the namespace is the distro ID (`rhel` and `hummingbird` → `redhat`,
    /// `opensuse-*` → `opensuse`), absent without a detected release; the epoch is a qualifier, never part of
    /// the purl version; each qualifier only when it has a value; qualifiers sorted.
    func purl(release: LinuxRelease?) -> PURL {
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if let epoch { qualifiers["epoch"] = String(epoch) }
        if let sourceRPM { qualifiers["upstream"] = sourceRPM }
        if let release { qualifiers["distro"] = release.purlDistro }
        return PURL(type: Ecosystem.rpm.purlType, namespace: release.map { Self.purlNamespace(distroID: $0.id) },
                    name: name, version: version + "-" + self.release, qualifiers: qualifiers)
    }

    /// The purl namespace for a distro ID.
    static func purlNamespace(distroID: String) -> String {
        if distroID == "rhel" || distroID == "hummingbird" { return "redhat" }
        if distroID.hasPrefix("opensuse") { return "opensuse" }
        return distroID
    }
}

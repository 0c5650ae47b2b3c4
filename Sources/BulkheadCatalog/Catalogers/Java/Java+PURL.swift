import BulkheadCore

/// How a Maven group ID is chosen for a package found in a Java archive (Syft's order, without
/// its built-in artifact-to-group table): the `pom.properties` groupId (or an artifactId that
/// looks like a group), then group-like manifest fields, else the artifact name itself.
enum MavenGroupID {
    /// Manifest fields that often carry a group ID, most reliable first.
    static let primaryManifestFields = ["Group-Id", "Bundle-SymbolicName", "Extension-Name", "Specification-Vendor",
                                        "Implementation-Vendor", "Implementation-Vendor-Id", "Implementation-Title",
                                        "Bundle-Activator"]
    static let secondaryManifestFields = ["Automatic-Module-Name", "Main-Class", "Package"]
    /// A value is taken as a group ID only when it starts like a reversed domain.
    static let domainPrefixes = ["com", "org", "net", "io", "be"]

    static func fromPomProperties(_ properties: PomProperties?) -> String? {
        guard let properties else { return nil }
        if !properties.groupID.isEmpty { return cleanOSGi(properties.groupID) }
        if properties.artifactID.contains(".") { return cleanOSGi(properties.artifactID) }
        return nil
    }

    static func fromManifest(_ manifest: JavaManifest?) -> String? {
        guard let manifest else { return nil }
        for fields in [primaryManifestFields, secondaryManifestFields] {
            let candidates = fields.flatMap { field in
                ([manifest.main] + manifest.sections).compactMap { section in
                    section.first { $0.key == field }?.value
                }
            }
            .filter { value in domainPrefixes.contains { value.hasPrefix($0) } }
            .map(cleanManifestValue)
            .sorted()
            if let first = candidates.first { return first }
        }
        return nil
    }

    /// `org.bar;uses:="org.foo"` → `org.bar`.
    static func cleanOSGi(_ value: String) -> String {
        String(value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingWhitespace()
    }

    /// Like ``cleanOSGi(_:)``, also dropping a `#…` suffix.
    static func cleanManifestValue(_ value: String) -> String {
        let beforeDirective = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(beforeDirective.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingWhitespace()
    }
}

extension PURL {
    /// `pkg:maven/<group>/<artifact>@<version>`; the artifact doubles as the group when none is known.
    static func maven(group: String?, artifact: String, version: String) -> PURL {
        PURL(type: Ecosystem.maven.purlType, namespace: group.nonEmpty ?? artifact, name: artifact,
             version: version.isEmpty ? nil : version)
    }
}

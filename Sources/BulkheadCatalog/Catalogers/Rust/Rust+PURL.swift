import BulkheadCore

extension PURL {
    /// `pkg:cargo/<name>@<version>` (no qualifiers, as syft and trivy emit for registry, git and
    /// local crates alike).
    static func cargo(name: String, version: String) -> PURL {
        PURL(type: Ecosystem.cargo.purlType, name: name, version: version.isEmpty ? nil : version)
    }
}

import BulkheadCore

/// NuGet package URLs: `pkg:nuget/<Name>@<version>`, the name's case kept as Syft and Trivy do.
enum NuGetPURL {
    static func make(name: String, version: String) -> PURL {
        PURL(type: Ecosystem.nuget.purlType, name: name, version: version)
    }
}

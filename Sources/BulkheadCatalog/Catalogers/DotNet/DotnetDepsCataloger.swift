import BulkheadCore

/// NuGet packages an application runs with, from its `*.deps.json` (see ``ParseDepsJSON`` for
/// which libraries count).
public struct DotnetDepsCataloger: Cataloger {
    public let name = "dotnet-deps-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("dotnet")]

    static let glob = "**/*.deps.json"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try files.catalogText(matching: Self.glob, limit: ReadLimit.packageDatabase) { file, text in
            let parsed = ParseDepsJSON.parse(text, path: file.path)
            var result = CatalogResult(diagnostics: parsed.diagnostics)
            result.packages += parsed.libraries.map { library in
                Package(name: library.name, version: library.version, ecosystem: .nuget,
                        purl: NuGetPURL.make(name: library.name, version: library.version),
                        locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name)
            }
            return result
        }
    }
}

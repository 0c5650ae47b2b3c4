import BulkheadCore

/// Installed npm packages: the `package.json` of every package directory under `node_modules`
/// (project trees, global `/usr/lib/node_modules` and `/usr/local/lib/node_modules`, nested and
/// pnpm-store layouts; see ``NodeModulesLayout``).
public struct NpmPackageCataloger: Cataloger {
    public let name = "javascript-package-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("javascript")]

    static let glob = "**/node_modules/**/package.json"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        for file in try files.catalogFiles(matching: Self.glob)
        where file.kind == .regular && NodeModulesLayout.isPackageManifest(file.path) {
            do {
                let parsed = ParsePackageJSON.parse(try files.text(of: file, limit: ReadLimit.metadata), path: file.path)
                result.diagnostics += parsed.diagnostics
                guard let manifest = parsed.manifest else { continue }
                result.packages.append(
                    Package(name: manifest.name, version: manifest.version, ecosystem: .npm,
                            purl: NpmPURL.make(name: manifest.name, version: manifest.version),
                            licenses: manifest.licenses,
                            locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name))
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
    }
}

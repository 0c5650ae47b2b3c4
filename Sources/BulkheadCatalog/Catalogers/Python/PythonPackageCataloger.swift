import BulkheadCore

/// Installed Python distributions anywhere in the tree: `**/*.dist-info/METADATA` (wheels) and
/// `**/*.egg-info/PKG-INFO` (eggs, `setup.py develop`), and `**/*.egg-info` when it is itself the
/// PKG-INFO file (old distutils installs).
public struct PythonPackageCataloger: Cataloger {
    public let name = "python-installed-package-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("python")]

    static let globs = ["**/*.dist-info/METADATA", "**/*.egg-info/PKG-INFO", "**/*.egg-info"]
    public var wantedGlobs: [String] { Self.globs }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        for glob in Self.globs {
            for file in try files.catalogFiles(matching: glob) where file.kind == .regular {
                do {
                    switch ParsePythonMetadata.parse(try files.text(of: file, limit: ReadLimit.metadata), path: file.path) {
                    case .success(let metadata):
                        result.packages.append(
                            Package(name: metadata.name, version: metadata.version, ecosystem: .pypi, purl: metadata.purl,
                                    licenses: metadata.license.map { [$0] } ?? [],
                                    locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name))
                    case .failure(let error):
                        result.diagnostics.append(error.diagnostic)
                    }
                } catch {
                    result.diagnostics.append(error.diagnostic)
                }
            }
        }
        return result
    }
}

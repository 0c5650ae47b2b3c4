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
        var found: [(package: Package, metadata: PythonMetadata)] = []
        for glob in Self.globs {
            result.append(try files.catalogText(matching: glob, limit: ReadLimit.metadata) { file, text in
                switch ParsePythonMetadata.parse(text, path: file.path) {
                case .success(let metadata):
                    found.append((Package(name: metadata.name, version: metadata.version, ecosystem: .pypi, purl: metadata.purl,
                                          licenses: metadata.license.map { [$0] } ?? [],
                                          locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name),
                                  metadata))
                    return CatalogResult()
                case .failure(let error):
                    return CatalogResult(diagnostics: [error.diagnostic])
                }
            })
        }
        result.packages += Self.resolveDependencies(found)
        return result
    }

    /// `Requires-Dist` names → the installed distributions they name, preferring one installed
    /// next to the requirer (the same `site-packages`), as a runtime would import it.
    static func resolveDependencies(_ found: [(package: Package, metadata: PythonMetadata)]) -> [Package] {
        func directory(_ p: Package) -> String {
            let path = p.locations.first?.path ?? ""
            var parts = path.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count >= 2 { parts.removeLast(2) }  // …/site-packages/x.dist-info/METADATA
            return parts.joined(separator: "/")
        }
        var byName: [String: [Package]] = [:]
        for item in found { byName[PythonMetadata.normalize(item.metadata.name), default: []].append(item.package) }
        return found.map { item in
            var package = item.package
            let home = directory(package)
            var seen = Set<PURL>()
            for name in item.metadata.requires {
                guard let candidates = byName[name] else { continue }
                let target = (candidates.first { directory($0) == home } ?? candidates[0]).purl
                if target != package.purl, seen.insert(target).inserted { package.dependencies.append(target) }
            }
            return package
        }
    }
}

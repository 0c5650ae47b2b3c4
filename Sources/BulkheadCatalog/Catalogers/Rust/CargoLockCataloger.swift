import BulkheadCore

/// Crates locked by `Cargo.lock` files: every `[[package]]`, registry, git and workspace/path
/// crates alike (as syft's `rust-cargo-lock-cataloger` and trivy list them).
public struct CargoLockCataloger: Cataloger {
    public let name = "rust-cargo-lock-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("rust")]

    static let glob = "**/Cargo.lock"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        for file in try files.catalogFiles(matching: Self.glob) where file.kind == .regular {
            do {
                let parsed = ParseCargoLock.parse(try files.text(of: file, limit: ReadLimit.lockFile), path: file.path)
                result.diagnostics += parsed.diagnostics
                let location = PackageLocation(path: file.path, layer: file.layer)
                result.packages += parsed.entries.map { entry in
                    Package(name: entry.name, version: entry.version, ecosystem: .cargo,
                            purl: .cargo(name: entry.name, version: entry.version), locations: [location], foundBy: name)
                }
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
    }
}

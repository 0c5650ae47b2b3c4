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
        try files.catalogText(matching: Self.glob, limit: ReadLimit.lockFile) { file, text in
            let parsed = ParseCargoLock.parse(text, path: file.path)
            var result = CatalogResult(diagnostics: parsed.diagnostics)
            let location = PackageLocation(path: file.path, layer: file.layer)
            result.packages += parsed.entries.map { entry in
                Package(name: entry.name, version: entry.version, ecosystem: .cargo,
                        purl: .cargo(name: entry.name, version: entry.version), locations: [location], foundBy: name)
            }
            return result
        }
    }
}

import BulkheadCore

/// Installed Composer packages from `vendor/composer/installed.json` (any vendor directory
/// name), Composer 1 and 2 layouts. Every installed package is reported, dev ones included:
/// they are on disk.
public struct ComposerInstalledCataloger: Cataloger {
    public let name = "php-composer-installed-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("php")]

    static let glob = "**/composer/installed.json"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try ComposerCatalog.run(files, glob: Self.glob, foundBy: name, includeDev: true,
                                parse: ParseComposerPackages.parseInstalled)
    }
}

/// Packages declared by `composer.lock`: `packages`, and `packages-dev` only when
/// ``includeDevDependencies`` is set (Syft reads `packages` only; Trivy reads both and leaves dev
/// packages out by default).
public struct ComposerLockCataloger: Cataloger {
    public let name = "php-composer-lock-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("php")]
    /// Report `packages-dev` too.
    public var includeDevDependencies: Bool

    static let glob = "**/composer.lock"
    public var wantedGlobs: [String] { [Self.glob] }

    public init(includeDevDependencies: Bool = false) {
        self.includeDevDependencies = includeDevDependencies
    }

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try ComposerCatalog.run(files, glob: Self.glob, foundBy: name, includeDev: includeDevDependencies,
                                parse: ParseComposerPackages.parseLock)
    }
}

/// The loop both Composer catalogers share.
enum ComposerCatalog {
    static func run(_ files: some FileResolver, glob: String, foundBy: String, includeDev: Bool,
                    parse: (String, String) -> (packages: [ComposerPackage], diagnostics: [Diagnostic])) throws -> CatalogResult {
        var result = CatalogResult()
        for file in try files.catalogFiles(matching: glob) where file.kind == .regular {
            do {
                let parsed = parse(try files.text(of: file, limit: ReadLimit.packageDatabase), file.path)
                result.diagnostics += parsed.diagnostics
                result.packages += parsed.packages.filter { includeDev || !$0.isDev }.map { package in
                    Package(name: package.name, version: package.version, ecosystem: .packagist,
                            purl: ComposerPURL.make(name: package.name, version: package.version),
                            licenses: package.licenses,
                            locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: foundBy)
                }
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
    }
}

import BulkheadCore

/// Installed gems from the specifications RubyGems writes on install:
/// `**/specifications/**/*.gemspec` (`/var/lib/gems/*/specifications`, default gems under
/// `specifications/default`, Debian's `/usr/share/rubygems-integration/*/specifications`,
/// Bundler's `vendor/bundle`).
public struct GemspecCataloger: Cataloger {
    public let name = "ruby-installed-gemspec-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("ruby")]

    static let glob = "**/specifications/**/*.gemspec"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try files.catalogText(matching: Self.glob, limit: ReadLimit.metadata) { file, text in
            let parsed = ParseGemspec.parse(text, path: file.path)
            var result = CatalogResult(diagnostics: parsed.diagnostics)
            guard let spec = parsed.spec else { return result }
            result.packages.append(
                Package(name: spec.name, version: spec.version, ecosystem: .rubygems,
                        purl: GemPURL.make(name: spec.name, version: spec.version, platform: spec.platform),
                        licenses: spec.licenses, locations: [PackageLocation(path: file.path, layer: file.layer)],
                        foundBy: name, architecture: spec.platform))
            return result
        }
    }
}

/// Gems declared by Bundler's `Gemfile.lock`.
public struct GemfileLockCataloger: Cataloger {
    public let name = "ruby-gemfile-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("ruby")]

    static let glob = "**/Gemfile.lock"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try files.catalogText(matching: Self.glob, limit: ReadLimit.packageDatabase) { file, text in
            let parsed = ParseGemfileLock.parse(text, path: file.path)
            var result = CatalogResult(diagnostics: parsed.diagnostics)
            result.packages += parsed.entries.map { gem in
                Package(name: gem.name, version: gem.version, ecosystem: .rubygems,
                        purl: GemPURL.make(name: gem.name, version: gem.version, platform: gem.platform),
                        locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name,
                        architecture: gem.platform)
            }
            return result
        }
    }
}

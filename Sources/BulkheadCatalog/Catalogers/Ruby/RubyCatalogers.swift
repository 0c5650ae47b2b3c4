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
        var result = CatalogResult()
        for file in try files.catalogFiles(matching: Self.glob) where file.kind == .regular {
            do {
                let parsed = ParseGemspec.parse(try files.text(of: file, limit: ReadLimit.metadata), path: file.path)
                result.diagnostics += parsed.diagnostics
                guard let spec = parsed.spec else { continue }
                result.packages.append(
                    Package(name: spec.name, version: spec.version, ecosystem: .rubygems,
                            purl: GemPURL.make(name: spec.name, version: spec.version, platform: spec.platform),
                            licenses: spec.licenses, locations: [PackageLocation(path: file.path, layer: file.layer)],
                            foundBy: name, architecture: spec.platform))
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
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
        var result = CatalogResult()
        for file in try files.catalogFiles(matching: Self.glob) where file.kind == .regular {
            do {
                let parsed = ParseGemfileLock.parse(try files.text(of: file, limit: ReadLimit.packageDatabase), path: file.path)
                result.diagnostics += parsed.diagnostics
                result.packages += parsed.entries.map { gem in
                    Package(name: gem.name, version: gem.version, ecosystem: .rubygems,
                            purl: GemPURL.make(name: gem.name, version: gem.version, platform: gem.platform),
                            locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name,
                            architecture: gem.platform)
                }
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
    }
}

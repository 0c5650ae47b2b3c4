import BulkheadZip
import BulkheadCore

/// Java archives anywhere in the tree (`*.jar`, `*.war`, `*.ear`, Jenkins `*.jpi`/`*.hpi`),
/// including archives nested inside them, read from memory with a hardened ZIP reader.
/// Packages inside a nested archive are located at `/outer.war:WEB-INF/lib/inner.jar`.
public struct JavaArchiveCataloger: Cataloger {
    public let name = "java-archive-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("java")]

    static let globs = ["**/*.jar", "**/*.war", "**/*.ear", "**/*.jpi", "**/*.hpi"]
    public var wantedGlobs: [String] { Self.globs }

    let limits: ZipLimits

    public init() { limits = .default }

    init(limits: ZipLimits) { self.limits = limits }

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        var seen = Set<String>()
        for glob in Self.globs {
            for file in try files.catalogFiles(matching: glob) where file.kind == .regular && seen.insert(file.path).inserted {
                let bytes: [UInt8]
                do {
                    bytes = try files.contents(of: file, limit: ReadLimit.archive)
                } catch {
                    result.diagnostics.append(CatalogError(.unreadableFile, "cannot read \(file.path) (limit \(ReadLimit.archive) bytes)",
                                                           at: SourceLocation(file: file.path), underlying: error).diagnostic)
                    continue
                }
                let parsed = ParseJavaArchive.parse(bytes, path: file.path, limits: limits)
                result.diagnostics += parsed.diagnostics
                result.packages += parsed.packages.map { found in
                    Package(name: found.name, version: found.version, ecosystem: .maven, purl: found.purl,
                            licenses: found.licenses, locations: [PackageLocation(path: found.location, layer: file.layer)],
                            foundBy: name)
                }
            }
        }
        return result
    }
}

/// Direct dependencies declared in `pom.xml` files, and the project each POM describes.
public struct JavaPomCataloger: Cataloger {
    public let name = "java-pom-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("java")]

    static let glob = "**/pom.xml"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try files.catalogText(matching: Self.glob, limit: ReadLimit.metadata) { file, text in
            let parsed = ParsePomXML.parse(text, path: file.path)
            var result = CatalogResult(diagnostics: parsed.diagnostics)
            result.packages += ([parsed.project].compactMap { $0 } + parsed.dependencies).map { dependency in
                Package(name: dependency.artifactID, version: dependency.version, ecosystem: .maven,
                        purl: .maven(group: dependency.groupID, artifact: dependency.artifactID, version: dependency.version),
                        locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name)
            }
            return result
        }
    }
}

/// Dependencies locked in Gradle's `gradle.lockfile`.
public struct GradleLockfileCataloger: Cataloger {
    public let name = "java-gradle-lockfile-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("java")]

    static let glob = "**/gradle.lockfile*"
    public var wantedGlobs: [String] { [Self.glob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        try files.catalogText(matching: Self.glob, limit: ReadLimit.metadata) { file, text in
            let parsed = ParseGradleLockfile.parse(text, path: file.path)
            var result = CatalogResult(diagnostics: parsed.diagnostics)
            result.packages += parsed.entries.map { entry in
                Package(name: entry.artifact, version: entry.version, ecosystem: .maven,
                        purl: .maven(group: entry.group, artifact: entry.artifact, version: entry.version),
                        locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name)
            }
            return result
        }
    }
}

import BulkheadCore

/// Installed Alpine (and other apk-based) packages from `/lib/apk/db/installed`.
public struct ApkCataloger: Cataloger {
    public let name = "apk-db-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .os]

    static let databasePath = "/lib/apk/db/installed"
    public var wantedGlobs: [String] { [Self.databasePath] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        do {
            guard let (file, text) = try files.text(at: Self.databasePath, limit: ReadLimit.packageDatabase) else {
                return result
            }
            let parsed = ParseApkDatabase.parse(text, path: file.path)
            result.diagnostics += parsed.diagnostics
            result.packages = parsed.entries.map { apk in
                Package(name: apk.package, version: apk.version, ecosystem: .alpine,
                        purl: apk.purl(release: context.release), licenses: apk.license.map { [$0] } ?? [],
                        locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name,
                        sourceName: apk.origin ?? apk.package, sourceVersion: apk.version,
                        architecture: apk.architecture, ownedFiles: apk.files)
            }
            result.packages = Self.resolveDependencies(result.packages, entries: parsed.entries)
        } catch {
            result.diagnostics.append(error.diagnostic)
        }
        return result
    }
}

extension ApkCataloger {
    /// Fills ``Package/dependencies`` from `D:` through package names and `p:` provides.
    static func resolveDependencies(_ packages: [Package], entries: [ApkEntry]) -> [Package] {
        DependencyResolution.resolve(packages, names: entries.map(\.package), provides: entries.map(\.provides),
                                     requires: entries.map { $0.depends.map { [$0] } })
    }
}

extension ApkEntry {
    /// `pkg:apk/<distro-id>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>&upstream=<origin>`;
    /// `upstream` only when the origin differs from the name (syft).
    func purl(release: LinuxRelease?) -> PURL {
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if let release { qualifiers["distro"] = release.purlDistro }
        if let origin, origin != package { qualifiers["upstream"] = origin }
        return PURL(type: Ecosystem.alpine.purlType, namespace: release?.id ?? "alpine", name: package,
                    version: version, qualifiers: qualifiers)
    }
}

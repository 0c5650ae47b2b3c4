import BulkheadCore

/// Installed Debian packages from dpkg's database: `/var/lib/dpkg/status`, and the per-package
/// files distroless images keep in `/var/lib/dpkg/status.d/`. Owned files come from
/// `info/<pkg>[:<arch>].list` (or `status.d/<pkg>.md5sums` on distroless).
public struct DpkgCataloger: Cataloger {
    public let name = "dpkg-db-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .os]

    static let statusPath = "/var/lib/dpkg/status"
    static let statusDirectory = "/var/lib/dpkg/status.d"
    static let infoDirectory = "/var/lib/dpkg/info"
    static let docDirectory = "/usr/share/doc"
    public var wantedGlobs: [String] {
        [Self.statusPath, Self.statusDirectory + "/*", Self.infoDirectory + "/*.list", Self.docDirectory + "/*/copyright"]
    }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        var entries: [DpkgEntry] = []
        do {
            if let (entry, text) = try files.text(at: Self.statusPath, limit: ReadLimit.packageDatabase) {
                let parsed = ParseDpkgStatus.parse(text, path: entry.path)
                result.diagnostics += parsed.diagnostics
                for dpkg in parsed.entries {
                    let owned = ownedFiles(of: dpkg, in: files, diagnostics: &result.diagnostics)
                    result.packages.append(package(dpkg, at: entry, owned: owned, context: context,
                                                   licenses: licenses(of: dpkg, in: files, diagnostics: &result.diagnostics)))
                    entries.append(dpkg)
                }
            }
        } catch {
            result.diagnostics.append(error.diagnostic)
        }

        let directory = try? files.entry(at: Self.statusDirectory)
        if directory?.kind == .directory {
            for entry in try files.catalogFiles(matching: Self.statusDirectory + "/*")
            where entry.kind == .regular && !entry.path.hasSuffix(".md5sums") {
                do {
                    let parsed = ParseDpkgStatus.parse(try files.text(of: entry, limit: ReadLimit.metadata), path: entry.path)
                    result.diagnostics += parsed.diagnostics
                    for dpkg in parsed.entries {
                        let owned = distrolessOwnedFiles(of: dpkg, statusFile: entry.path, in: files,
                                                         diagnostics: &result.diagnostics)
                        result.packages.append(package(dpkg, at: entry, owned: owned, context: context,
                                                       licenses: licenses(of: dpkg, in: files, diagnostics: &result.diagnostics)))
                        entries.append(dpkg)
                    }
                } catch {
                    result.diagnostics.append(error.diagnostic)
                }
            }
        }
        result.packages = Self.resolveDependencies(result.packages, entries: entries)
        return result
    }

    /// Fills ``Package/dependencies``: for each dependency group, the first alternative that names
    /// an installed package (or something one of them `Provides`).
    static func resolveDependencies(_ packages: [Package], entries: [DpkgEntry]) -> [Package] {
        DependencyResolution.resolve(packages, names: entries.map(\.package), provides: entries.map(\.provides),
                                     requires: entries.map(\.depends))
    }

    func package(_ dpkg: DpkgEntry, at file: FileEntry, owned: [String], context: CatalogContext,
                 licenses: [String] = []) -> Package {
        Package(name: dpkg.package, version: dpkg.version, ecosystem: .debian, purl: dpkg.purl(release: context.release),
                licenses: licenses, locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name,
                sourceName: dpkg.sourceName, sourceVersion: dpkg.effectiveSourceVersion,
                architecture: dpkg.architecture, ownedFiles: owned)
    }

    /// Licenses declared in `/usr/share/doc/<pkg>/copyright` (absent in distroless and slim images).
    func licenses(of dpkg: DpkgEntry, in files: some FileResolver, diagnostics: inout [Diagnostic]) -> [String] {
        do {
            guard let (_, text) = try files.text(at: Self.docDirectory + "/" + dpkg.package + "/copyright",
                                                 limit: ReadLimit.metadata) else { return [] }
            return ParseDebianCopyright.parse(text)
        } catch {
            diagnostics.append(error.diagnostic)
            return []
        }
    }

    /// `info/<pkg>:<arch>.list` (multi-arch packages) first, then `info/<pkg>.list`.
    func ownedFiles(of dpkg: DpkgEntry, in files: some FileResolver, diagnostics: inout [Diagnostic]) -> [String] {
        var candidates = [Self.infoDirectory + "/" + dpkg.package + ".list"]
        if let arch = dpkg.architecture { candidates.insert(Self.infoDirectory + "/\(dpkg.package):\(arch).list", at: 0) }
        for path in candidates {
            do {
                if let (_, text) = try files.text(at: path, limit: ReadLimit.fileList) {
                    return ParseDpkgStatus.parseFileList(text)
                }
            } catch {
                diagnostics.append(error.diagnostic)
                return []
            }
        }
        return []
    }

    /// Distroless keeps `status.d/<name>.md5sums` next to the stanza file.
    func distrolessOwnedFiles(of dpkg: DpkgEntry, statusFile: String, in files: some FileResolver,
                              diagnostics: inout [Diagnostic]) -> [String] {
        for path in [statusFile + ".md5sums", Self.statusDirectory + "/" + dpkg.package + ".md5sums"] {
            do {
                if let (_, text) = try files.text(at: path, limit: ReadLimit.fileList) {
                    return ParseDpkgStatus.parseMD5Sums(text)
                }
            } catch {
                diagnostics.append(error.diagnostic)
                return []
            }
        }
        return []
    }
}

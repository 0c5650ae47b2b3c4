import BulkheadCore

/// Packages declared by JavaScript lock files: `package-lock.json` (v1–v3), `yarn.lock` (classic
/// and berry) and `pnpm-lock.yaml` (5.x–9.x). Lock files inside `node_modules` (a dependency's
/// own) are ignored.
///
/// Development-only packages are left out unless ``includeDevDependencies`` is set, matching the
/// defaults of Syft and Trivy: package-lock and pnpm mark them in the lock file; for yarn.lock
/// they are the packages reachable only from the `devDependencies` of the `package.json` next to
/// it.
public struct JavaScriptLockCataloger: Cataloger {
    public let name = "javascript-lock-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("javascript")]
    /// Report development-only packages too.
    public var includeDevDependencies: Bool

    static let lockGlobs = ["**/package-lock.json", "**/yarn.lock", "**/pnpm-lock.yaml"]
    /// The project manifest beside a yarn.lock, read to tell development dependencies apart.
    static let manifestGlob = "**/package.json"
    public var wantedGlobs: [String] { Self.lockGlobs + [Self.manifestGlob] }

    public init(includeDevDependencies: Bool = false) {
        self.includeDevDependencies = includeDevDependencies
    }

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        for glob in Self.lockGlobs {
            for file in try files.catalogFiles(matching: glob)
            where file.kind == .regular && !NpmName.isInsideNodeModules(file.path) {
                do {
                    let text = try files.text(of: file, limit: ReadLimit.packageDatabase)
                    let parsed = try parse(text, file: file, in: files)
                    result.diagnostics += parsed.diagnostics
                    result.packages += parsed.entries.filter { includeDevDependencies || !$0.isDev }.map { entry in
                        Package(name: entry.name, version: entry.version, ecosystem: .npm,
                                purl: NpmPURL.make(name: entry.name, version: entry.version), licenses: entry.licenses,
                                locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name)
                    }
                } catch {
                    result.diagnostics.append(error.diagnostic)
                }
            }
        }
        return result
    }

    private func parse(_ text: String, file: FileEntry, in files: some FileResolver) throws(CatalogError)
        -> (entries: [JSLockEntry], diagnostics: [Diagnostic]) {
        switch file.path.split(separator: "/").last {
        case "package-lock.json":
            return ParsePackageLock.parse(text, path: file.path)
        case "pnpm-lock.yaml":
            return ParsePnpmLock.parse(text, path: file.path)
        default:
            var parsed = ParseYarnLock.parse(text, path: file.path)
            let manifestPath = (file.path.split(separator: "/").dropLast() + ["package.json"]).joined(separator: "/")
            if let manifest = try files.text(at: "/" + manifestPath, limit: ReadLimit.metadata),
               let roots = ProjectManifest.roots(manifest.text, berry: ParseYarnLock.isBerry(text)) {
                parsed.entries = ParseYarnLock.markDevOnly(parsed.entries, prodRoots: roots.prod, devRoots: roots.dev)
            }
            return parsed
        }
    }
}

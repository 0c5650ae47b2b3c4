import BulkheadCore

/// Go modules declared by `go.mod` files (syft's `go-module-file-cataloger` without the Go
/// toolchain): every `require` (direct and `// indirect`), with `replace` directives applied to
/// the required modules and `exclude`d versions removed. The main module itself is not a package.
///
/// Before Go 1.17, `go.mod` lists only direct requirements; for those files the modules whose
/// code is checksummed in the sibling `go.sum` (lines without `/go.mod`) are added too.
public struct GoModCataloger: Cataloger {
    public let name = "go-module-file-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("go")]

    static let globs = ["**/go.mod", "**/go.sum"]
    public var wantedGlobs: [String] { Self.globs }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        for file in try files.catalogFiles(matching: "**/go.mod") where file.kind == .regular {
            do {
                let text = try files.text(of: file, limit: ReadLimit.lockFile)
                let parsed = ParseGoMod.parse(text, path: file.path)
                result.diagnostics += parsed.diagnostics
                var modules = GoModPackages.modules(parsed.file)
                if GoModPackages.listsOnlyDirectRequirements(parsed.file) {
                    let sumPath = String(file.path.dropLast("go.mod".count)) + "go.sum"
                    if let (_, sum) = try files.text(at: sumPath, limit: ReadLimit.lockFile) {
                        GoModPackages.merge(ParseGoSum.downloadedModules(sum), into: &modules)
                    }
                }
                let location = PackageLocation(path: file.path, layer: file.layer)
                result.packages += modules.map { module in
                    Package(name: module.path, version: module.version, ecosystem: .go,
                            purl: .golang(module: module.path, version: module.version),
                            locations: [location], foundBy: name)
                }
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
    }
}

/// The module list a `go.mod` declares, separate from file reading for tests.
enum GoModPackages {
    /// Required modules in file order (a later `require` of the same path wins), excluded
    /// versions removed, replacements applied: a module replacement reports the new path and
    /// version, a directory replacement keeps the old path with no version (as syft does).
    static func modules(_ file: GoModFile) -> [GoModuleVersion] {
        var order: [String] = []
        var byPath: [String: GoModuleVersion] = [:]
        for require in file.requires {
            if byPath[require.path] == nil { order.append(require.path) }
            byPath[require.path] = GoModuleVersion(path: require.path, version: require.version)
        }
        for excluded in file.excludes where byPath[excluded.path]?.version == excluded.version {
            byPath[excluded.path] = nil
        }
        var result: [GoModuleVersion] = []
        for path in order {
            guard let module = byPath[path] else { continue }
            let replace = file.replaces.last {
                $0.oldPath == path && ($0.oldVersion.isEmpty || $0.oldVersion == module.version)
            }
            guard let replace else {
                result.append(module)
                continue
            }
            result.append(replace.isLocal ? GoModuleVersion(path: path, version: "")
                : GoModuleVersion(path: replace.newPath, version: replace.newVersion))
        }
        return result
    }

    /// A `go.mod` older than Go 1.17 (or without a `go` line) lists only direct requirements.
    static func listsOnlyDirectRequirements(_ file: GoModFile) -> Bool {
        guard !file.requires.contains(where: \.indirect) else { return false }
        guard let version = file.goVersion else { return true }
        let parts = version.split(separator: ".").prefix(2).map { Int($0.prefix { $0.isNumber }) }
        guard parts.count == 2, let major = parts[0], let minor = parts[1] else { return false }
        return major == 1 && minor < 17
    }

    /// Adds the `go.sum` modules that `go.mod` does not name.
    static func merge(_ sum: [GoModuleVersion], into modules: inout [GoModuleVersion]) {
        var known = Set(modules.map(\.path))
        for module in sum where known.insert(module.path).inserted {
            modules.append(GoModuleVersion(path: module.path, version: module.version))
        }
    }
}

import BulkheadCore

/// Python packages declared by lock files and pinned requirements (syft's
/// `python-package-cataloger`): `*requirements*.txt` (exact pins only), `Pipfile.lock` (default
/// and develop), `poetry.lock` and `uv.lock` (every locked package). Purls use the PEP 503
/// normalised name; the package name is kept as the file writes it.
public struct PythonLockCataloger: Cataloger {
    public let name = "python-package-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.directory, .declared, .language("python")]

    static let requirementsGlob = "**/*requirements*.txt"
    static let pipfileGlob = "**/Pipfile.lock"
    static let poetryGlob = "**/poetry.lock"
    static let uvGlob = "**/uv.lock"
    public var wantedGlobs: [String] { [Self.requirementsGlob, Self.pipfileGlob, Self.poetryGlob, Self.uvGlob] }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        for glob in wantedGlobs {
            for file in try files.catalogFiles(matching: glob) where file.kind == .regular {
                do {
                    let bytes = try files.contents(of: file, limit: ReadLimit.lockFile)
                    result.append(packages(in: bytes, glob: glob, file: file))
                } catch {
                    result.diagnostics.append(CatalogError(.unreadableFile,
                                                           "cannot read \(file.path) (limit \(ReadLimit.lockFile) bytes)",
                                                           at: SourceLocation(file: file.path), underlying: error).diagnostic)
                }
            }
        }
        return result
    }

    /// Parses one file with the parser its glob selects.
    func packages(in bytes: [UInt8], glob: String, file: FileEntry) -> CatalogResult {
        let locked: [PythonLockedPackage]
        let diagnostics: [Diagnostic]
        switch glob {
        case Self.requirementsGlob:
            let parsed = ParseRequirements.parse(ParseRequirements.text(from: bytes), path: file.path)
            locked = parsed.requirements.map { PythonLockedPackage(name: $0.name, version: $0.version, line: $0.line) }
            diagnostics = parsed.diagnostics
        case Self.pipfileGlob:
            (locked, diagnostics) = ParsePipfileLock.parse(bytes, path: file.path)
        default:
            let kind = glob == Self.uvGlob ? "uv.lock" : "poetry.lock"
            (locked, diagnostics) = ParseTOMLLock.parse(String(decoding: bytes, as: UTF8.self), path: file.path, kind: kind)
        }
        let location = PackageLocation(path: file.path, layer: file.layer)
        let packages = locked.map { entry in
            Package(name: entry.name, version: entry.version, ecosystem: .pypi,
                    purl: PURL(type: Ecosystem.pypi.purlType, name: PythonMetadata.normalize(entry.name), version: entry.version),
                    locations: [location], foundBy: name)
        }
        return CatalogResult(packages: packages, diagnostics: diagnostics)
    }
}

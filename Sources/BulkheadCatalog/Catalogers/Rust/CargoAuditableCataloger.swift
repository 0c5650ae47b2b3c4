import BulkheadCore

/// Crates compiled into Rust executables built with `cargo auditable` (the `.dep-v0` ELF
/// section): the runtime crates, root included; build-only crates (`kind: build`) are skipped,
/// as syft's `cargo-auditable-binary-cataloger` does.
public struct CargoAuditableCataloger: Cataloger {
    public let name = "cargo-auditable-binary-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("rust")]
    /// Binaries come from anywhere in the tree through ``wantsExecutables``.
    public var wantedGlobs: [String] { [] }
    public var wantsExecutables: Bool { true }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        if let shared = context.shared { return try shared.binaryScan(files)[name] ?? CatalogResult() }
        return try ExecutableScan.forEachELF(in: files, analyze)
    }

    /// The crates recorded in one ELF file's `.dep-v0` section, if it has one.
    func analyze(_ file: FileEntry, _ elf: ELFFile) -> CatalogResult {
        guard let section = elf.section(named: ParseCargoAuditData.sectionName) else { return CatalogResult() }
        guard let compressed = elf.contents(of: section) else {
            return CatalogResult(diagnostics: [.catalog(.corruptEntry,
                "\(ParseCargoAuditData.sectionName) section lies outside the file", file: file.path)])
        }
        let parsed = ParseCargoAuditData.parse(compressed, path: file.path)
        let location = PackageLocation(path: file.path, layer: file.layer)
        let packages = parsed.packages.filter(\.isRuntime).map { crate in
            Package(name: crate.name, version: crate.version, ecosystem: .cargo,
                    purl: .cargo(name: crate.name, version: crate.version), locations: [location], foundBy: name)
        }
        return CatalogResult(packages: packages, diagnostics: parsed.diagnostics)
    }
}

import BulkheadCore

/// Go modules compiled into ELF executables, from the build info the Go linker embeds: the
/// main module, every dependency (as replaced by `=>` lines) and the standard library
/// (`stdlib` at the toolchain version), as syft's `go-module-binary-cataloger` reports them.
public struct GoBinaryCataloger: Cataloger {
    public let name = "go-module-binary-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .language("go")]
    /// Binaries come from anywhere in the tree through ``wantsExecutables``.
    public var wantedGlobs: [String] { [] }
    public var wantsExecutables: Bool { true }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        if let shared = context.shared { return try shared.binaryScan(files)[name] ?? CatalogResult() }
        return try ExecutableScan.forEachELF(in: files, analyze)
    }

    /// The packages in one ELF file (none unless it carries Go build info).
    func analyze(_ file: FileEntry, _ elf: ELFFile) -> CatalogResult {
        let (info, diagnostics) = ParseGoBinary.buildInfo(elf, path: file.path)
        var result = CatalogResult(diagnostics: diagnostics)
        guard let info else { return result }
        let location = PackageLocation(path: file.path, layer: file.layer)
        result.packages = GoBinaryPackages.packages(info, architecture: GoBinaryPackages.architecture(info, elf),
                                                    location: location, foundBy: name)
        return result
    }
}

/// Turns build info into packages (separate from file reading so tests can feed build info).
enum GoBinaryPackages {
    static let commandLineArguments = "command-line-arguments"

    static func packages(_ original: GoBuildInfo, architecture: String?, location: PackageLocation,
                         foundBy: String) -> [Package] {
        var info = original
        if (info.main == nil && !info.path.isEmpty) || info.main?.module.path == commandLineArguments {
            info.main = mainModuleFromDependencies(&info)
        }
        func package(_ name: String, _ version: String, purl: PURL, licenses: [String] = []) -> Package {
            Package(name: name, version: version, ecosystem: .go, purl: purl, licenses: licenses,
                    locations: [location], foundBy: foundBy, architecture: architecture)
        }
        var packages: [Package] = []
        if let main = info.main {
            let (name, module) = effective(main)
            let version = GoMainModuleVersion.resolve(info, module: module)
            packages.append(package(name, version, purl: .golang(module: name, version: version)))
        }
        for dep in info.deps {
            let (name, module) = effective(dep)
            guard !name.isEmpty else { continue }
            packages.append(package(name, module.version, purl: .golang(module: name, version: module.version)))
        }
        // The standard library, at the toolchain version without ` X:…` experiments; the purl
        // version drops the `go` prefix (`pkg:golang/stdlib@1.22.1`).
        let goVersion = String(info.goVersion.split(separator: " ").first ?? "")
        if !packages.isEmpty, !goVersion.isEmpty {
            let purlVersion = goVersion.hasPrefix("go") ? String(goVersion.dropFirst(2)) : goVersion
            packages.append(package("stdlib", goVersion, purl: .golang(module: "stdlib", version: purlVersion),
                                    licenses: ["BSD-3-Clause"]))
        }
        return packages
    }

    /// The name and version to report for a module: a replacement by another module wins; a
    /// replacement by a local directory (`./x`, `/x`) keeps the original path with the
    /// replacement's version (`(devel)`).
    static func effective(_ module: GoModule) -> (name: String, module: GoModuleVersion) {
        guard let replace = module.replace else { return (module.module.path, module.module) }
        let local = replace.path.hasPrefix(".") || replace.path.hasPrefix("/")
        return (local ? module.module.path : replace.path, replace)
    }

    /// Without a usable `mod` line (`go build file.go`, old toolchains), the one `(devel)`
    /// dependency is the main module; otherwise one is made from the `path` line.
    static func mainModuleFromDependencies(_ info: inout GoBuildInfo) -> GoModule? {
        let candidates = info.deps.indices.filter { info.deps[$0].module.version == GoMainModuleVersion.devel }
        if candidates.count == 1 {
            return info.deps.remove(at: candidates[0])
        }
        guard !info.path.isEmpty else { return nil }
        return GoModule(GoModuleVersion(path: info.path, version: GoMainModuleVersion.devel))
    }

    /// ELF `e_machine` values named as syft names them when `GOARCH` is not recorded.
    static let machines: [UInt16: String] = [3: "386", 8: "mips", 20: "ppc", 21: "ppc64", 22: "s390", 40: "arm",
                                             62: "x86_64", 183: "aarch64", 243: "riscv", 258: "loongarch"]

    /// `GOARCH` from the build settings, else the ELF machine.
    static func architecture(_ info: GoBuildInfo, _ elf: ELFFile) -> String? {
        if let arch = info.setting("GOARCH"), !arch.isEmpty { return arch }
        return machines[elf.machine]
    }
}

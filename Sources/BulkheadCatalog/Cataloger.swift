import BulkheadCore

/// Finds packages of one kind (dpkg database, apk database, Python metadata, …) in a file tree.
///
/// Catalogers read files only through a ``FileResolver``, so the same cataloger works on an
/// image's merged layers, a directory or any other tree (syft's `file.Resolver` idea). A corrupt
/// file never aborts a cataloger: it becomes a ``Diagnostic`` in the ``CatalogResult`` next to the
/// packages that could be read.
public protocol Cataloger: Sendable {
    /// Stable name recorded as ``Package/foundBy`` (`dpkg-db-cataloger`).
    var name: String { get }
    /// Bumped whenever the output for the same input changes; part of cache keys.
    var version: Int { get }
    /// Tags used to select catalogers (image vs directory defaults, `--catalogers`).
    var tags: Set<CatalogerTag> { get }
    /// Globs of the files whose contents this cataloger reads (`/var/lib/dpkg/status`,
    /// `**/*.dist-info/METADATA`). Image resolvers keep contents only for wanted files, so a
    /// cataloger must list every file it reads; a test checks that each one does.
    var wantedGlobs: [String] { get }
    /// Whether this cataloger reads executables (ELF, Mach-O, PE) found anywhere in the tree,
    /// wherever they are: Go build info, Rust `cargo auditable` sections. Default `false`.
    var wantsExecutables: Bool { get }

    /// Catalogs the packages in `files`.
    ///
    /// - Parameters:
    ///   - files: the tree to read.
    ///   - context: facts found before cataloging, such as the detected ``LinuxRelease``.
    /// - Returns: the packages found and a diagnostic for every file that could not be fully read.
    /// - Throws: ``CatalogError`` with code `resolver-failed` when the tree itself cannot be listed.
    func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult
}

extension Cataloger {
    public var wantsExecutables: Bool { false }
}

/// A selection tag on a ``Cataloger``.
public enum CatalogerTag: Hashable, Sendable, CustomStringConvertible {
    /// Runs by default on container images.
    case image
    /// Runs by default on directories.
    case directory
    /// Reads what is installed (package databases, installed metadata).
    case installed
    /// Reads what is declared (lock files, manifests).
    case declared
    /// Operating-system packages.
    case os
    /// Packages of one language ecosystem (`python`).
    case language(String)

    public var description: String {
        switch self {
        case .image: "image"
        case .directory: "directory"
        case .installed: "installed"
        case .declared: "declared"
        case .os: "os"
        case .language(let name): name
        }
    }
}

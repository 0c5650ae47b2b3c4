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

    /// Catalogs the packages in `files`.
    ///
    /// - Parameters:
    ///   - files: the tree to read.
    ///   - context: facts found before cataloging, such as the detected ``LinuxRelease``.
    /// - Returns: the packages found and a diagnostic for every file that could not be fully read.
    /// - Throws: ``CatalogError`` with code `resolver-failed` when the tree itself cannot be listed.
    func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult
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

import BulkheadCore

/// Installed rpm packages (RHEL, CentOS, Fedora, Rocky, Alma, Amazon Linux, openSUSE, …) from
/// rpm's package database, in whichever format the tree has: `rpmdb.sqlite` (rpm ≥ 4.16),
/// `Packages.db` (NDB, SUSE) or the Berkeley DB `Packages` (older releases). The files are read
/// through the resolver and parsed by Bulkhead's own read-only parsers (no SQLite or Berkeley DB
/// library).
///
/// Each database directory is read once: its first database in the order sqlite, NDB, Berkeley
/// DB that has a recognisable format (a stale older-format file left beside it is ignored). A
/// database seen already under another directory (`/var/lib/rpm` → `/usr/lib/sysimage/rpm`
/// symlinks) is not read twice.
public struct RpmCataloger: Cataloger {
    public let name = "rpm-db-cataloger"
    public let version = 1
    public let tags: Set<CatalogerTag> = [.image, .directory, .installed, .os]

    /// Where rpm keeps its database: the classic place, the one Fedora 36+ and openSUSE use, and
    /// rpm-ostree's.
    static let databaseDirectories = ["/var/lib/rpm", "/usr/lib/sysimage/rpm", "/usr/share/rpm"]
    /// Database file names, most recent format first.
    static let databaseFiles = ["rpmdb.sqlite", "Packages.db", "Packages"]

    public var wantedGlobs: [String] {
        Self.databaseDirectories.flatMap { directory in Self.databaseFiles.map { directory + "/" + $0 } }
    }

    public init() {}

    public func catalog(_ files: some FileResolver, context: CatalogContext) throws -> CatalogResult {
        var result = CatalogResult()
        var seenDatabases = Set<DatabaseIdentity>()
        for directory in Self.databaseDirectories {
            for fileName in Self.databaseFiles {
                let outcome = read(directory + "/" + fileName, in: files, seen: &seenDatabases, context: context)
                result.append(outcome.result)
                if outcome.done { break }
            }
        }
        return result
    }

    /// Reads one candidate database; `done` when this directory needs no further candidates.
    private func read(_ path: String, in files: some FileResolver, seen: inout Set<DatabaseIdentity>,
                      context: CatalogContext) -> (result: CatalogResult, done: Bool) {
        var result = CatalogResult()
        let file: FileEntry
        let bytes: [UInt8]
        do {
            guard let found = try files.entry(at: path), found.kind == .regular, found.size > 0 else {
                return (result, false)
            }
            file = found
            bytes = try files.contents(of: found, limit: ReadLimit.rpmDatabase)
        } catch {
            let message = "cannot read \(path) (limit \(ReadLimit.rpmDatabase) bytes)"
            result.diagnostics.append(CatalogError(.unreadableFile, message, at: SourceLocation(file: path),
                                                   underlying: error).diagnostic)
            return (result, false)
        }
        guard !bytes.isEmpty else { return (result, false) }
        guard ParseRpmDatabase.format(of: bytes) != nil else {
            result.diagnostics.append(.catalog(.unreadableFile,
                                               "not an rpm database (no SQLite, Berkeley DB hash or NDB magic)", file: path))
            return (result, false)
        }
        guard seen.insert(DatabaseIdentity(bytes)).inserted else { return (result, true) }
        let parsed = ParseRpmDatabase.parse(bytes, path: file.path)
        result.diagnostics = parsed.diagnostics
        result.packages = parsed.entries.map { package($0, at: file, context: context) }
        return (result, true)
    }

    func package(_ rpm: RpmEntry, at file: FileEntry, context: CatalogContext) -> Package {
        let source = rpm.sourcePackage
        return Package(name: rpm.name, version: rpm.fullVersion, ecosystem: .rpm, purl: rpm.purl(release: context.release),
                       licenses: rpm.license.map { [$0] } ?? [],
                       locations: [PackageLocation(path: file.path, layer: file.layer)], foundBy: name,
                       sourceName: source?.name, sourceVersion: source?.version, architecture: rpm.architecture,
                       ownedFiles: rpm.files)
    }
}

/// Identifies a database file by its contents, so the same database reached through two paths
/// is cataloged once.
private struct DatabaseIdentity: Hashable {
    let count: Int
    let digest: Int

    init(_ bytes: [UInt8]) {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        count = bytes.count
        digest = hasher.finalize()
    }
}

/// Read access to a file tree (an image's merged layers, a directory, …) that catalogers use
/// without knowing where the files come from (syft's `file.Resolver`).
///
/// Paths are absolute inside the tree (`/var/lib/dpkg/status`), already normalised; symlinks are
/// resolved by the implementation inside the tree only. Implementations bound what they read.
public protocol FileResolver: Sendable {
    /// Entries whose path matches a glob (`**/*.dist-info/METADATA`, `/var/lib/dpkg/status.d/*`),
    /// sorted by path. Symlinks are not listed (their targets are, under their own paths), so a
    /// file reachable through several links is cataloged once, as Syft does.
    func files(matching glob: String) throws -> [FileEntry]
    /// The entry at an exact path, if it exists (after symlink resolution inside the tree).
    func entry(at path: String) throws -> FileEntry?
    /// The contents of a regular file, at most `limit` bytes; larger files throw.
    func contents(of entry: FileEntry, limit: Int) throws -> [UInt8]
    /// Bytes of a regular file covering at least `range` (clamped to the file's end), and the
    /// offset of the first byte returned: what a reader of headers and tables (ELF) needs
    /// without reading a whole binary. Resolvers that can seek return exactly the range; the
    /// default reads the whole file within `limit` and returns it from offset 0.
    func contents(of entry: FileEntry, covering range: Range<Int>, limit: Int) throws -> (offset: Int, bytes: [UInt8])
}

extension FileResolver {
    public func contents(of entry: FileEntry, covering range: Range<Int>, limit: Int) throws -> (offset: Int, bytes: [UInt8]) {
        (0, try contents(of: entry, limit: limit))
    }
}

/// One file in a resolved tree.
public struct FileEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case regular, directory, symlink, other }

    public var path: String
    public var kind: Kind
    public var size: Int
    /// Permission bits (including setuid/setgid/sticky).
    public var mode: UInt32
    /// The layer (digest) that last wrote this path, for images.
    public var layer: String?

    public init(path: String, kind: Kind, size: Int, mode: UInt32, layer: String? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.layer = layer
    }
}

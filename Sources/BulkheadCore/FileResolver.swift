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

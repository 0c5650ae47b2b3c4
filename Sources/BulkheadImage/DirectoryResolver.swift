import BulkheadCore
import Foundation

/// A ``FileResolver`` over a root filesystem directory (`bulkhead sbom dir:ROOTFS`).
///
/// Paths are absolute inside the root. Symlinks are resolved against the root, never the host:
/// an absolute target `/etc/x` means `ROOT/etc/x`, and `..` cannot climb above the root. Loops
/// end after a bounded number of hops.
public struct DirectoryResolver: FileResolver {
    public let root: String
    /// The tree is walked once, on first use; every glob then filters this list.
    private let listing = Listing()
    /// Symlink hops followed before giving up (loops, hostile trees).
    public static let maxLinkHops = 40

    public init(root: String) {
        // Stored without a trailing slash so `root + "/path"` is well formed ("/" becomes "").
        var r = root
        while r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    public func files(matching glob: String) throws -> [FileEntry] {
        var out: [FileEntry] = []
        let (items, index) = listing.items(under: root.isEmpty ? "/" : root)
        // A symlink is not listed: its target is, under its own path, so nothing is cataloged twice.
        for i in index.indices(matching: PathGlobSet([glob])) where items[i].kind != .symlink {
            let item = items[i]
            out.append(FileEntry(path: item.path, kind: item.kind, size: item.size, mode: item.mode))
        }
        return out  // items are kept sorted
    }

    public func entry(at path: String) throws -> FileEntry? {
        guard let resolved = resolve(path) else { return nil }
        var st = stat()
        guard lstat(root + resolved, &st) == 0 else { return nil }
        let type = st.st_mode & S_IFMT
        let kind: FileEntry.Kind = type == S_IFREG ? .regular : type == S_IFDIR ? .directory : type == S_IFLNK ? .symlink : .other
        return FileEntry(path: path.hasPrefix("/") ? path : "/" + path, kind: kind, size: Int(st.st_size),
                         mode: UInt32(st.st_mode & 0o7777))
    }

    public func contents(of entry: FileEntry, limit: Int) throws -> [UInt8] {
        try read(entry, range: nil, limit: limit).bytes
    }

    public func contents(of entry: FileEntry, covering range: Range<Int>, limit: Int) throws -> (offset: Int, bytes: [UInt8]) {
        try read(entry, range: range, limit: limit)
    }

    /// The whole file (`range` nil) or `range` of it clamped to its size, within `limit`.
    private func read(_ entry: FileEntry, range: Range<Int>?, limit: Int) throws -> (offset: Int, bytes: [UInt8]) {
        guard let resolved = resolve(entry.path) else {
            throw ResolverError("cannot resolve \(entry.path) inside \(root)")
        }
        let fd = open(root + resolved, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ResolverError("cannot read \(entry.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ResolverError("cannot stat \(entry.path)") }
        let size = Int(st.st_size)
        guard size <= limit else {
            throw ResolverError("\(entry.path) is larger than the \(limit)-byte limit")
        }
        let wanted = range.map { $0.clamped(to: 0..<size) } ?? 0..<size
        // Exactly the bytes wanted, read straight into the array (no Data, no zero-fill).
        do {
            return (wanted.lowerBound, try ContentStore.readExactly(fd, offset: wanted.lowerBound, length: wanted.count, name: entry.path))
        } catch {
            throw ResolverError("\(entry.path) changed size while it was read")
        }
    }

    /// Resolves `path` to a path inside the root with every symlink followed inside the root;
    /// `nil` when it does not exist or loops.
    func resolve(_ path: String) -> String? {
        ConfinedPath.resolve(path, maxHops: Self.maxLinkHops) { candidate in
            var st = stat()
            guard lstat(root + candidate, &st) == 0 else { return nil }
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: root + candidate) else {
                    return nil
                }
                return .symlink(target: target)
            case S_IFDIR:
                return .directory
            default:
                return .file
            }
        }
    }
}

/// The entries of a tree (relative path, kind, size, mode from `lstat`), walked once with
/// `readdir` — symlinks are listed, never followed — and shared by copies of the resolver.
private final class Listing: @unchecked Sendable {
    struct Item {
        /// Absolute inside the root (`/etc/os-release`).
        var path: String
        var kind: FileEntry.Kind
        var size: Int
        var mode: UInt32
    }

    /// Entries walked before giving up (a hostile or runaway tree stays bounded).
    static let maxEntries = 20_000_000

    private let lock = NSLock()
    private var cached: ([Item], PathIndex)?

    /// The items, sorted by path, and their paths indexed for glob lookups.
    func items(under root: String) -> ([Item], PathIndex) {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        var out: [Item] = []
        var pending: [String] = [""]
        let base = root == "/" ? "" : root
        walk: while let rel = pending.popLast() {
            guard let dir = opendir(rel.isEmpty ? (base.isEmpty ? "/" : base) : base + "/" + rel) else { continue }
            defer { closedir(dir) }
            let fd = dirfd(dir)
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                // Relative to the open directory: no path walk per entry.
                guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let type = st.st_mode & S_IFMT
                let kind: FileEntry.Kind = type == S_IFREG ? .regular : type == S_IFDIR ? .directory
                    : type == S_IFLNK ? .symlink : .other
                out.append(Item(path: "/" + child, kind: kind, size: Int(st.st_size), mode: UInt32(st.st_mode & 0o7777)))
                if kind == .directory { pending.append(child) }
                if out.count >= Self.maxEntries { break walk }
            }
        }
        out.sort { $0.path < $1.path }
        let result = (out, PathIndex(out.map(\.path)))
        cached = result
        return result
    }
}

/// A resolver failure (unreadable, over a limit, escaping the root).
public struct ResolverError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

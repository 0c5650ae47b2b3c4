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
        let matcher = PathGlobSet([glob])
        for rel in listing.paths(under: root.isEmpty ? "/" : root) where matcher.matches(rel) {
            // A symlink is not listed: its target is, under its own path, so nothing is cataloged twice.
            var st = stat()
            if lstat(root + "/" + rel, &st) == 0, st.st_mode & S_IFMT == S_IFLNK { continue }
            if let e = try entry(at: "/" + rel) { out.append(e) }
        }
        return out.sorted { $0.path < $1.path }
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
        guard let resolved = resolve(entry.path) else {
            throw ResolverError("cannot resolve \(entry.path) inside \(root)")
        }
        guard let handle = FileHandle(forReadingAtPath: root + resolved) else {
            throw ResolverError("cannot read \(entry.path)")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else {
            throw ResolverError("\(entry.path) is larger than the \(limit)-byte limit")
        }
        return [UInt8](data)
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

/// The relative paths of a tree, enumerated once and shared by copies of the resolver.
private final class Listing: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: [String]?

    func paths(under root: String) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        var out: [String] = []
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let rel = walker.nextObject() as? String { out.append(rel) }
        }
        cached = out
        return out
    }
}

/// A resolver failure (unreadable, over a limit, escaping the root).
public struct ResolverError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

import BulkheadCore
import Foundation

/// Where an image comes from: `docker-archive:FILE`, `oci-archive:FILE`, `oci:DIR`, `dir:DIR`,
/// or a bare path that is sniffed.
public enum ImageSource: Sendable, Hashable {
    /// A `docker save` / `podman save` tarball (`manifest.json` at the top).
    case dockerArchive(path: String)
    /// An OCI image layout packed in a tar (`oci-layout`, `index.json`, `blobs/`).
    case ociArchive(path: String)
    /// An OCI image layout directory.
    case ociLayout(path: String)
    /// A root filesystem directory.
    case directory(path: String)

    public var path: String {
        switch self {
        case .dockerArchive(let p), .ociArchive(let p), .ociLayout(let p), .directory(let p): p
        }
    }

    /// Parses a source reference; bare paths are sniffed (see ``sniff(_:)``).
    public static func parse(_ reference: String) throws(ImageError) -> ImageSource {
        let prefixes: [(String, (String) -> ImageSource)] = [
            ("docker-archive:", { .dockerArchive(path: $0) }),
            ("oci-archive:", { .ociArchive(path: $0) }),
            ("oci:", { .ociLayout(path: $0) }),
            ("dir:", { .directory(path: $0) }),
        ]
        for (prefix, make) in prefixes where reference.hasPrefix(prefix) {
            let path = String(reference.dropFirst(prefix.count))
            guard !path.isEmpty else {
                throw ImageError(.notFound, "image source '\(reference)' names no path after '\(prefix)'")
            }
            return make(path)
        }
        return try sniff(reference)
    }

    /// Decides the kind of a bare path: a directory with `oci-layout` is an OCI layout, any other
    /// directory a root filesystem; a tar (optionally gzipped) with `manifest.json` is a docker
    /// archive, one with `oci-layout` or `index.json` an OCI archive.
    public static func sniff(_ path: String) throws(ImageError) -> ImageSource {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ImageError(.notFound, "image source '\(path)' does not exist (use docker-archive:, oci-archive:, oci: or dir:)")
        }
        if isDir.boolValue {
            return FileManager.default.fileExists(atPath: path + "/oci-layout") ? .ociLayout(path: path) : .directory(path: path)
        }
        var names: Set<String> = []
        do {
            try OuterArchive.scan(path: path, limits: .default) { (entry: TarEntry, _: inout OuterArchive.Reader) throws(ImageError) in
                let name = OuterArchive.normalise(entry.path)
                if name == "manifest.json" || name == "oci-layout" || name == "index.json" { names.insert(name) }
                return !(names.contains("manifest.json") || names.contains("oci-layout"))
            }
        } catch {
            throw ImageError(.unsupported, "'\(path)' is not a recognised image (not a directory, docker archive or OCI archive): \(error.message)")
        }
        if names.contains("manifest.json") { return .dockerArchive(path: path) }
        if names.contains("oci-layout") || names.contains("index.json") { return .ociArchive(path: path) }
        throw ImageError(.unsupported, "'\(path)' is a tar but has neither manifest.json (docker archive) nor oci-layout/index.json (OCI archive)")
    }

    /// A resolver for this source: ``DirectoryResolver`` for `dir:`, ``ImageResolver`` otherwise.
    public func makeResolver(wanted: [String] = ImageResolver.defaultWantedGlobs,
                             platform: ImagePlatform = .default) throws -> any FileResolver {
        if case .directory(let p) = self { return DirectoryResolver(root: p) }
        return try ImageResolver(source: self, wanted: wanted, platform: platform)
    }
}

/// Walks an outer image tarball (plain or gzipped) with the streaming primitives.
enum OuterArchive {
    typealias Reader = AnyTarReader

    static func normalise(_ name: String) -> String {
        var n = name
        while n.hasPrefix("./") { n.removeFirst(2) }
        while n.hasPrefix("/") { n.removeFirst() }
        return n
    }

    /// Calls `visit` for each entry until it returns false or the archive ends.
    static func scan(path: String, limits: ArchiveLimits,
                     _ visit: (TarEntry, inout AnyTarReader) throws(ImageError) -> Bool) throws(ImageError) {
        var reader = try AnyTarReader(path: path, limits: limits, name: path)
        while let entry = try reader.next() {
            if try !visit(entry, &reader) { return }
        }
    }

    /// The first bytes of a file (for magic sniffing).
    static func peek(path: String, count: Int) -> [UInt8] {
        guard let h = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? h.close() }
        return [UInt8]((try? h.read(upToCount: count)) ?? Data())
    }

    static func peek(bytes: [UInt8], count: Int) -> [UInt8] { Array(bytes.prefix(count)) }
}

/// Compression of a layer or archive, from its magic bytes.
enum Compression {
    case none, gzip, zstd

    static func sniff(_ head: [UInt8]) -> Compression {
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b { return .gzip }
        if head.count >= 4, head[0] == 0x28, head[1] == 0xb5, head[2] == 0x2f, head[3] == 0xfd { return .zstd }
        return .none
    }
}

/// A tar reader over a file or bytes, plain or gzipped, without exposing the generic stack.
struct AnyTarReader {
    private enum Inner {
        case file(TarReader<FileByteSource>)
        case gzFile(TarReader<GzipByteSource<FileByteSource>>)
        case bytes(TarReader<BytesByteSource>)
        case gzBytes(TarReader<GzipByteSource<BytesByteSource>>)
        case empty
    }
    private var inner: Inner

    init(path: String, limits: ArchiveLimits, name: String) throws(ImageError) {
        switch Compression.sniff(OuterArchive.peek(path: path, count: 4)) {
        case .gzip: inner = .gzFile(TarReader(try GzipByteSource(try FileByteSource(path: path), limits: limits), limits: limits, name: name))
        case .zstd: throw ImageError(.unsupported, "\(name) is zstd-compressed; zstd is not supported yet", location: name)
        case .none: inner = .file(TarReader(try FileByteSource(path: path), limits: limits, name: name))
        }
    }

    /// A tar stored at `offset..<offset+length` of a file (a layer inside a plain outer tar).
    init(path: String, offset: Int, length: Int, limits: ArchiveLimits, name: String) throws(ImageError) {
        var head = [UInt8](repeating: 0, count: 4)
        var peek = try FileByteSource(path: path, offset: offset, length: min(length, 4))
        let n = try head.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) -> Int in (try? peek.read(into: b)) ?? 0 }
        switch Compression.sniff(Array(head.prefix(n))) {
        case .gzip:
            inner = .gzFile(TarReader(try GzipByteSource(try FileByteSource(path: path, offset: offset, length: length), limits: limits),
                                      limits: limits, name: name))
        case .zstd: throw ImageError(.unsupported, "\(name) is zstd-compressed; zstd is not supported yet", location: name)
        case .none: inner = .file(TarReader(try FileByteSource(path: path, offset: offset, length: length), limits: limits, name: name))
        }
    }

    init(bytes: [UInt8], limits: ArchiveLimits, name: String) throws(ImageError) {
        switch Compression.sniff(OuterArchive.peek(bytes: bytes, count: 4)) {
        case .gzip: inner = .gzBytes(TarReader(try GzipByteSource(BytesByteSource(bytes), limits: limits), limits: limits, name: name))
        case .zstd: throw ImageError(.unsupported, "\(name) is zstd-compressed; zstd is not supported yet", location: name)
        case .none: inner = .bytes(TarReader(BytesByteSource(bytes), limits: limits, name: name))
        }
    }

    var isCompressed: Bool {
        switch inner {
        case .gzFile, .gzBytes: true
        default: false
        }
    }

    mutating func next() throws(ImageError) -> TarEntry? {
        switch inner {
        case .file(var r): inner = .empty; defer { inner = .file(r) }; return try r.next()
        case .gzFile(var r): inner = .empty; defer { inner = .gzFile(r) }; return try r.next()
        case .bytes(var r): inner = .empty; defer { inner = .bytes(r) }; return try r.next()
        case .gzBytes(var r): inner = .empty; defer { inner = .gzBytes(r) }; return try r.next()
        case .empty: return nil
        }
    }

    mutating func readContents(limit: Int) throws(ImageError) -> [UInt8] {
        switch inner {
        case .file(var r): inner = .empty; defer { inner = .file(r) }; return try r.readContents(limit: limit)
        case .gzFile(var r): inner = .empty; defer { inner = .gzFile(r) }; return try r.readContents(limit: limit)
        case .bytes(var r): inner = .empty; defer { inner = .bytes(r) }; return try r.readContents(limit: limit)
        case .gzBytes(var r): inner = .empty; defer { inner = .gzBytes(r) }; return try r.readContents(limit: limit)
        case .empty: return []
        }
    }
}

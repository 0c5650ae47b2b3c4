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
    /// An image in a registry, pulled through the OCI Distribution API.
    case registry(RegistryReference)

    /// The path, or the normalised reference for registry images.
    public var path: String {
        switch self {
        case .dockerArchive(let p), .ociArchive(let p), .ociLayout(let p), .directory(let p): p
        case .registry(let r): r.description
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
        if reference.hasPrefix("registry:") || reference.hasPrefix("docker://") {
            return .registry(try RegistryReference(reference))
        }
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
            // Not a path: a reference with a registry host, a tag or a digest is a registry image.
            if let ref = try? RegistryReference(path), ref.tag != nil || ref.digest != nil || ref.host != "docker.io" {
                return .registry(ref)
            }
            throw ImageError(.notFound, "image source '\(path)' does not exist (use docker-archive:, oci-archive:, oci:, dir: or registry:)")
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
    public func makeResolver(wanted: [String] = ImageResolver.defaultWantedGlobs, executables: Bool = false,
                             platform: ImagePlatform = .default, registry: RegistryOptions = RegistryOptions(),
                             deferVerification: Bool = false, inspector: (any LayerFileInspector)? = nil) throws -> any FileResolver {
        if case .directory(let p) = self { return DirectoryResolver(root: p) }
        return try ImageResolver(source: self, wanted: wanted, executables: executables, platform: platform, registry: registry,
                                 deferVerification: deferVerification, inspector: inspector)
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

/// Raw bytes of a file window or of memory.
enum RawByteSource: ByteSource {
    case file(FileByteSource)
    case bytes(BytesByteSource)

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        switch self {
        case .file(var s): let n = try s.read(into: buffer); self = .file(s); return n
        case .bytes(var s): let n = try s.read(into: buffer); self = .bytes(s); return n
        }
    }

    mutating func skip(_ count: Int) throws(ImageError) -> Int {
        switch self {
        case .file(var s): let n = try s.skip(count); self = .file(s); return n
        case .bytes(var s): let n = try s.skip(count); self = .bytes(s); return n
        }
    }
}

/// Raw bytes, decompressed according to their magic (gzip, zstd or none). One switch per 64 KiB
/// read, so the dispatch costs nothing next to decompression.
enum LayerByteSource: ByteSource {
    case plain(RawByteSource)
    case gzip(IgzipByteSource<RawByteSource>)
    case zstd(ZstdByteSource<RawByteSource>)

    init(_ raw: RawByteSource, compression: Compression, limits: ArchiveLimits) throws(ImageError) {
        switch compression {
        case .none: self = .plain(raw)
        case .gzip: self = .gzip(try IgzipByteSource(raw, limits: limits))
        case .zstd: self = .zstd(try ZstdByteSource(raw, limits: limits))
        }
    }

    var isCompressed: Bool {
        if case .plain = self { return false }
        return true
    }

    /// The file and window start when the bytes are a plain file (no decompression): entry data
    /// can then be referenced in place instead of copied.
    var plainFile: (path: String, origin: Int)? {
        if case .plain(.file(let f)) = self { return (f.path, f.origin) }
        return nil
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        switch self {
        case .plain(var s): let n = try s.read(into: buffer); self = .plain(s); return n
        case .gzip(var s): let n = try s.read(into: buffer); self = .gzip(s); return n
        case .zstd(var s): let n = try s.read(into: buffer); self = .zstd(s); return n
        }
    }

    /// Plain sources seek; compressed ones must decompress what they skip.
    mutating func skip(_ count: Int) throws(ImageError) -> Int {
        switch self {
        case .plain(var s): let n = try s.skip(count); self = .plain(s); return n
        case .gzip(var s): let n = try s.skip(count); self = .gzip(s); return n
        case .zstd(var s): let n = try s.skip(count); self = .zstd(s); return n
        }
    }
}

/// A tar reader over a file, a file window or bytes; plain, gzipped or zstd-compressed.
typealias AnyTarReader = TarReader<LayerByteSource>

extension TarReader where Source == LayerByteSource {
    init(path: String, limits: ArchiveLimits, name: String) throws(ImageError) {
        let compression = Compression.sniff(OuterArchive.peek(path: path, count: 4))
        self.init(try LayerByteSource(.file(try FileByteSource(path: path)), compression: compression, limits: limits),
                  limits: limits, name: name)
    }

    /// A tar stored at `offset..<offset+length` of a file (a layer inside a plain outer tar).
    init(path: String, offset: Int, length: Int, limits: ArchiveLimits, name: String) throws(ImageError) {
        var head = [UInt8](repeating: 0, count: 4)
        var peek = try FileByteSource(path: path, offset: offset, length: min(length, 4))
        let n = head.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) -> Int in (try? peek.read(into: b)) ?? 0 }
        let source = try FileByteSource(path: path, offset: offset, length: length)
        self.init(try LayerByteSource(.file(source), compression: Compression.sniff(Array(head.prefix(n))), limits: limits),
                  limits: limits, name: name)
    }

    init(bytes: [UInt8], limits: ArchiveLimits, name: String) throws(ImageError) {
        let compression = Compression.sniff(OuterArchive.peek(bytes: bytes, count: 4))
        self.init(try LayerByteSource(.bytes(BytesByteSource(bytes)), compression: compression, limits: limits),
                  limits: limits, name: name)
    }

    var isCompressed: Bool { byteSource.isCompressed }
}

import BulkheadCore
import Foundation

/// A ``FileResolver`` over an image's merged layers (docker archive, OCI archive, OCI layout).
///
/// Each layer is streamed once, in order, with whiteouts applied (`.wh.NAME` deletes NAME and
/// everything below it; `.wh..wh..opq` hides what earlier layers put in that directory). Every
/// path keeps its kind, size, mode, link target and the layer that last wrote it; file contents
/// are kept only for paths matching the `wanted` globs, each at most `contentCap` bytes. Every
/// blob (manifest, config, layer) is checked against its descriptor's sha256. Symlinks and
/// hardlinks resolve inside the image only, with a hop limit.
public struct ImageResolver: FileResolver {
    /// The paths the built-in catalogers read.
    public static let defaultWantedGlobs: [String] = [
        "/var/lib/dpkg/status", "/var/lib/dpkg/status.d/*", "/var/lib/dpkg/info/*.list",
        "/lib/apk/db/installed", "/etc/os-release", "/usr/lib/os-release", "/etc/*release",
        "/etc/debian_version", "**/*.dist-info/METADATA", "**/*.egg-info/PKG-INFO", "**/*.egg-info",
    ]
    public static let defaultContentCap = 64 << 20
    /// Symlink hops followed before giving up.
    public static let maxLinkHops = 40

    struct Node: Sendable, Hashable {
        var kind: FileEntry.Kind
        var size: Int
        var mode: UInt32
        var linkTarget: String?
        var layer: String
        var contents: ContentStore.Ref?
    }

    public let source: ImageSource
    public let metadata: ImageMetadata
    public let wanted: [String]
    /// The most bytes kept for one wanted file.
    public let contentCap: Int
    /// Absolute path ("/etc/passwd") → node; the root "/" is implicit.
    let nodes: [String: Node]
    /// The same nodes sorted by path, so glob listings come out sorted without sorting each time.
    let ordered: [(path: String, node: Node)]
    /// ``ordered``'s paths by base name and extension, for ``files(matching:)``.
    let index: PathIndex
    /// Whether executables found anywhere were kept (see ``init(source:wanted:executables:platform:limits:contentCap:)``).
    public let executables: Bool
    let store: ContentStore
    /// Layer digests still being checked (see ``verifyDigests()``).
    let pendingVerification: DigestVerifier?

    ///
    /// - Parameters:
    ///   - wanted: globs of the files whose contents are kept (see `Catalogers.wantedGlobs`).
    ///   - executables: also keep executables (ELF, Mach-O, PE with an exec bit) found anywhere.
    ///   - platform: the manifest chosen from an index.
    ///   - limits: archive limits (sizes, counts, ratios).
    ///   - contentCap: the most bytes kept for one file.
    ///   - registry: how to reach a registry, for ``ImageSource/registry(_:)`` sources.
    ///   - deferVerification: return before every layer digest has been checked; the caller must
    ///     call ``verifyDigests()`` before showing anything built from the image. By default the
    ///     initialiser itself throws `digest-mismatch`.
    ///   - inspector: sees every regular file of every layer as it streams by (see ``LayerFileInspector``).
    public init(source: ImageSource, wanted: [String] = ImageResolver.defaultWantedGlobs, executables: Bool = false,
                platform: ImagePlatform = .default, limits: ArchiveLimits = .default,
                contentCap: Int = ImageResolver.defaultContentCap, registry: RegistryOptions = RegistryOptions(),
                deferVerification: Bool = false, inspector: (any LayerFileInspector)? = nil) throws {
        try self.init(source: source, wanted: wanted, executables: executables, platform: platform, limits: limits,
                      contentCap: contentCap, smallEntryBytes: Self.smallEntryBytes, registry: registry,
                      deferVerification: deferVerification, inspector: inspector)
    }

    /// Waits for the layer digests still being checked (``init(source:wanted:executables:platform:limits:contentCap:registry:deferVerification:)``
    /// with `deferVerification`) and throws `digest-mismatch` if one does not match.
    public func verifyDigests() throws(ImageError) {
        if let failed = pendingVerification?.wait() { throw failed }
    }

    /// `smallEntryBytes`: archive entries up to this size are kept in memory by the first pass
    /// (JSON, small layers); larger layers are streamed (tests lower it to force streaming).
    init(source: ImageSource, wanted: [String], executables: Bool = false, platform: ImagePlatform, limits: ArchiveLimits,
         contentCap: Int, smallEntryBytes: Int, store: ContentStore = ContentStore(),
         registry: RegistryOptions = RegistryOptions(), deferVerification: Bool = false,
         inspector: (any LayerFileInspector)? = nil) throws {
        self.source = source
        self.wanted = wanted
        self.contentCap = contentCap
        self.executables = executables
        self.store = store
        var builder = TreeBuilder(wanted: wanted, contentCap: contentCap, limits: limits, executables: executables,
                                  store: store, inspector: inspector)
        defer { inspector?.finishLayers() }
        let verifier = DigestVerifier()
        do {
            switch source {
            case .directory(let p):
                throw ImageError(.unsupported, "'\(p)' is a directory; use DirectoryResolver for dir: sources")
            case .registry(let reference):
                let puller = try RegistryPuller(reference: reference, options: registry)
                let plan = try puller.plan(platform: platform)
                for layer in plan.layers {
                    let file = try puller.download(layer)
                    defer { puller.discard(file) }
                    var reader = try AnyTarReader(path: file, limits: limits, name: "\(reference): \(layer.blobDigest ?? layer.location)")
                    builder.apply(try LayerListing.read(&reader, plan: layer, builder: builder))
                }
                metadata = plan.metadata
            case .ociLayout(let dir):
                let plan = try Self.planLayout(dir: dir, platform: platform)
                for layer in plan.layers {
                    let file = dir + "/" + layer.location
                    guard FileManager.default.fileExists(atPath: file) else {
                        throw ImageError(.notFound, "layer blob \(layer.blobDigest ?? layer.location) is missing", location: dir)
                    }
                    verifier.start(file, window: nil, expected: layer.blobDigest, name: "\(dir): \(layer.location)")
                    var reader = try AnyTarReader(path: file, limits: limits, name: "\(dir): \(layer.location)")
                    builder.apply(try LayerListing.read(&reader, plan: layer, builder: builder))
                }
                metadata = plan.metadata
            case .dockerArchive(let path), .ociArchive(let path):
                let isDocker: Bool = if case .dockerArchive = source { true } else { false }
                let plan = try Self.planArchive(path: path, docker: isDocker, platform: platform, limits: limits, smallEntryBytes: smallEntryBytes)
                // Second pass: read every layer blob (each one once) into a listing, then merge in order.
                var listings: [String: LayerListing] = [:]
                let needed = Set(plan.plan.layers.map(\.location))
                for loc in needed { if let bytes = plan.small[loc] { listings[loc] = try Self.listing(bytes, loc, plan.plan, builder, path, limits) } }
                // Plain outer tars: stream each layer straight from its byte range in the file.
                let missing = needed.subtracting(listings.keys)
                if !missing.isEmpty, let index = ImageTarIndex.build(path: path, names: missing), index.count == missing.count {
                    // Largest first: its hash, the longest job, then starts at once (the verifier is serial).
                    for (loc, item) in index.sorted(by: { ($0.value.size, $0.key) > ($1.value.size, $1.key) }) {
                        listings[loc] = try Self.listing(windowOf: path, item, loc, plan.plan, builder, limits, verifier: verifier)
                    }
                }
                if listings.count < needed.count {
                    try OuterArchive.scan(path: path, limits: limits) { (entry: TarEntry, reader: inout AnyTarReader) throws(ImageError) in
                        let name = OuterArchive.normalise(entry.path)
                        if entry.kind == .regular, needed.contains(name), listings[name] == nil {
                            let bytes = try reader.readContents(limit: limits.maxEntrySize)
                            listings[name] = try Self.listing(bytes, name, plan.plan, builder, path, limits)
                        }
                        return listings.count < needed.count
                    }
                }
                for layer in plan.plan.layers {
                    guard let listing = listings[layer.location] else {
                        throw ImageError(.notFound, "layer \(layer.location) named by the manifest is not in the archive", location: path)
                    }
                    builder.apply(listing.relabelled(layer.label))
                }
                metadata = plan.plan.metadata
            }
        } catch {
            // A digest mismatch explains a corrupt stream better than the parse error does.
            if let failed = verifier.wait(), failed.code == .digestMismatch { throw failed }
            throw error
        }
        if deferVerification {
            pendingVerification = verifier
        } else {
            pendingVerification = nil
            if let failed = verifier.wait() { throw failed }
        }
        nodes = builder.nodes
        // Sorting the keys alone moves 16-byte strings, not (path, node) pairs.
        ordered = builder.nodes.keys.sorted().map { (path: $0, node: builder.nodes[$0]!) }
        index = PathIndex(ordered.map(\.path))
    }

    /// Parses a source reference (see ``ImageSource/parse(_:)``) and reads it.
    public init(reference: String, wanted: [String] = ImageResolver.defaultWantedGlobs, executables: Bool = false,
                platform: ImagePlatform = .default) throws {
        try self.init(source: try ImageSource.parse(reference), wanted: wanted, executables: executables, platform: platform)
    }

    // MARK: FileResolver

    public func files(matching glob: String) throws -> [FileEntry] {
        var out: [FileEntry] = []
        for i in index.indices(matching: PathGlobSet([glob])) {
            let (path, node) = ordered[i]
            guard node.kind != .symlink else { continue }
            // Node keys are the paths layers wrote; only symlinks need resolving, and they are skipped.
            out.append(FileEntry(path: path, kind: node.kind, size: node.size, mode: node.mode, layer: node.layer))
        }
        return out  // already sorted: `ordered` is
    }

    public func entry(at path: String) throws -> FileEntry? {
        let abs = path.hasPrefix("/") ? path : "/" + path
        guard let resolved = resolve(abs) else { return nil }
        if resolved == "/" { return FileEntry(path: abs, kind: .directory, size: 0, mode: 0o755) }
        guard let node = nodes[resolved] else { return nil }
        return FileEntry(path: abs, kind: node.kind, size: node.size, mode: node.mode, layer: node.layer)
    }

    public func contents(of entry: FileEntry, covering range: Range<Int>, limit: Int) throws -> (offset: Int, bytes: [UInt8]) {
        let (node, ref) = try keptContents(of: entry, limit: limit)
        let clamped = range.clamped(to: 0..<node.size)
        return (clamped.lowerBound, try store.bytes(ref, range: clamped))
    }

    public func contents(of entry: FileEntry, limit: Int) throws -> [UInt8] {
        try store.bytes(keptContents(of: entry, limit: limit).ref)
    }

    /// The node behind `entry` and where its kept contents are; throws when it is not a regular
    /// file, its contents were not kept, or it is over `limit`.
    private func keptContents(of entry: FileEntry, limit: Int) throws -> (node: Node, ref: ContentStore.Ref) {
        guard let resolved = resolve(entry.path), let node = nodes[resolved] else {
            throw ImageError(.notFound, "\(entry.path) does not exist in the image (or its links loop or dangle)")
        }
        guard node.kind == .regular else {
            throw ImageError(.unsupported, "\(entry.path) is a \(node.kind.rawValue), not a regular file")
        }
        guard let ref = node.contents else {
            throw ImageError(.unsupported, "contents of \(entry.path) were not kept: it matches none of the resolver's wanted globs or is over the \(contentCap)-byte cap")
        }
        guard node.size <= limit else {
            throw ImageError(.limitExceeded, "\(entry.path) is larger than the \(limit)-byte limit")
        }
        return (node, ref)
    }

    /// The paths in the merged image (absolute), sorted; for tests and debugging.
    public var allPaths: [String] { ordered.map(\.path) }

    /// Resolves every symlink in `path` inside the image; nil when missing, looping or too deep.
    func resolve(_ path: String) -> String? {
        ConfinedPath.resolve(path, maxHops: Self.maxLinkHops) { candidate in
            guard let node = nodes[candidate] else { return nil }
            switch node.kind {
            case .symlink: return node.linkTarget.map { .symlink(target: $0) }
            case .directory: return .directory
            default: return .file
            }
        }
    }

    // MARK: Planning

    /// sha256 of a file or a window of it. The bytes are mapped, not copied (hashing is what bounds
    /// the wall time of uncompressed archives); files that cannot be mapped are read.
    static func hashFile(_ path: String, window: ImageTarIndex.Item? = nil) throws(ImageError) -> String {
        if let digest = hashMapped(path, window: window) { return digest }
        var source: FileByteSource
        if let w = window {
            source = try FileByteSource(path: path, offset: w.offset, length: w.size)
        } else {
            source = try FileByteSource(path: path)
        }
        var hasher = SHA256Digest.Stream()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return hasher.finalize()
    }

    /// Hashes through `mmap`, 8 MiB at a time, after checking the window lies inside the file; nil
    /// when mapping fails or the window does not fit, and the caller falls back to reading (which
    /// reports truncation as an error).
    static func hashMapped(_ path: String, window: ImageTarIndex.Item?) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let fileSize = Int(st.st_size)
        let start = window?.offset ?? 0
        let length = window?.size ?? fileSize
        guard start >= 0, length >= 0, start <= fileSize, length <= fileSize - start else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var hasher = SHA256Digest.Stream()
        var done = 0
        let chunk = 8 << 20
        while done < length {
            let offset = start + done
            let aligned = offset - offset % page
            let count = min(chunk, length - done)
            let mapLength = count + (offset - aligned)
            // MAP_POPULATE maps the whole chunk in one call instead of a fault per few pages.
            guard let base = mmap(nil, mapLength, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, off_t(aligned)),
                  base != MAP_FAILED else { return nil }
            hasher.update(UnsafeRawBufferPointer(start: base + (offset - aligned), count: count))
            munmap(base, mapLength)
            done += count
        }
        return hasher.finalize()
    }
    static func readSmallFile(_ path: String, name: String) throws(ImageError) -> [UInt8] {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw ImageError(.notFound, "\(name) is missing", location: path)
        }
        defer { try? h.close() }
        let data = (try? h.read(upToCount: ManifestLoader.maxJSONBytes + 1)) ?? Data()
        guard data.count <= ManifestLoader.maxJSONBytes else {
            throw ImageError(.limitExceeded, "\(name) is over \(ManifestLoader.maxJSONBytes) bytes", location: path)
        }
        return [UInt8](data)
    }

    static func planLayout(dir: String, platform: ImagePlatform) throws(ImageError) -> ImagePlan {
        let index = try readSmallFile(dir + "/index.json", name: "index.json")
        return try ManifestLoader.ociPlan(index: index, source: dir, platform: platform) { (digest: String) throws(ImageError) in
            let rel = try ManifestLoader.blobPath(digest)
            let bytes = try readSmallFile(dir + "/" + rel, name: "blob \(digest)")
            try ManifestLoader.verify(bytes, digest: digest, name: "\(dir): \(rel)")
            return bytes
        }
    }

    struct ArchivePlan {
        var plan: ImagePlan
        /// Small entries kept from the first pass (path → bytes).
        var small: [String: [UInt8]]
    }

    static let smallEntryBytes = 4 << 20
    static let smallTotalBytes = 256 << 20

    static func planArchive(path: String, docker: Bool, platform: ImagePlatform,
                            limits: ArchiveLimits, smallEntryBytes: Int) throws(ImageError) -> ArchivePlan {
        var small: [String: [UInt8]] = [:]
        var total = 0
        var links: [String: String] = [:]
        try OuterArchive.scan(path: path, limits: limits) { (entry: TarEntry, reader: inout AnyTarReader) throws(ImageError) in
            let entryName = OuterArchive.normalise(entry.path)
            if entry.kind == .hardlink, let t = entry.linkTarget {
                links[entryName] = OuterArchive.normalise(t)
            } else if entry.kind == .symlink, let t = entry.linkTarget, !t.hasPrefix("/") {
                // Old `docker save` links duplicate layers: abc/layer.tar -> ../def/layer.tar.
                var parts = Array(ConfinedPath.split(entryName).dropLast())
                var ok = true
                for c in ConfinedPath.split(t) where c != "." {
                    if c == ".." { if parts.isEmpty { ok = false; break } else { parts.removeLast() } } else { parts.append(c) }
                }
                if ok, !parts.isEmpty { links[entryName] = parts.joined(separator: "/") }
            }
            guard entry.kind == .regular, entry.size <= smallEntryBytes, total + entry.size <= smallTotalBytes else { return true }
            small[OuterArchive.normalise(entry.path)] = try reader.readContents(limit: smallEntryBytes)
            total += entry.size
            return true
        }
        func resolveLink(_ name: String) -> String {
            var n = name
            for _ in 0..<8 { guard let t = links[n] else { break }; n = t }
            return n
        }
        func read(_ name: String) throws(ImageError) -> [UInt8] {
            guard let b = small[resolveLink(name)] else {
                throw ImageError(.notFound, "\(name) is missing from the archive (or over \(smallEntryBytes) bytes)", location: path)
            }
            return b
        }
        if docker {
            var plan = try ManifestLoader.dockerPlan(manifest: try read("manifest.json"), archive: path, read: read)
            for i in plan.layers.indices { plan.layers[i].location = resolveLink(plan.layers[i].location) }
            return ArchivePlan(plan: plan, small: small)
        }
        let plan = try ManifestLoader.ociPlan(index: try read("index.json"), source: path, platform: platform) { (digest: String) throws(ImageError) in
            let rel = try ManifestLoader.blobPath(digest)
            let bytes = try read(rel)
            try ManifestLoader.verify(bytes, digest: digest, name: "\(path): \(rel)")
            return bytes
        }
        return ArchivePlan(plan: plan, small: small)
    }

    static func listing(windowOf archive: String, _ item: ImageTarIndex.Item, _ location: String, _ plan: ImagePlan,
                        _ builder: TreeBuilder, _ limits: ArchiveLimits, verifier: DigestVerifier) throws(ImageError) -> LayerListing {
        let name = "\(archive): \(location)"
        guard let layer = plan.layers.first(where: { $0.location == location }) else {
            throw ImageError(.notFound, "no plan for \(location)", location: archive)
        }
        var reader = try AnyTarReader(path: archive, offset: item.offset, length: item.size, limits: limits, name: name)
        verifier.start(archive, window: item, expected: layer.blobDigest ?? (reader.isCompressed ? nil : layer.diffID), name: name)
        return try LayerListing.read(&reader, plan: layer, builder: builder)
    }

    static func listing(_ bytes: [UInt8], _ location: String, _ plan: ImagePlan, _ builder: TreeBuilder,
                        _ archive: String, _ limits: ArchiveLimits) throws(ImageError) -> LayerListing {
        let name = "\(archive): \(location)"
        guard let layer = plan.layers.first(where: { $0.location == location }) else {
            throw ImageError(.notFound, "no plan for \(location)", location: archive)
        }
        if let d = layer.blobDigest {
            try ManifestLoader.verify(bytes, digest: d, name: name)
        } else if let diff = layer.diffID, Compression.sniff(Array(bytes.prefix(4))) == .none {
            try ManifestLoader.verify(bytes, digest: diff, name: name)
        }
        var reader = try AnyTarReader(bytes: bytes, limits: limits, name: name)
        return try LayerListing.read(&reader, plan: layer, builder: builder)
    }
}

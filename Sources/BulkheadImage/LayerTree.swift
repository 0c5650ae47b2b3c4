import BulkheadCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One layer's changes, read from its tar: whiteouts (applied to lower layers first) and entries.
struct LayerListing {
    enum Op {
        case entry(path: String, node: ImageResolver.Node)
        case hardlink(path: String, target: String, mode: UInt32)
    }
    var label: String
    var whiteouts: [String] = []
    var opaqueDirs: [String] = []
    var ops: [Op] = []

    func relabelled(_ label: String) -> LayerListing {
        var copy = self
        copy.label = label
        return copy
    }

    static func read(_ reader: inout AnyTarReader, plan: LayerPlan, builder: TreeBuilder) throws(ImageError) -> LayerListing {
        var listing = LayerListing(label: plan.label)
        while let entry = try reader.next() {
            // TarReader already normalised the name: relative, no `.`/`..`/empty segments.
            guard !entry.path.isEmpty else { continue }
            let abs = "/" + entry.path
            // Byte searches: '/' is ASCII, so its UTF-8 index is a valid String index.
            let slash = abs.utf8.lastIndex(of: UInt8(ascii: "/"))!
            let base = abs[abs.utf8.index(after: slash)...]
            if base.utf8.starts(with: ".wh.".utf8) {
                let parent = slash == abs.startIndex ? "/" : String(abs[..<slash])
                if base == ".wh..wh..opq" {
                    listing.opaqueDirs.append(parent)
                    continue
                }
                let victim = String(base.dropFirst(4))
                guard !victim.isEmpty, victim != ".", victim != ".." else { continue }
                listing.whiteouts.append((parent == "/" ? "" : parent) + "/" + victim)
                continue
            }
            switch entry.kind {
            case .regular:
                let contents: ContentStore.Ref?
                if let inspector = builder.inspector, inspector.wants(path: abs, size: entry.size, mode: entry.mode) {
                    contents = try builder.keepAndInspect(entry, at: abs, layer: plan.label, inspector: inspector, from: &reader)
                } else {
                    contents = try builder.keep(entry, at: abs, from: &reader)
                }
                listing.ops.append(.entry(path: abs, node: .init(kind: .regular, size: entry.size, mode: entry.mode & 0o7777,
                                                                  linkTarget: nil, layer: plan.label, contents: contents)))
            case .directory:
                listing.ops.append(.entry(path: abs, node: .init(kind: .directory, size: 0, mode: entry.mode & 0o7777,
                                                                  linkTarget: nil, layer: plan.label, contents: nil)))
            case .symlink:
                listing.ops.append(.entry(path: abs, node: .init(kind: .symlink, size: entry.linkTarget?.utf8.count ?? 0,
                                                                  mode: entry.mode & 0o7777, linkTarget: entry.linkTarget,
                                                                  layer: plan.label, contents: nil)))
            case .hardlink:
                guard let target = entry.linkTarget, !target.isEmpty else { continue }
                listing.ops.append(.hardlink(path: abs, target: "/" + target, mode: entry.mode & 0o7777))
            default:
                listing.ops.append(.entry(path: abs, node: .init(kind: .other, size: 0, mode: entry.mode & 0o7777,
                                                                  linkTarget: nil, layer: plan.label, contents: nil)))
            }
        }
        return listing
    }
}

/// Merges layer listings into one tree, in order.
struct TreeBuilder {
    /// The wanted globs (a leading `/` is ignored).
    let globs: PathGlobSet
    let contentCap: Int
    let limits: ArchiveLimits
    /// Keep executables (ELF, Mach-O, PE) found anywhere, not only wanted paths.
    let executables: Bool
    let store: ContentStore
    /// Sees every layer's files (secret scanning); nil when nobody asked.
    let inspector: (any LayerFileInspector)?
    var nodes: [String: ImageResolver.Node] = [:]

    /// Executables smaller than this are not worth keeping (scripts, stubs).
    static let minExecutableSize = 4096
    /// Files at least this large in uncompressed layers are referenced in place.
    static let inPlaceThreshold = 64 << 10

    init(wanted: [String], contentCap: Int, limits: ArchiveLimits, executables: Bool, store: ContentStore,
         inspector: (any LayerFileInspector)? = nil) {
        self.inspector = inspector
        globs = PathGlobSet(wanted)
        self.contentCap = contentCap
        self.limits = limits
        self.executables = executables
        self.store = store
    }

    /// Reads and keeps the current entry's contents when it is wanted (or an executable binary
    /// and executables are wanted): in memory when small, else streamed to the spill file.
    func keep(_ entry: TarEntry, at abs: String, from reader: inout AnyTarReader) throws(ImageError) -> ContentStore.Ref? {
        guard entry.size <= contentCap else { return nil }
        let wanted = wants(abs)
        let executable = !wanted && executables && entry.mode & 0o111 != 0 && entry.size >= Self.minExecutableSize
        guard wanted || executable else { return nil }
        // Large files of an uncompressed layer stay where they are: referenced, never copied (the
        // tar reader then seeks past them). Executables still need their magic checked.
        if entry.size >= Self.inPlaceThreshold, let plain = reader.byteSource.plainFile {
            let offset = plain.origin + reader.dataOffset
            if executable {
                let fd = open(plain.path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { return nil }
                defer { close(fd) }
                guard let head = try? ContentStore.readExactly(fd, offset: offset, length: 4, name: plain.path),
                      Self.isBinary(head[...]) else { return nil }
            }
            return .inPlace(path: plain.path, offset: offset, length: entry.size)
        }
        if store.fitsInMemory(entry.size) {
            let bytes = try reader.readContents(limit: contentCap)
            if executable, !Self.isBinary(bytes.prefix(4)) { return nil }
            return store.keepInMemory(bytes)
        }
        let start = try store.beginSpill()
        var head: [UInt8] = []
        var rejected = false
        var failure: ImageError?
        try reader.streamContents { piece in
            if executable, head.count < 4 {
                head += piece.prefix(4 - head.count)
                if head.count == 4, !Self.isBinary(head[...]) { rejected = true; return false }
            }
            do throws(ImageError) { try store.append(piece) } catch { failure = error; return false }
            return true
        }
        if let failure { throw failure }
        if rejected {
            store.abandonSpill(start: start)
            return nil
        }
        return store.finishSpill(start: start)
    }

    /// Hands the entry to the inspector and keeps it as ``keep(_:at:from:)`` would. A kept file is
    /// kept first and inspected from the store (a stream can be read only once).
    func keepAndInspect(_ entry: TarEntry, at abs: String, layer: String, inspector: any LayerFileInspector,
                        from reader: inout AnyTarReader) throws(ImageError) -> ContentStore.Ref? {
        if let ref = try keep(entry, at: abs, from: &reader) {
            let bytes = try store.bytes(ref)
            try inspector.inspect(layer: layer, path: abs, size: entry.size) { (body: (UnsafeRawBufferPointer) -> Bool) throws(ImageError) in
                _ = bytes.withUnsafeBytes { body($0) }
            }
            return ref
        }
        // keep() may have read the start of it (an executable it then rejected): nothing whole left to stream.
        guard reader.remainingInEntry == entry.size else { return nil }
        try inspector.inspect(layer: layer, path: abs, size: entry.size) { (body: (UnsafeRawBufferPointer) -> Bool) throws(ImageError) in
            try reader.streamContents(body)
        }
        return nil
    }

    /// ELF, Mach-O (thin, either byte order) or PE magic.
    static func isBinary(_ head: ArraySlice<UInt8>) -> Bool {
        let b = Array(head)
        guard b.count >= 2 else { return false }
        if b[0] == 0x4d, b[1] == 0x5a { return true }
        guard b.count >= 4 else { return false }
        if b == [0x7f, 0x45, 0x4c, 0x46] { return true }
        return b == [0xfe, 0xed, 0xfa, 0xce] || b == [0xfe, 0xed, 0xfa, 0xcf]
            || b == [0xce, 0xfa, 0xed, 0xfe] || b == [0xcf, 0xfa, 0xed, 0xfe]
    }

    func wants(_ abs: String) -> Bool {
        globs.matches(abs)
    }

    /// Removes `path` and everything below it (`includeSelf: false` keeps the directory itself).
    mutating func remove(_ path: String, includeSelf: Bool) {
        if includeSelf { nodes[path] = nil }
        let prefix = path == "/" ? "/" : path + "/"
        for key in nodes.keys where key.hasPrefix(prefix) { nodes[key] = nil }
    }

    /// Tars need not list parent directories; they exist implicitly.
    mutating func addParents(of path: String, label: String) {
        var parent = path
        while let slash = parent.utf8.lastIndex(of: UInt8(ascii: "/")), slash != parent.startIndex {
            parent = String(parent[..<slash])
            if nodes[parent] != nil { break }
            nodes[parent] = ImageResolver.Node(kind: .directory, size: 0, mode: 0o755, linkTarget: nil, layer: label, contents: nil)
        }
    }

    /// Deletes whited-out paths with everything below them, and everything below opaque
    /// directories, in one pass over the tree. A path is doomed when it is itself whited out or
    /// when one of its ancestors is whited out or opaque; ancestors are looked up only at the
    /// byte lengths some whiteout or opaque directory has, so a layer with a few whiteouts costs
    /// a byte scan per path and no allocation (O(path bytes) each, whatever the whiteout count).
    mutating func applyWhiteouts(_ whiteouts: Set<String>, opaque: Set<String>) {
        guard !whiteouts.isEmpty || !opaque.isEmpty else { return }
        // An opaque root hides everything lower layers wrote.
        if opaque.contains("/") {
            nodes.removeAll()
            return
        }
        let cuts = whiteouts.union(opaque)
        var lengths = [Bool](repeating: false, count: (cuts.map(\.utf8.count).max() ?? 0) + 1)
        for cut in cuts { lengths[cut.utf8.count] = true }
        var doomed: [String] = []
        for key in nodes.keys {
            if whiteouts.contains(key) { doomed.append(key); continue }
            var key = key
            let below = key.withUTF8 { bytes -> Bool in
                // Ancestors end just before a '/' (position 0 is the root's, never a cut).
                var i = 1
                let end = min(bytes.count, lengths.count)
                while i < end {
                    if bytes[i] == UInt8(ascii: "/"), lengths[i],
                       cuts.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<i]), as: UTF8.self)) {
                        return true
                    }
                    i += 1
                }
                return false
            }
            if below { doomed.append(key) }
        }
        for key in doomed { nodes[key] = nil }
    }

    mutating func apply(_ listing: LayerListing) {
        applyWhiteouts(Set(listing.whiteouts), opaque: Set(listing.opaqueDirs))
        for op in listing.ops {
            switch op {
            case .entry(let path, var node):
                node.layer = listing.label
                addParents(of: path, label: listing.label)
                if let old = nodes[path], old.kind == .directory, node.kind != .directory { remove(path, includeSelf: false) }
                nodes[path] = node
            case .hardlink(let path, let target, let mode):
                guard var node = nodes[target], node.kind == .regular else { continue }
                node.layer = listing.label
                node.mode = mode == 0 ? node.mode : mode
                addParents(of: path, label: listing.label)
                nodes[path] = node
            }
        }
    }
}

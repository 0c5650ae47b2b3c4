import BulkheadCore
import Foundation
import Testing

@testable import BulkheadImage

/// Builds a small real image with python3 (see `imageFixtureScript`); returns its path.
func makeImage(_ mode: String) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-img-\(UUID().uuidString)").path
    let out = mode.hasPrefix("oci-dir") || mode.hasPrefix("bad-") ? base : base + ".tar"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-", out, mode]
    let stdin = Pipe()
    p.standardInput = stdin
    try p.run()
    stdin.fileHandleForWriting.write(Data(imageFixtureScript.utf8))
    try stdin.fileHandleForWriting.close()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw ResolverError("fixture script failed for \(mode)") }
    return out
}

func text(_ r: ImageResolver, _ path: String) throws -> String? {
    guard let e = try r.entry(at: path) else { return nil }
    return String(decoding: try r.contents(of: e, limit: 1 << 20), as: UTF8.self)
}

func expectError(_ code: ImageError.Code, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code) error")
    } catch let e as ImageError {
        #expect(e.code == code, "\(e)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Suite("Image resolver")
struct ImageResolverTests {
    /// The merged view every fixture layout must produce.
    func checkMerged(_ r: ImageResolver) throws {
        #expect(try text(r, "/etc/os-release") == "ID=debian\nVERSION_ID=\"12\"\n")
        #expect(try text(r, "/etc/abs") == "ID=debian\nVERSION_ID=\"12\"\n")
        #expect(try text(r, "/usr/lib/os-release") == "ID=debian\nVERSION_ID=\"12\"\n")
        #expect(try text(r, "/etc/lsb-release") == "ID=debian\nVERSION_ID=\"12\"\n")
        #expect(try text(r, "/etc/debian_version") == "12.5\n")
        #expect(try text(r, "/var/lib/dpkg/status") == "Package: a\nVersion: 1\n")
        // Whiteouts.
        #expect(try r.entry(at: "/etc/motd") == nil)
        #expect(try r.entry(at: "/root/.aws") == nil)
        #expect(try r.entry(at: "/root/.aws/credentials") == nil)
        #expect(try r.entry(at: "/usr/lib/python3/dist-packages/jinja2/__init__.py") == nil)
        let metas = try r.files(matching: "**/*.dist-info/METADATA").map(\.path)
        #expect(metas == ["/usr/lib/python3/dist-packages/requests-2.19.1.dist-info/METADATA"])
        // Opaque directory: old hidden, new kept.
        #expect(try r.entry(at: "/opq/old") == nil)
        #expect(try r.entry(at: "/opq/new") != nil)
        // Layer attribution.
        let l1 = try #require(try r.entry(at: "/etc/os-release")).layer
        let l2 = try #require(try r.entry(at: "/etc/debian_version")).layer
        #expect(l1 == r.metadata.diffIDs.first)
        #expect(l2 == r.metadata.diffIDs.last)
        #expect(l1 != l2)
        // Hostile links: loops and escapes resolve to nothing.
        #expect(try r.entry(at: "/etc/loop") == nil)
        #expect(try r.entry(at: "/etc/ping") == nil)
        #expect(try r.entry(at: "/etc/escape") == nil)
        #expect(try text(r, "/etc/rel") == "Name: requests\n")
        // Unwanted contents are not kept.
        let big = try #require(try r.entry(at: "/bin/big"))
        #expect(big.size == 100)
        expectError(.unsupported) { _ = try r.contents(of: big, limit: 1000) }
        // Metadata.
        #expect(r.metadata.user == "app")
        #expect(r.metadata.env == ["PATH=/bin", "TOKEN=x"])
        #expect(r.metadata.os == "linux")
        #expect(r.metadata.architecture == "amd64")
        #expect(r.metadata.diffIDs.count == 2)
    }

    @Test("docker archive with ID/layer.tar layers (plain and gzip)")
    func dockerArchive() throws {
        let path = try makeImage("docker")
        #expect(try ImageSource.parse(path) == .dockerArchive(path: path))
        let r = try ImageResolver(reference: "docker-archive:" + path)
        try checkMerged(r)
        #expect(r.metadata.repoTags == ["demo:1"])
    }

    @Test("docker archive with blobs/sha256 layers (newer docker save)")
    func dockerBlobs() throws {
        let r = try ImageResolver(reference: try makeImage("docker-blobs"))
        try checkMerged(r)
        #expect(r.metadata.layerDigests.count == 2)
    }

    @Test("layers streamed from the archive file (not held in memory) give the same tree")
    func streamedLayers() throws {
        for mode in ["docker", "docker-blobs", "oci-tar", "docker-gz"] {
            let path = try makeImage(mode)
            let source = try ImageSource.sniff(path)
            // JSON (< 2 KiB) stays in memory; every layer must be streamed.
            let streamed = try ImageResolver(source: source, wanted: ImageResolver.defaultWantedGlobs, platform: .default,
                                             limits: .default, contentCap: 1 << 20, smallEntryBytes: 2048)
            try checkMerged(streamed)
            #expect(streamed.allPaths == (try ImageResolver(source: source)).allPaths)
        }
    }

    @Test("a layer repeated through a symlink in an old docker archive is read from its target")
    func dockerDuplicateLayer() throws {
        let r = try ImageResolver(source: .dockerArchive(path: try makeImage("docker-dup")))
        #expect(r.metadata.diffIDs.count == 3)
        // The third layer (L1 again) re-creates what L2 deleted.
        #expect(try r.entry(at: "/etc/motd")?.layer == r.metadata.diffIDs[2])
        #expect(try r.entry(at: "/opq/old") != nil)
        #expect(try r.entry(at: "/opq/new") != nil)
    }

    @Test("gzipped docker archive is sniffed")
    func dockerGzip() throws {
        let path = try makeImage("docker-gz")
        #expect(try ImageSource.sniff(path) == .dockerArchive(path: path))
        try checkMerged(try ImageResolver(source: .dockerArchive(path: path)))
    }

    @Test("OCI layout directory with a nested index picks linux/amd64")
    func ociLayout() throws {
        let path = try makeImage("oci-dir")
        #expect(try ImageSource.parse(path) == .ociLayout(path: path))
        let r = try ImageResolver(reference: "oci:" + path)
        try checkMerged(r)
        #expect(r.metadata.manifestDigest != nil)
        #expect(r.metadata.repoTags == ["docker.io/library/demo:1", "1"])
    }

    @Test("zstd-compressed layers (OCI +zstd) read like gzip ones")
    func zstdLayer() throws {
        let path = try makeImage("oci-dir-zstd")
        let blobs = try FileManager.default.contentsOfDirectory(atPath: path + "/blobs/sha256")
        let zstdMagic: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd]
        #expect(blobs.contains { [UInt8](FileManager.default.contents(atPath: path + "/blobs/sha256/" + $0)!.prefix(4)) == zstdMagic })
        try checkMerged(try ImageResolver(reference: "oci:" + path))
    }

    @Test("executables: ELF binaries anywhere are kept, scripts and stubs are not")
    func executables() throws {
        let path = try makeImage("docker")
        let plain = try ImageResolver(source: .dockerArchive(path: path))
        let tool = try #require(try plain.entry(at: "/usr/local/bin/tool"))
        #expect(throws: ImageError.self) { try plain.contents(of: tool, limit: 1 << 20) }
        let withBinaries = try ImageResolver(source: .dockerArchive(path: path), executables: true)
        let bytes = try withBinaries.contents(of: tool, limit: 1 << 20)
        #expect(bytes.count == 4 + 256 * 40 && bytes.prefix(4) == [0x7f, 0x45, 0x4c, 0x46] && bytes[4 + 255] == 255)
        for other in ["/usr/local/bin/run.sh", "/usr/local/bin/tiny"] {
            let entry = try #require(try withBinaries.entry(at: other))
            #expect(throws: ImageError.self) { try withBinaries.contents(of: entry, limit: 1 << 20) }
        }
        try checkMerged(withBinaries)
    }

    @Test("large files of uncompressed layers are read in place from the archive, not copied", arguments: ["docker", "oci-dir"])
    func inPlace(_ mode: String) throws {
        let path = try makeImage(mode)
        let source: ImageSource = mode == "docker" ? .dockerArchive(path: path) : .ociLayout(path: path)
        // smallEntryBytes 2048: the archive's layers are streamed from their byte ranges, as large real layers are.
        let r = try ImageResolver(source: source, wanted: ImageResolver.defaultWantedGlobs, executables: true, platform: .default,
                                  limits: .default, contentCap: ImageResolver.defaultContentCap, smallEntryBytes: 2048)
        let tool: [UInt8] = [0x7f, 0x45, 0x4c, 0x46] + (0..<400).flatMap { _ in (0...255).map { UInt8($0) } }
        let list = Array(String(repeating: "/usr/share/doc/big\n", count: 5000).utf8)
        for (file, expected) in [("/usr/local/bin/big-tool", tool), ("/var/lib/dpkg/info/big.list", list)] {
            guard case .inPlace = try #require(r.nodes[file]?.contents) else {
                Issue.record("\(file) was copied, not referenced in place")
                continue
            }
            #expect(try r.contents(of: try #require(try r.entry(at: file)), limit: 1 << 20) == expected)
        }
        // A large executable that is not a binary is not kept.
        #expect(r.nodes["/usr/local/bin/big-script"]?.contents == nil)
    }

    @Test("over the memory budget, wanted contents spill to a private temporary file and read back exactly")
    func spill() throws {
        let path = try makeImage("docker")
        let store = ContentStore(memoryFileLimit: 8, memoryBudget: 16)
        let r = try ImageResolver(source: .dockerArchive(path: path), wanted: ImageResolver.defaultWantedGlobs, executables: true,
                                  platform: .default, limits: .default, contentCap: 1 << 20, smallEntryBytes: 1 << 20, store: store)
        try checkMerged(r)
        #expect(store.spilledBytes > 10_000)
        let tool = try #require(try r.entry(at: "/usr/local/bin/tool"))
        #expect(try r.contents(of: tool, limit: 1 << 20).count == 4 + 256 * 40)
    }

    @Test("platform option selects another manifest")
    func ociPlatform() throws {
        let path = try makeImage("oci-dir")
        let r = try ImageResolver(source: .ociLayout(path: path), platform: try #require(ImagePlatform("linux/arm64")))
        #expect(r.metadata.architecture == "arm64")
        #expect(try r.entry(at: "/etc/motd") != nil)
        expectError(.notFound) { _ = try ImageResolver(source: .ociLayout(path: path), platform: ImagePlatform(os: "linux", architecture: "s390x")) }
    }

    @Test("OCI archive")
    func ociArchive() throws {
        let path = try makeImage("oci-tar")
        #expect(try ImageSource.sniff(path) == .ociArchive(path: path))
        try checkMerged(try ImageResolver(reference: "oci-archive:" + path))
    }

    @Test("a manifest or layer whose digest does not match is rejected")
    func digestMismatch() throws {
        let m = try makeImage("bad-manifest")
        expectError(.digestMismatch) { _ = try ImageResolver(source: .ociLayout(path: m)) }
        let l = try makeImage("bad-layer")
        expectError(.digestMismatch) { _ = try ImageResolver(source: .ociLayout(path: l)) }
    }

    @Test("deferred verification: the resolver is usable at once, verifyDigests() reports the mismatch")
    func deferredVerification() throws {
        let l = try makeImage("bad-layer")
        let r = try ImageResolver(source: .ociLayout(path: l), deferVerification: true)
        #expect(try r.entry(at: "/etc/os-release") != nil)
        expectError(.digestMismatch) { try r.verifyDigests() }
        let good = try ImageResolver(source: .dockerArchive(path: try makeImage("docker")), deferVerification: true)
        try good.verifyDigests()
        try checkMerged(good)
    }

    @Test("a manifest.json layer path that climbs out of the archive is rejected")
    func traversal() throws {
        let path = try makeImage("traversal")
        expectError(.pathTraversal) { _ = try ImageResolver(source: .dockerArchive(path: path)) }
    }

    @Test("unknown sources give clear errors")
    func unknownSource() throws {
        expectError(.notFound) { _ = try ImageSource.parse("/nonexistent/bulkhead/x") }
        let f = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-notimg-\(UUID().uuidString)").path
        try Data("hello, not a tar".utf8).write(to: URL(fileURLWithPath: f))
        expectError(.unsupported) { _ = try ImageSource.parse(f) }
        let d = FileManager.default.temporaryDirectory.path
        #expect(try ImageSource.parse("dir:" + d) == .directory(path: d))
    }

    static let cache = "/root/.cache/bulkhead-peers/images"
    static let cachePresent = FileManager.default.fileExists(atPath: cache + "/secdemo-docker.tar")

    @Test("cached secdemo images agree across docker archive, OCI layout and OCI archive",
          .enabled(if: cachePresent, "needs images from `bash /work/shared/peers/build-images.sh` in /root/.cache/bulkhead-peers/images"))
    func secdemo() throws {
        let sources: [ImageSource] = [.dockerArchive(path: Self.cache + "/secdemo-docker.tar"),
                                      .ociLayout(path: Self.cache + "/secdemo-oci-dir"),
                                      .ociArchive(path: Self.cache + "/secdemo-oci.tar")]
        var listings: [[String]] = []
        for s in sources {
            let r = try ImageResolver(source: s)
            #expect(try r.entry(at: "/etc/motd") == nil, "\(s)")
            #expect(try r.entry(at: "/root/.aws") == nil, "\(s)")
            #expect(try r.entry(at: "/app/settings.py") != nil, "\(s)")
            let metas = try r.files(matching: "**/*.dist-info/METADATA").map(\.path)
            #expect(metas.count == 10, "\(s): \(metas)")
            #expect(!metas.contains { $0.contains("Jinja2") }, "\(s)")
            let status = try #require(try text(r, "/var/lib/dpkg/status"))
            #expect(status.components(separatedBy: "\nPackage: ").count == 112, "\(s)")
            #expect(try text(r, "/etc/os-release")?.contains("bookworm") == true, "\(s)")
            #expect(r.metadata.diffIDs.count == 3)
            #expect(r.metadata.env.contains { $0.hasPrefix("GITHUB_TOKEN=") })
            listings.append(r.allPaths)
        }
        #expect(listings[0] == listings[1])
        #expect(listings[1] == listings[2])
    }
}

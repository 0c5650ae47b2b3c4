import BulkheadCore
import Foundation

/// The platform to pick from a multi-platform index (`linux/amd64` by default).
public struct ImagePlatform: Sendable, Hashable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses `os/arch[/variant]` (`linux/arm64/v8`).
    public init?(_ text: String) {
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    public static let `default` = ImagePlatform(os: "linux", architecture: "amd64")
    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}

/// What an image's config and manifest say about it.
public struct ImageMetadata: Sendable, Hashable {
    public var repoTags: [String] = []
    public var os: String?
    public var architecture: String?
    public var variant: String?
    public var user: String?
    public var env: [String] = []
    /// Uncompressed layer digests (`rootfs.diff_ids`), in order.
    public var diffIDs: [String] = []
    /// Layer blob digests from the manifest, in order (empty for old docker archives).
    public var layerDigests: [String] = []
    /// The config blob digest.
    public var configDigest: String?
    /// The manifest digest (OCI sources).
    public var manifestDigest: String?
    /// `history[].created_by`, in order.
    public var history: [String] = []
    /// `history[].empty_layer`, in order (true for steps that made no layer: ENV, CMD, ARG …).
    public var historyEmptyLayer: [Bool] = []
    /// `config.Labels`.
    public var labels: [String: String] = [:]
    /// `config.Healthcheck.Test` (nil: none declared; `["NONE"]`: explicitly disabled).
    public var healthcheck: [String]?
    /// `config.ExposedPorts` keys (`8080/tcp`).
    public var exposedPorts: [String] = []
    public var entrypoint: [String] = []
    public var cmd: [String] = []

    public init() {}

    /// The 0-based index of a layer digest (a diff ID, or a blob digest for sources that only
    /// know those), as `FileEntry.layer` records it.
    public func layerIndex(of digest: String?) -> Int? {
        guard let digest else { return nil }
        return diffIDs.firstIndex(of: digest) ?? layerDigests.firstIndex(of: digest)
    }

    /// The `created_by` line of the history step that made layer `index` (0-based, non-empty steps
    /// only), when the history lines up with the layers.
    public func createdBy(layer index: Int) -> String? {
        guard historyEmptyLayer.count == history.count else { return nil }
        var n = -1
        for (i, empty) in historyEmptyLayer.enumerated() where !empty {
            n += 1
            if n == index { return history[i] }
        }
        return nil
    }
}

// MARK: - JSON shapes

struct Descriptor: Decodable {
    var mediaType: String?
    var digest: String
    var size: Int?
    var platform: PlatformJSON?
    var annotations: [String: String]?
    struct PlatformJSON: Decodable {
        var os: String?
        var architecture: String?
        var variant: String?
    }
}

struct IndexOrManifestJSON: Decodable {
    var mediaType: String?
    var manifests: [Descriptor]?
    var config: Descriptor?
    var layers: [Descriptor]?
}

struct DockerManifestEntry: Decodable {
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}

struct ConfigJSON: Decodable {
    var os: String?
    var architecture: String?
    var variant: String?
    var config: Inner?
    var rootfs: RootFS?
    var history: [History]?
    struct Inner: Decodable {
        var User: String?
        var Env: [String]?
        var Labels: [String: String]?
        var Healthcheck: Health?
        var ExposedPorts: [String: Empty]?
        var Entrypoint: [String]?
        var Cmd: [String]?
    }
    struct Health: Decodable { var Test: [String]? }
    struct Empty: Decodable {}
    struct RootFS: Decodable { var diff_ids: [String]? }
    struct History: Decodable { var created_by: String?; var empty_layer: Bool? }
}

// MARK: - Plans

/// One layer to read: where its blob is and what it must hash to.
struct LayerPlan {
    /// Path inside the archive, or a file path for OCI layout directories.
    var location: String
    /// Expected sha256 of the blob as stored (nil when unknown).
    var blobDigest: String?
    /// Expected sha256 of the uncompressed tar (diff_id), checked only when the blob is not compressed.
    var diffID: String?
    var mediaType: String?
    /// The digest recorded as `FileEntry.layer`.
    var label: String
    /// Blob size from the descriptor, when known (progress).
    var size: Int? = nil
}

struct ImagePlan {
    var metadata: ImageMetadata
    var layers: [LayerPlan]
}

enum ManifestLoader {
    static let maxJSONBytes = 16 << 20
    static let maxIndexDepth = 8

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], name: String) throws(ImageError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ImageError(.corrupt, "\(name) is not valid JSON of the expected shape: \(error)", location: name)
        }
    }

    /// Checks that a manifest-supplied path stays inside the archive.
    static func confine(_ path: String, in archive: String) throws(ImageError) -> String {
        let n = OuterArchive.normalise(path)
        let parts = ConfinedPath.split(n)
        guard !path.hasPrefix("/"), !parts.isEmpty, !parts.contains("..") else {
            throw ImageError(.pathTraversal, "manifest path '\(path)' escapes the archive", location: archive)
        }
        return parts.joined(separator: "/")
    }

    static func verify(_ bytes: [UInt8], digest: String, name: String) throws(ImageError) {
        guard digest.hasPrefix("sha256:") else {
            throw ImageError(.unsupported, "digest algorithm of '\(digest)' is not supported (sha256 only)", location: name)
        }
        let actual = SHA256Digest.of(bytes)
        guard actual == digest else {
            throw ImageError(.digestMismatch, "blob \(name) hashes to \(actual), but its descriptor says \(digest)", location: name)
        }
    }

    static func blobPath(_ digest: String) throws(ImageError) -> String {
        let parts = digest.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "sha256", parts[1].count == 64,
              parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw ImageError(.corrupt, "malformed or unsupported digest '\(digest)'")
        }
        return "blobs/sha256/" + parts[1]
    }

    static func applyConfig(_ config: ConfigJSON, to meta: inout ImageMetadata) {
        meta.os = config.os
        meta.architecture = config.architecture
        meta.variant = config.variant
        meta.user = config.config?.User
        meta.env = config.config?.Env ?? []
        meta.diffIDs = config.rootfs?.diff_ids ?? []
        meta.history = (config.history ?? []).map { $0.created_by ?? "" }
        meta.historyEmptyLayer = (config.history ?? []).map { $0.empty_layer ?? false }
        meta.labels = config.config?.Labels ?? [:]
        meta.healthcheck = config.config?.Healthcheck?.Test
        meta.exposedPorts = (config.config?.ExposedPorts ?? [:]).keys.sorted()
        meta.entrypoint = config.config?.Entrypoint ?? []
        meta.cmd = config.config?.Cmd ?? []
    }

    /// Plans a docker archive from its `manifest.json` and a blob reader keyed by archive path.
    static func dockerPlan(manifest: [UInt8], archive: String,
                           read: (String) throws(ImageError) -> [UInt8]) throws(ImageError) -> ImagePlan {
        let entries = try decode([DockerManifestEntry].self, manifest, name: "\(archive): manifest.json")
        guard let first = entries.first else {
            throw ImageError(.notFound, "manifest.json lists no images", location: archive)
        }
        var meta = ImageMetadata()
        meta.repoTags = first.RepoTags ?? []
        let configPath = try confine(first.Config, in: archive)
        let configBytes = try read(configPath)
        let configDigest = try expectedDigest(forArchivePath: configPath)
        if let configDigest { try verify(configBytes, digest: configDigest, name: "\(archive): \(configPath)") }
        meta.configDigest = configDigest ?? SHA256Digest.of(configBytes)
        applyConfig(try decode(ConfigJSON.self, configBytes, name: "\(archive): \(configPath)"), to: &meta)
        var layers: [LayerPlan] = []
        for (i, raw) in first.Layers.enumerated() {
            let path = try confine(raw, in: archive)
            let blob = try expectedDigest(forArchivePath: path)
            let diffID = i < meta.diffIDs.count ? meta.diffIDs[i] : nil
            if let blob { meta.layerDigests.append(blob) }
            layers.append(LayerPlan(location: path, blobDigest: blob, diffID: diffID, mediaType: nil,
                                    label: diffID ?? blob ?? path))
        }
        return ImagePlan(metadata: meta, layers: layers)
    }

    /// `blobs/sha256/HEX` and `HEX.json` name their own digest; old `ID/layer.tar` paths do not.
    static func expectedDigest(forArchivePath path: String) throws(ImageError) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        if parts.count == 3, parts[0] == "blobs", parts[1] == "sha256" { return "sha256:" + parts[2] }
        if parts.count == 1, path.hasSuffix(".json") {
            let hex = String(path.dropLast(5))
            if hex.count == 64, hex.allSatisfy(\.isHexDigit) { return "sha256:" + hex }
        }
        return nil
    }

    /// Plans an OCI layout from `index.json` and a reader of (already verified) blobs by digest.
    static func ociPlan(index: [UInt8], source: String, platform: ImagePlatform,
                        blob: (String) throws(ImageError) -> [UInt8]) throws(ImageError) -> ImagePlan {
        var doc = try decode(IndexOrManifestJSON.self, index, name: "\(source): index.json")
        var manifestDigest: String?
        var depth = 0
        var tags: [String] = []
        while doc.config == nil {
            depth += 1
            guard depth <= maxIndexDepth else {
                throw ImageError(.limitExceeded, "image indexes nest more than \(maxIndexDepth) deep", location: source)
            }
            let descriptors = (doc.manifests ?? []).filter { d in
                // Skip attestation and other non-image manifests.
                d.platform?.os != "unknown"
            }
            guard let chosen = choose(descriptors, platform: platform) else {
                let available = descriptors.compactMap { d in d.platform.map { "\($0.os ?? "?")/\($0.architecture ?? "?")" } }
                throw ImageError(.notFound, "no manifest for platform \(platform) (available: \(available.isEmpty ? "none" : available.joined(separator: ", ")))",
                                 location: source)
            }
            for key in ["io.containerd.image.name", "org.opencontainers.image.ref.name"] {
                if let name = chosen.annotations?[key], !tags.contains(name) { tags.append(name) }
            }
            let bytes = try blob(chosen.digest)
            manifestDigest = chosen.digest
            doc = try decode(IndexOrManifestJSON.self, bytes, name: "\(source): \(chosen.digest)")
        }
        guard let configDesc = doc.config else {
            throw ImageError(.corrupt, "manifest has no config", location: source)
        }
        var meta = ImageMetadata()
        meta.repoTags = tags
        meta.manifestDigest = manifestDigest
        meta.configDigest = configDesc.digest
        let configBytes = try blob(configDesc.digest)
        applyConfig(try decode(ConfigJSON.self, configBytes, name: "\(source): config \(configDesc.digest)"), to: &meta)
        var layers: [LayerPlan] = []
        for (i, d) in (doc.layers ?? []).enumerated() {
            // gzip, zstd and plain layers are told apart by their magic; encrypted ones cannot be read.
            if let mt = d.mediaType, mt.hasSuffix("+encrypted") {
                throw ImageError(.unsupported, "layer \(d.digest) is encrypted (\(mt))", location: source)
            }
            let diffID = i < meta.diffIDs.count ? meta.diffIDs[i] : nil
            meta.layerDigests.append(d.digest)
            layers.append(LayerPlan(location: try blobPath(d.digest), blobDigest: d.digest, diffID: diffID,
                                    mediaType: d.mediaType, label: diffID ?? d.digest, size: d.size))
        }
        return ImagePlan(metadata: meta, layers: layers)
    }

    static func choose(_ descriptors: [Descriptor], platform: ImagePlatform) -> Descriptor? {
        if descriptors.count == 1 {
            let p = descriptors[0].platform
            if p == nil || (p?.os == platform.os && p?.architecture == platform.architecture) { return descriptors[0] }
        }
        let matching = descriptors.filter { d in
            guard let p = d.platform else { return false }
            return p.os == platform.os && p.architecture == platform.architecture
                && (platform.variant == nil || p.variant == platform.variant)
        }
        if let m = matching.first { return m }
        // A single-image layout without platform annotations.
        if descriptors.count == 1, descriptors[0].platform == nil { return descriptors[0] }
        return nil
    }
}

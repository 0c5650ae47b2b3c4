import Foundation

/// Pulls one image from a registry: resolves the tag (or digest) to a manifest, picks the
/// platform from an index or manifest list, fetches the config, and downloads each layer blob
/// (digest-verified while streaming) into a private temporary directory that goes away with the
/// puller. Layers are read one at a time and deleted once read, so disk use stays at one layer.
final class RegistryPuller {
    let reference: RegistryReference
    let client: RegistryClient
    let directory: String

    init(reference: RegistryReference, options: RegistryOptions) throws(ImageError) {
        self.reference = reference
        client = try RegistryClient(reference: reference, options: options)
        directory = try ContentStore.makePrivateDirectory(prefix: "bulkhead-pull", failure: .unreadable)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The manifest, config and layer list for `platform`.
    func plan(platform: ImagePlatform) throws(ImageError) -> ImagePlan {
        var manifestDigests = Set<String>()
        func learn(_ bytes: [UInt8]) {
            guard let doc = try? JSONDecoder().decode(IndexOrManifestJSON.self, from: Data(bytes)) else { return }
            for m in doc.manifests ?? [] { manifestDigests.insert(m.digest) }
        }
        let top = try client.manifest(reference.tagOrDigest)
        if top.mediaType?.contains("manifest.v1") == true || String(decoding: top.bytes.prefix(200), as: UTF8.self).contains("\"schemaVersion\": 1") {
            throw ImageError(.unsupported, "\(reference) uses Docker schema 1 manifests, which are deprecated and not supported",
                             location: client.location)
        }
        learn(top.bytes)
        let client = self.client
        var plan = try ManifestLoader.ociPlan(index: top.bytes, source: reference.description, platform: platform) { (digest: String) throws(ImageError) -> [UInt8] in
            if manifestDigests.contains(digest) {
                let bytes = try client.manifest(digest).bytes
                learn(bytes)
                return bytes
            }
            return try client.smallBlob(digest)
        }
        if plan.metadata.manifestDigest == nil { plan.metadata.manifestDigest = reference.digest ?? SHA256Digest.of(top.bytes) }
        if !plan.metadata.repoTags.contains(reference.description) { plan.metadata.repoTags.insert(reference.description, at: 0) }
        return plan
    }

    /// Downloads a layer blob and returns its file.
    func download(_ layer: LayerPlan) throws(ImageError) -> String {
        guard let digest = layer.blobDigest else {
            throw ImageError(.corrupt, "layer \(layer.location) has no digest", location: client.location)
        }
        let file = directory + "/" + digest.replacingOccurrences(of: ":", with: "-")
        try client.download(digest, size: layer.size, to: file, limit: Self.maxBlobBytes)
        return file
    }

    func discard(_ file: String) { try? FileManager.default.removeItem(atPath: file) }

    /// The largest layer blob downloaded (compressed).
    static let maxBlobBytes = 16 << 30
}

import BulkheadImage
import Foundation

/// Builds tiny real OCI image layouts from files, in the test: ustar layers (uncompressed, a media
/// type OCI allows), a config with the given fields, correct sha256 digests throughout.
struct OCIFixture {
    enum Entry {
        case file(String, String, mode: UInt32 = 0o644)
        case dir(String, mode: UInt32 = 0o755)
        case symlink(String, target: String)
        case whiteout(String)
    }

    var layers: [[Entry]] = []
    var user: String? = nil
    var env: [String] = ["PATH=/usr/bin:/bin"]
    var healthcheck: [String]? = nil
    var history: [String] = []

    /// Writes the layout into a new temporary directory and returns its path.
    func write() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-oci-\(UUID().uuidString)").path
        let blobs = dir + "/blobs/sha256"
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        func put(_ bytes: [UInt8]) throws -> String {
            let digest = SHA256Digest.of(bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: blobs + "/" + digest.dropFirst(7)))
            return digest
        }
        var layerDescriptors: [[String: Any]] = []
        var diffIDs: [String] = []
        for entries in layers {
            let tar = Self.tar(entries)
            let d = try put(tar)
            diffIDs.append(d)
            layerDescriptors.append(["mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": tar.count])
        }
        var inner: [String: Any] = ["Env": env]
        if let user { inner["User"] = user }
        if let healthcheck { inner["Healthcheck"] = ["Test": healthcheck] }
        let hist = (0..<layers.count).map { i in ["created_by": i < history.count ? history[i] : "layer \(i + 1)"] }
        let config: [String: Any] = ["os": "linux", "architecture": "amd64", "config": inner,
                                     "rootfs": ["type": "layers", "diff_ids": diffIDs], "history": hist]
        let configBytes = [UInt8](try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]))
        let configDigest = try put(configBytes)
        let manifest: [String: Any] = ["schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                       "config": ["mediaType": "application/vnd.oci.image.config.v1+json", "digest": configDigest, "size": configBytes.count],
                                       "layers": layerDescriptors]
        let manifestBytes = [UInt8](try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
        let manifestDigest = try put(manifestBytes)
        let index: [String: Any] = ["schemaVersion": 2, "manifests": [["mediaType": "application/vnd.oci.image.manifest.v1+json",
                                                                       "digest": manifestDigest, "size": manifestBytes.count,
                                                                       "annotations": ["org.opencontainers.image.ref.name": "test"]]]]
        try JSONSerialization.data(withJSONObject: index).write(to: URL(fileURLWithPath: dir + "/index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: dir + "/oci-layout"))
        return dir
    }

    /// A ustar archive of the entries.
    static func tar(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        func header(_ name: String, size: Int, mode: UInt32, type: UInt8, link: String = "") -> [UInt8] {
            var h = [UInt8](repeating: 0, count: 512)
            func put(_ s: String, _ at: Int, _ len: Int) { for (i, b) in s.utf8.prefix(len).enumerated() { h[at + i] = b } }
            func octal(_ v: Int, _ at: Int, _ len: Int) { put(String(repeating: "0", count: max(0, len - 1 - String(v, radix: 8).count)) + String(v, radix: 8), at, len - 1) }
            put(name, 0, 100); octal(Int(mode), 100, 8); octal(0, 108, 8); octal(0, 116, 8); octal(size, 124, 12); octal(0, 136, 12)
            h[156] = type; put(link, 157, 100); put("ustar", 257, 6); put("00", 263, 2)
            for i in 148..<156 { h[i] = 0x20 }
            let sum = h.reduce(0) { $0 + Int($1) }
            octal(sum, 148, 7); h[154] = 0; h[155] = 0x20
            return h
        }
        for e in entries {
            switch e {
            case .file(let path, let text, let mode):
                let bytes = Array(text.utf8)
                out += header(path, size: bytes.count, mode: mode, type: UInt8(ascii: "0")) + bytes
                out += [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
            case .dir(let path, let mode):
                out += header(path.hasSuffix("/") ? path : path + "/", size: 0, mode: mode, type: UInt8(ascii: "5"))
            case .symlink(let path, let target):
                out += header(path, size: 0, mode: 0o777, type: UInt8(ascii: "2"), link: target)
            case .whiteout(let path):
                let slash = path.lastIndex(of: "/")
                let name = slash.map { String(path[..<$0]) + "/.wh." + String(path[path.index(after: $0)...]) } ?? ".wh." + path
                out += header(name, size: 0, mode: 0o644, type: UInt8(ascii: "0"))
            }
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }
}

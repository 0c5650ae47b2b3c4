import Crypto

/// `sha256:<hex>` digests of blobs, for verifying every layer and manifest against its descriptor.
public enum SHA256Digest {
    /// The OCI digest string of `bytes`.
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return "sha256:" + hasher.finalize().map { byte in
            let h = String(byte, radix: 16)
            return h.count == 1 ? "0" + h : h
        }.joined()
    }

    /// An incremental hasher, for streams that are never held in memory whole.
    public struct Stream {
        private var hasher = SHA256()
        public init() {}
        public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
        public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }
        public func finalize() -> String {
            "sha256:" + hasher.finalize().map { byte in
                let h = String(byte, radix: 16)
                return h.count == 1 ? "0" + h : h
            }.joined()
        }
    }
}

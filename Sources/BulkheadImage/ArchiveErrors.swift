/// Errors from reading image blobs and archives (DESIGN §4.6). `==` and hashing use `code` only,
/// so tests match codes and messages can improve.
public struct ImageError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input ended early (mid-header, mid-entry, mid-gzip member, no end-of-archive marker).
        public static let truncated = Code("truncated")
        /// The input is malformed (bad checksum, bad number field, bad deflate data).
        public static let corrupt = Code("corrupt")
        /// A size, count, length or ratio limit (``ArchiveLimits``) was exceeded.
        public static let limitExceeded = Code("limit-exceeded")
        /// An entry path or hardlink target escapes the archive root.
        public static let pathTraversal = Code("path-traversal")
        public static let unsupported = Code("unsupported")
        public static let digestMismatch = Code("digest-mismatch")
        public static let notFound = Code("not-found")
        /// The file could not be opened or read.
        public static let unreadable = Code("unreadable")
    }

    public var code: Code
    /// What went wrong and, where useful, what to do.
    public var message: String
    /// Where, outermost first: "archive.tar: layer/x.tar: etc/passwd".
    public var location: String?

    public init(_ code: Code, _ message: String, location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }

    public static func == (lhs: ImageError, rhs: ImageError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// Limits applied to untrusted archives and compressed streams (hostile input is ordinary input).
public struct ArchiveLimits: Sendable, Hashable {
    /// Total bytes a decompressor may produce.
    public var maxDecompressedBytes: Int
    /// Maximum decompressed/compressed ratio; checked once more than 1 MiB has been produced,
    /// so small highly compressible blobs are not rejected.
    public var maxCompressionRatio: Int
    /// Entries (files, directories, links…) in one tar archive; metadata headers are not counted.
    public var maxEntries: Int
    /// Data size of one entry.
    public var maxEntrySize: Int
    /// Length in bytes of an entry path or link target (before normalisation).
    public var maxPathLength: Int

    public init(maxDecompressedBytes: Int = 16 << 30,
                maxCompressionRatio: Int = 1000,
                maxEntries: Int = 5_000_000,
                maxEntrySize: Int = 8 << 30,
                maxPathLength: Int = 4096) {
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxEntries = maxEntries
        self.maxEntrySize = maxEntrySize
        self.maxPathLength = maxPathLength
    }

    public static let `default` = ArchiveLimits()
}

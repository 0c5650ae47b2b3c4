import BulkheadCore

/// Facts known before catalogers run, shared by all of them.
public struct CatalogContext: Sendable, Hashable {
    /// The operating system detected in the tree, if any (used for PURL `distro` qualifiers).
    public var release: LinuxRelease?

    public init(release: LinuxRelease? = nil) {
        self.release = release
    }
}

import BulkheadCore

/// The Linux distribution a tree belongs to, from `os-release` or a distro-specific release file.
public struct LinuxRelease: Sendable, Hashable {
    /// `ID` (`debian`, `alpine`, `ubuntu`); `linux` when os-release has no `ID`.
    public var id: String
    /// `VERSION_ID` (`12`, `3.19.1`), if known.
    public var versionID: String?
    /// `VERSION_CODENAME` (`bookworm`), if known.
    public var versionCodename: String?
    /// `PRETTY_NAME` (`Debian GNU/Linux 12 (bookworm)`), if known.
    public var prettyName: String?
    /// `ID_LIKE`, split on spaces (`["debian"]` for Ubuntu).
    public var idLike: [String]
    /// Whether the tree looks distroless: no `/bin/sh`, and dpkg's per-package `status.d/`.
    public var isDistroless: Bool
    /// The file the release was read from (`/etc/os-release`).
    public var source: String

    public init(id: String, versionID: String? = nil, versionCodename: String? = nil, prettyName: String? = nil,
                idLike: [String] = [], isDistroless: Bool = false, source: String) {
        self.id = id
        self.versionID = versionID
        self.versionCodename = versionCodename
        self.prettyName = prettyName
        self.idLike = idLike
        self.isDistroless = isDistroless
        self.source = source
    }

    /// The purl `distro` qualifier: `<id>-<version_id>`, or the id alone without a version (syft).
    public var purlDistro: String {
        guard let versionID, !versionID.isEmpty else { return id }
        return id + "-" + versionID
    }

    /// Whether this is `family` or derives from it (`ID` or `ID_LIKE`).
    public func isLike(_ family: String) -> Bool { id == family || idLike.contains(family) }
}

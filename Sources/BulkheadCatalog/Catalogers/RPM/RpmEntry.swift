/// One installed package as recorded in an rpm database header.
public struct RpmEntry: Sendable, Hashable {
    /// `NAME` (tag 1000).
    public var name: String
    /// `VERSION` (1001).
    public var version: String
    /// `RELEASE` (1002).
    public var release: String
    /// `EPOCH` (1003); `nil` when the header has no epoch (not the same as `0`).
    public var epoch: Int?
    /// `ARCH` (1022): `x86_64`, `noarch`, …
    public var architecture: String?
    /// `SOURCERPM` (1044): `bash-5.1.8-6.el9.src.rpm`.
    public var sourceRPM: String?
    /// `LICENSE` (1014) as written.
    public var license: String?
    /// `VENDOR` (1011).
    public var vendor: String?
    /// `SIZE` (1009, or `LONGSIZE` 5009): installed size in bytes.
    public var size: Int?
    /// Owned paths from `DIRNAMES`/`BASENAMES`/`DIRINDEXES` (or legacy `OLDFILENAMES`), absolute.
    public var files: [String]
    /// The instance number in its database (SQLite `hnum`, Berkeley DB key, NDB `pkgidx`).
    public var index: Int

    public init(name: String, version: String, release: String, epoch: Int? = nil, architecture: String? = nil,
                sourceRPM: String? = nil, license: String? = nil, vendor: String? = nil, size: Int? = nil,
                files: [String] = [], index: Int = 0) {
        self.name = name
        self.version = version
        self.release = release
        self.epoch = epoch
        self.architecture = architecture
        self.sourceRPM = sourceRPM
        self.license = license
        self.vendor = vendor
        self.size = size
        self.files = files
        self.index = index
    }

    /// `[epoch:]version-release`, the form syft reports (`2:3.4-5.el9`, `1.0-1.el9`).
    public var fullVersion: String {
        let versionRelease = version + "-" + release
        return epoch.map { "\($0):" + versionRelease } ?? versionRelease
    }

    /// rpm's `gpg-pubkey` pseudo-packages hold imported signing keys, not software (syft and
    /// trivy skip them too).
    public var isPublicKey: Bool { name == "gpg-pubkey" }

    /// The source package named by ``sourceRPM``: `bash-5.1.8-6.el9.src.rpm` → (`bash`,
    /// `5.1.8-6.el9`). The version carries this package's epoch when it has one, since a source
    /// rpm file name never spells the epoch and binary and source share it.
    public var sourcePackage: (name: String, version: String)? {
        guard let parsed = sourceRPM.flatMap(Self.splitSourceRPM) else { return nil }
        let versionRelease = parsed.version + "-" + parsed.release
        return (parsed.name, epoch.map { "\($0):" + versionRelease } ?? versionRelease)
    }

    /// `name-version-release.src.rpm` (or `.nosrc.rpm`) split into its parts; `nil` when it
    /// does not have that shape.
    static func splitSourceRPM(_ file: String) -> (name: String, version: String, release: String)? {
        var stem = Substring(file)
        guard stem.hasSuffix(".rpm") else { return nil }
        stem = stem.dropLast(4)
        if stem.hasSuffix(".src") {
            stem = stem.dropLast(4)
        } else if stem.hasSuffix(".nosrc") {
            stem = stem.dropLast(6)
        } else {
            return nil
        }
        guard let releaseDash = stem.lastIndex(of: "-") else { return nil }
        let release = stem[stem.index(after: releaseDash)...]
        let rest = stem[..<releaseDash]
        guard let versionDash = rest.lastIndex(of: "-") else { return nil }
        let version = rest[rest.index(after: versionDash)...]
        let name = rest[..<versionDash]
        guard !name.isEmpty, !version.isEmpty, !release.isEmpty else { return nil }
        return (String(name), String(version), String(release))
    }
}

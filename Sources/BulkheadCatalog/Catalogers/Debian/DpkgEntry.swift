/// One installed package as recorded by dpkg (typed view of a `status` stanza).
public struct DpkgEntry: Sendable, Hashable {
    public var package: String
    public var version: String
    public var architecture: String?
    /// The `Source:` name; `nil` when the field is absent (the source is then the package itself).
    public var source: String?
    /// The version in `Source: name (version)`; `nil` when the source version is the binary version.
    public var sourceVersion: String?
    /// `Status:` (`install ok installed`); `nil` in distroless `status.d/` files, which omit it.
    public var status: String?
    /// 1-based line of the stanza in its file.
    public var line: Int
    /// `Pre-Depends` and `Depends`: each group lists alternatives (`a | b`), names only.
    public var depends: [[String]] = []
    /// Virtual package names from `Provides`.
    public var provides: [String] = []

    public init(package: String, version: String, architecture: String? = nil, source: String? = nil,
                sourceVersion: String? = nil, status: String? = nil, line: Int = 1) {
        self.package = package
        self.version = version
        self.architecture = architecture
        self.source = source
        self.sourceVersion = sourceVersion
        self.status = status
        self.line = line
    }

    /// The source package name dpkg-query prints as `${source:Package}`.
    public var sourceName: String { source ?? package }
    /// The source version dpkg-query prints as `${source:Version}`.
    public var effectiveSourceVersion: String { sourceVersion ?? version }

    /// Whether the package's files are on disk: the third `Status:` word is `installed`
    /// (`install ok installed`, `hold ok installed`). No status (distroless) counts as installed.
    public var isInstalled: Bool {
        guard let status else { return true }
        let words = status.split(separator: " ")
        return words.count == 3 && words[2] == "installed"
    }
}

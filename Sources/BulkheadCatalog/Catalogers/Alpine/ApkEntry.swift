/// One installed package as recorded in apk's database (`lib/apk/db/installed`).
public struct ApkEntry: Sendable, Hashable {
    public var package: String
    public var version: String
    public var architecture: String?
    /// `o:` — the origin (source) package.
    public var origin: String?
    /// `L:` — the license expression as written.
    public var license: String?
    /// Files from `F:` (directory) / `R:` (file) pairs, absolute.
    public var files: [String]
    /// 1-based line of the record in its file.
    public var line: Int
    /// `D:` dependencies (package names, `so:`/`cmd:`/`pc:` names or paths), constraints and
    /// conflicts (`!name`) dropped.
    public var depends: [String] = []
    /// `p:` names this package provides (`so:libc.musl-x86_64.so.1`, `cmd:sh`), versions dropped.
    public var provides: [String] = []

    public init(package: String, version: String, architecture: String? = nil, origin: String? = nil,
                license: String? = nil, files: [String] = [], line: Int = 1) {
        self.package = package
        self.version = version
        self.architecture = architecture
        self.origin = origin
        self.license = license
        self.files = files
        self.line = line
    }
}

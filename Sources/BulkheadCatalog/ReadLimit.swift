/// Size limits for the files catalogers read (hostile input is ordinary input).
enum ReadLimit {
    static let packageDatabase = 64 << 20
    static let metadata = 1 << 20
    static let fileList = 16 << 20
    static let releaseFile = 64 << 10
    /// Java archives (jar, war, ear) read whole; nested archives are inflated in memory.
    static let archive = 256 << 20
    /// rpm databases (rpmdb.sqlite, Berkeley DB Packages, NDB Packages.db), read whole.
    static let rpmDatabase = 256 << 20
}

extension ReadLimit {
    /// Lock files and manifests (Cargo.lock, poetry.lock, uv.lock, Pipfile.lock, requirements, go.mod/go.sum).
    static let lockFile = 32 << 20
    /// Executables read whole for Go build info and `cargo auditable` data.
    static let executable = 256 << 20
    /// The inflated `cargo auditable` JSON of one binary (auditable-info's own default is 8 MiB).
    static let auditData = 8 << 20
}

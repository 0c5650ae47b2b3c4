import BulkheadCore

/// IM005: world-writable files and directories outside the temporary directories.
struct WorldWritableRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM005", "world-writable", "World-Writable File or Directory", .medium, .hygiene,
        rationale: "Any user in the container can change a world-writable file, or plant files in a world-writable directory without the sticky bit: a path to tamper with programs or configuration another user runs.",
        fix: "`chmod o-w` the path in the Dockerfile; for shared scratch space use a sticky directory (`chmod 1777`) or an emptyDir volume.",
        references: [.cis("CIS Docker 4.8")],
        triggering: "drwxrwxrwx /app/uploads", passing: "drwxrwxrwt /tmp (sticky) or drwxr-xr-x /app")

    static let temporary = ["/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock"]

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        for f in facts.files where f.mode & 0o002 != 0 && (f.kind == .regular || f.kind == .directory) {
            if Self.temporary.contains(where: { f.path == $0 || f.path.hasPrefix($0 + "/") }) { continue }
            if f.kind == .directory, f.mode & 0o1000 != 0 { continue }  // sticky: users cannot replace each other's files
            report(HygieneViolation("world-writable \(f.kind == .directory ? "directory" : "file") \(f.path) (mode \(String(f.mode, radix: 8)))",
                                    path: f.path, layer: f.layer))
        }
    }
}

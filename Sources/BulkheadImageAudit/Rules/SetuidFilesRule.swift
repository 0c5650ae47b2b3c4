import BulkheadCore

/// IM004: setuid or setgid files.
struct SetuidFilesRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM004", "setuid-setgid-files", "Setuid or Setgid File", .medium, .privilege,
        rationale: "A setuid/setgid binary runs with its owner's rights whoever starts it: the usual way from a non-root foothold to root inside a container (unless `allowPrivilegeEscalation: false` blocks it).",
        fix: "Strip the bits in the Dockerfile (`RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`) or remove the binaries; set `allowPrivilegeEscalation: false` in the pod.",
        references: [.cis("CIS Docker 4.8")],
        triggering: "-rwsr-xr-x /usr/bin/passwd", passing: "-rwxr-xr-x /usr/bin/passwd")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        for f in facts.files where f.kind == .regular && f.mode & 0o6000 != 0 {
            let bits = [f.mode & 0o4000 != 0 ? "setuid" : nil, f.mode & 0o2000 != 0 ? "setgid" : nil].compactMap { $0 }
            report(HygieneViolation("\(bits.joined(separator: "+")) file \(f.path) (mode \(String(f.mode, radix: 8)))", path: f.path, layer: f.layer))
        }
    }
}

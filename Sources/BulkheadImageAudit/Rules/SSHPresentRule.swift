import BulkheadCore

/// IM006: an SSH server, host keys or user keys in the image.
struct SSHPresentRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM006", "ssh-present", "SSH Server or Keys in the Image", .high, .hygiene,
        rationale: "An SSH daemon in a container is a second, unaudited way in; host keys baked into an image are shared by every container ever started from it; user keys and authorized_keys hand out access.",
        fix: "Remove openssh-server and any keys; use `kubectl exec`/`docker exec` for debugging and mount keys at run time when a client needs one.",
        triggering: "/usr/sbin/sshd or /etc/ssh/ssh_host_ed25519_key or /root/.ssh/id_rsa exists", passing: "no SSH server, host keys or user keys")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        for d in ImageFacts.sshDaemons where facts.present.contains(d) {
            report(HygieneViolation("SSH server \(d) is installed", path: d))
        }
        for f in facts.files where f.kind == .regular {
            let base = f.path.split(separator: "/").last.map(String.init) ?? ""
            if f.path.hasPrefix("/etc/ssh/ssh_host_"), base.hasSuffix("_key") {
                report(HygieneViolation("SSH host private key \(f.path) is baked into the image", path: f.path, layer: f.layer))
            } else if f.path.contains("/.ssh/") {
                if base == "authorized_keys" || base == "authorized_keys2" {
                    report(HygieneViolation("SSH authorized_keys \(f.path) grants logins", path: f.path, layer: f.layer))
                } else if base.hasPrefix("id_"), !base.hasSuffix(".pub") {
                    report(HygieneViolation("SSH private key \(f.path)", path: f.path, layer: f.layer))
                }
            }
        }
    }
}

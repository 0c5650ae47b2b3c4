/// Capabilities beyond the container runtime's default set (NET_RAW among the excluded) widen
/// what a root process in the container can do to the host; baseline allows adding only the
/// defaults. Replaced by `capabilities_restricted` at the restricted level from 1.22.
extension PSSCheck {
    static let capabilitiesBaselineID = "capabilities_baseline"

    static let capabilitiesBaseline = PSSCheck(id: capabilitiesBaselineID, level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in checkDefaultCapabilities(pod) },
    ])

    /// The runtime default set, as upstream lists it.
    static let defaultCapabilities: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    private static func checkDefaultCapabilities(_ pod: PSSPod) -> PSSVerdict {
        var names: [String] = []
        var added: [String] = []
        var fields: [PSSField] = []
        for c in pod.containers {
            var bad = false
            for item in c.securityContext["capabilities.add"].items where !defaultCapabilities.contains(item.text) {
                bad = true
                added.append(item.text)
                fields.append(item.field)
            }
            if bad { names.append(c.name) }
        }
        guard !names.isEmpty else { return .allowed }
        return .denied("non-default capabilities",
                       "\(PSSText.containers(names)) must not include \(PSSText.quoted(PSSText.sortedSet(added))) in securityContext.capabilities.add",
                       fields)
    }
}

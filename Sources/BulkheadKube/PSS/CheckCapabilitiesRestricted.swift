/// Restricted containers run with no capabilities but NET_BIND_SERVICE: each must drop `ALL` and
/// may add only NET_BIND_SERVICE (from 1.22, replacing `capabilities_baseline`). Windows pods are
/// exempt from 1.25, where Linux capabilities cannot be set.
extension PSSCheck {
    static let capabilitiesRestricted = PSSCheck(id: "capabilities_restricted", level: .restricted, versions: [
        PSSCheckVersion(1, 22, overrides: [capabilitiesBaselineID]) { pod in checkDropAll(pod) },
        PSSCheckVersion(1, 25, overrides: [capabilitiesBaselineID]) { pod in pod.isWindows ? .allowed : checkDropAll(pod) },
    ])

    private static func checkDropAll(_ pod: PSSPod) -> PSSVerdict {
        var missingDrop: [String] = []
        var adding: [String] = []
        var added: [String] = []
        var fields: [PSSField] = []
        for c in pod.containers {
            let caps = c.securityContext.child("capabilities")
            let drop = caps.child("drop")
            if !drop.items.contains(where: { $0.node?.string == "ALL" }) {
                missingDrop.append(c.name)
                fields.append(drop.field)
            }
            var bad = false
            for item in caps.child("add").items where item.text != "NET_BIND_SERVICE" {
                bad = true
                added.append(item.text)
                fields.append(item.field)
            }
            if bad { adding.append(c.name) }
        }
        var details: [String] = []
        if !missingDrop.isEmpty {
            details.append("\(PSSText.containers(missingDrop)) must set securityContext.capabilities.drop=[\"ALL\"]")
        }
        if !adding.isEmpty {
            details.append("\(PSSText.containers(adding)) must not include \(PSSText.quoted(PSSText.sortedSet(added))) in securityContext.capabilities.add")
        }
        guard !details.isEmpty else { return .allowed }
        return .denied("unrestricted capabilities", details.joined(separator: "; "), fields)
    }
}

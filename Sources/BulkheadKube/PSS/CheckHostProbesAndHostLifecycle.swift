/// A probe or lifecycle handler with a `host` makes the kubelet connect to an address of the
/// pod's choosing from the node's network (a server-side request forgery vector); baseline
/// requires the host to be unset or empty from 1.34.
extension PSSCheck {
    static let hostProbesAndHostLifecycle = PSSCheck(id: "hostProbesAndHostLifecycle", level: .baseline, versions: [
        PSSCheckVersion(1, 34) { pod in checkHandlerHosts(pod) },
    ])

    private static func checkHandlerHosts(_ pod: PSSPod) -> PSSVerdict {
        var names: Set<String> = []
        var hosts: Set<String> = []
        var fields: [PSSField] = []
        for c in pod.containers {
            let handlers = ["livenessProbe", "readinessProbe", "startupProbe"].map { c.located.child($0) }
                + ["postStart", "preStop"].map { c.located.child("lifecycle").child($0) }
            for handler in handlers where handler.isSet {
                for kind in ["httpGet", "tcpSocket"] {
                    let action = handler.child(kind)
                    guard action.isSet else { continue }
                    let host = action.child("host")
                    if !host.text.isEmpty {
                        names.insert(c.name)
                        hosts.insert(host.text)
                        fields.append(host.field)
                    }
                }
            }
        }
        guard !names.isEmpty else { return .allowed }
        let sortedNames = names.sorted(by: PSSText.byteOrder)
        let sortedHosts = hosts.sorted(by: PSSText.byteOrder)
        return .denied("probe or lifecycle host",
                       "\(PSSText.containers(sortedNames)) \(PSSText.plural("uses", "use", names.count)) \(PSSText.plural("probe or lifecycle host", "probe or lifecycle hosts", hosts.count)) \(PSSText.quoted(sortedHosts))",
                       fields)
    }
}

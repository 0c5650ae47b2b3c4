/// The default /proc mask hides kernel interfaces from containers; `procMount` other than
/// `Default` (i.e. `Unmasked`) removes it. Baseline forbids it at all versions, but from 1.35
/// allows it for pods in a user namespace (`hostUsers: false`), where the kernel confines what
/// an unmasked /proc can reach.
extension PSSCheck {
    static let procMountID = "procMount"

    static let procMount = PSSCheck(id: procMountID, level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in requireDefaultProcMount(pod) },
        PSSCheckVersion(1, 35) { pod in pod.inUserNamespace ? .allowed : requireDefaultProcMount(pod) },
    ])

    static func requireDefaultProcMount(_ pod: PSSPod) -> PSSVerdict {
        var names: [String] = []
        var types: [String] = []
        var fields: [PSSField] = []
        for c in pod.containers {
            let procMount = c.securityContext.child("procMount")
            if procMount.isSet, procMount.text != "Default" {
                names.append(c.name)
                types.append(procMount.text)
                fields.append(procMount.field)
            }
        }
        guard !names.isEmpty else { return .allowed }
        return .denied("procMount",
                       "\(PSSText.containers(names)) must not set securityContext.procMount to \(PSSText.quoted(PSSText.sortedSet(types)))",
                       fields)
    }
}

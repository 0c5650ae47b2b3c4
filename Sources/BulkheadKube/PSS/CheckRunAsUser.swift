/// Restricted pods must not explicitly run as UID 0 (`runAsUser: 0` on the pod or a container),
/// from 1.23. From 1.35 pods in a user namespace (`hostUsers: false`) are exempt.
extension PSSCheck {
    static let runAsUser = PSSCheck(id: "runAsUser", level: .restricted, versions: [
        PSSCheckVersion(1, 23) { pod in forbidRootUID(pod) },
        PSSCheckVersion(1, 35) { pod in pod.inUserNamespace ? .allowed : forbidRootUID(pod) },
    ])

    private static func forbidRootUID(_ pod: PSSPod) -> PSSVerdict {
        var setters: [String] = []
        var fields: [PSSField] = []
        let podUID = pod.securityContext.child("runAsUser")
        if podUID.int == 0 {
            setters.append("pod")
            fields.append(podUID.field)
        }
        var names: [String] = []
        for c in pod.containers {
            let uid = c.securityContext.child("runAsUser")
            if uid.int == 0 {
                names.append(c.name)
                fields.append(uid.field)
            }
        }
        if !names.isEmpty { setters.append(PSSText.containers(names)) }
        guard !setters.isEmpty else { return .allowed }
        return .denied("runAsUser=0", "\(setters.joined(separator: " and ")) must not set runAsUser=0", fields)
    }
}

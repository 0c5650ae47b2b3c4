/// setuid binaries and file capabilities let a process gain privileges its parent lacked; the
/// restricted level requires every container to opt out with `allowPrivilegeEscalation: false`
/// (from 1.8, when the field appeared). Windows pods (`spec.os.name: windows`) are exempt from
/// 1.25, where the field cannot be set.
extension PSSCheck {
    static let allowPrivilegeEscalation = PSSCheck(id: "allowPrivilegeEscalation", level: .restricted, versions: [
        PSSCheckVersion(1, 8) { pod in requireNoEscalation(pod) },
        PSSCheckVersion(1, 25) { pod in pod.isWindows ? .allowed : requireNoEscalation(pod) },
    ])

    private static func requireNoEscalation(_ pod: PSSPod) -> PSSVerdict {
        var names: [String] = []
        var fields: [PSSField] = []
        for c in pod.containers {
            let flag = c.securityContext.child("allowPrivilegeEscalation")
            if flag.bool != false {
                names.append(c.name)
                fields.append(flag.field)
            }
        }
        guard !names.isEmpty else { return .allowed }
        return .denied("allowPrivilegeEscalation != false",
                       "\(PSSText.containers(names)) must set securityContext.allowPrivilegeEscalation=false", fields)
    }
}

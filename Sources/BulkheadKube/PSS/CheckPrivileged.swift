/// Privileged containers switch off nearly every isolation mechanism: `securityContext.privileged`
/// must be unset or false (baseline, all versions).
extension PSSCheck {
    static let privileged = PSSCheck(id: "privileged", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in
            var names: [String] = []
            var fields: [PSSField] = []
            for c in pod.containers {
                let flag = c.securityContext.child("privileged")
                if flag.isTrue {
                    names.append(c.name)
                    fields.append(flag.field)
                }
            }
            guard !names.isEmpty else { return .allowed }
            return .denied("privileged", "\(PSSText.containers(names)) must not set securityContext.privileged=true", fields)
        },
    ])
}

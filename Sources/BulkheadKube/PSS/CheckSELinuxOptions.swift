/// A custom SELinux user or role, or a type outside the container types, can lift the SELinux
/// confinement the runtime applies; baseline allows only the container types (plus
/// `container_engine_t` from 1.31, for nested container engines) and no user or role.
extension PSSCheck {
    static let seLinuxOptions = PSSCheck(id: "seLinuxOptions", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in checkSELinux(pod, allowedTypes: seLinuxTypes1_0) },
        PSSCheckVersion(1, 31) { pod in checkSELinux(pod, allowedTypes: seLinuxTypes1_31) },
    ])

    static let seLinuxTypes1_0: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t"]
    static let seLinuxTypes1_31: Set<String> = seLinuxTypes1_0.union(["container_engine_t"])

    private static func checkSELinux(_ pod: PSSPod, allowedTypes: Set<String>) -> PSSVerdict {
        var badTypes: [String] = []
        var userSet = false
        var roleSet = false
        var fields: [PSSField] = []

        func valid(_ options: PSSLocated) -> Bool {
            var ok = true
            let type = options.child("type")
            if !allowedTypes.contains(type.text) {
                ok = false
                badTypes.append(type.text)
                fields.append(type.field)
            }
            let user = options.child("user")
            if !user.text.isEmpty {
                ok = false
                userSet = true
                fields.append(user.field)
            }
            let role = options.child("role")
            if !role.text.isEmpty {
                ok = false
                roleSet = true
                fields.append(role.field)
            }
            return ok
        }

        var setters: [String] = []
        let podOptions = pod.securityContext.child("seLinuxOptions")
        if podOptions.isSet, !valid(podOptions) { setters.append("pod") }
        var names: [String] = []
        for c in pod.containers {
            let options = c.securityContext.child("seLinuxOptions")
            if options.isSet, !valid(options) { names.append(c.name) }
        }
        if !names.isEmpty { setters.append(PSSText.containers(names)) }
        guard !setters.isEmpty else { return .allowed }

        var problems: [String] = []
        let distinct = PSSText.sortedSet(badTypes)
        if !distinct.isEmpty { problems.append("\(PSSText.plural("type", "types", distinct.count)) \(PSSText.quoted(distinct))") }
        if userSet { problems.append("user may not be set") }
        if roleSet { problems.append("role may not be set") }
        return .denied("seLinuxOptions",
                       "\(setters.joined(separator: " and ")) set forbidden securityContext.seLinuxOptions: \(problems.joined(separator: "; "))",
                       fields)
    }
}

/// The runtime's default AppArmor profile confines containers on hosts that support it; baseline
/// forbids turning it off. Profile types may only be `RuntimeDefault` or `Localhost` (pod and
/// container `securityContext.appArmorProfile`), and the legacy per-container annotations only
/// `runtime/default`, `localhost/…` or empty. Checked at every version, as upstream does.
extension PSSCheck {
    static let appArmorProfile = PSSCheck(id: "appArmorProfile", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in checkAppArmor(pod) },
    ])

    static let appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

    private static func allowedType(_ type: String) -> Bool {
        type == "RuntimeDefault" || type == "Localhost"
    }

    private static func allowedAnnotation(_ value: String) -> Bool {
        value.isEmpty || value == "runtime/default" || value.hasPrefix("localhost/")
    }

    private static func checkAppArmor(_ pod: PSSPod) -> PSSVerdict {
        var setters: [String] = []
        var badTypes: [String] = []
        var fields: [PSSField] = []

        let podProfile = pod.securityContext.child("appArmorProfile")
        if podProfile.isSet {
            let type = podProfile.child("type")
            if !allowedType(type.text) {
                setters.append("pod")
                badTypes.append(type.text)
                fields.append(type.field)
            }
        }

        var names: [String] = []
        for c in pod.containers {
            let profile = c.securityContext.child("appArmorProfile")
            guard profile.isSet else { continue }
            let type = profile.child("type")
            if !allowedType(type.text) {
                names.append(c.name)
                badTypes.append(type.text)
                fields.append(type.field)
            }
        }
        if !names.isEmpty { setters.append(PSSText.containers(names)) }

        var values = PSSText.sortedSet(badTypes)
        var annotations: [String] = []
        for a in pod.annotations where a.key.hasPrefix(appArmorAnnotationPrefix) && !allowedAnnotation(a.value) {
            annotations.append("\(a.key)=\(PSSText.goQuoted(a.value))")
            fields.append(a.located.field)
        }
        if !annotations.isEmpty {
            values += annotations.sorted(by: PSSText.byteOrder)
            setters.append(PSSText.plural("annotation", "annotations", annotations.count))
        }

        guard !setters.isEmpty else { return .allowed }
        return .denied(PSSText.plural("forbidden AppArmor profile", "forbidden AppArmor profiles", values.count),
                       "\(setters.joined(separator: " and ")) must not set AppArmor profile type to \(PSSText.quoted(values))",
                       fields)
    }
}

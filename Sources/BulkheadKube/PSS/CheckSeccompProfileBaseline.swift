/// Seccomp filters block kernel calls most containers never need; baseline forbids switching the
/// filter off (`Unconfined`) wherever a profile is written. Before 1.19 profiles were set by the
/// alpha annotations, which must then be `runtime/default`, `docker/default` or `localhost/…`;
/// from 1.19 the `seccompProfile.type` fields must be `RuntimeDefault` or `Localhost`. Replaced
/// at restricted from 1.19 by `seccompProfile_restricted`.
extension PSSCheck {
    static let seccompProfileBaselineID = "seccompProfile_baseline"

    static let seccompProfileBaseline = PSSCheck(id: seccompProfileBaselineID, level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in checkSeccompAnnotations(pod) },
        PSSCheckVersion(1, 19) { pod in checkSeccompFields(pod, required: false) },
    ])

    static let seccompPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod"
    static let seccompContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/"

    static func allowedSeccompType(_ type: String) -> Bool {
        type == "RuntimeDefault" || type == "Localhost"
    }

    private static func allowedSeccompAnnotation(_ value: String) -> Bool {
        value == "runtime/default" || value == "docker/default" || value.hasPrefix("localhost/")
    }

    private static func checkSeccompAnnotations(_ pod: PSSPod) -> PSSVerdict {
        let annotations = pod.annotations
        var forbidden: [String] = []
        var fields: [PSSField] = []
        func inspect(_ key: String) {
            guard let a = annotations.last(where: { $0.key == key }), !allowedSeccompAnnotation(a.value) else { return }
            forbidden.append("\(key)=\(PSSText.goQuoted(a.value))")
            fields.append(a.located.field)
        }
        inspect(seccompPodAnnotation)
        for c in pod.containers { inspect(seccompContainerAnnotationPrefix + c.name) }
        guard !forbidden.isEmpty else { return .allowed }
        let distinct = PSSText.sortedSet(forbidden)
        return .denied("seccompProfile",
                       "forbidden \(PSSText.plural("annotation", "annotations", distinct.count)) \(distinct.joined(separator: ", "))",
                       fields)
    }

    /// The 1.19+ field rule, shared with the restricted check: explicit types must be allowed,
    /// and with `required` every container must end up with one (its own or the pod's).
    static func checkSeccompFields(_ pod: PSSPod, required: Bool) -> PSSVerdict {
        var setters: [String] = []
        var badTypes: [String] = []
        var fields: [PSSField] = []
        var podHasValid = false

        let podProfile = pod.securityContext.child("seccompProfile")
        if podProfile.isSet {
            let type = podProfile.child("type")
            if allowedSeccompType(type.text) {
                podHasValid = true
            } else {
                setters.append("pod")
                badTypes.append(type.text)
                fields.append(type.field)
            }
        }

        var explicitlyBad: [String] = []
        var implicitlyBad: [String] = []
        var implicitFields: [PSSField] = []
        for c in pod.containers {
            let profile = c.securityContext.child("seccompProfile")
            if profile.isSet {
                let type = profile.child("type")
                if !allowedSeccompType(type.text) {
                    explicitlyBad.append(c.name)
                    badTypes.append(type.text)
                    fields.append(type.field)
                }
            } else if required, !podHasValid {
                implicitlyBad.append(c.name)
                implicitFields.append(profile.field)
            }
        }
        if !explicitlyBad.isEmpty { setters.append(PSSText.containers(explicitlyBad)) }

        if !setters.isEmpty {
            return .denied("seccompProfile",
                           "\(setters.joined(separator: " and ")) must not set securityContext.seccompProfile.type to \(PSSText.quoted(PSSText.sortedSet(badTypes)))",
                           fields)
        }
        if !implicitlyBad.isEmpty {
            return .denied("seccompProfile",
                           "pod or \(PSSText.containers(implicitlyBad)) must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                           [podProfile.field] + implicitFields)
        }
        return .allowed
    }
}

/// Restricted containers must be required to run as a non-root user: `runAsNonRoot: true` on the
/// pod (inherited by containers that leave it unset) or on every container, and never `false`.
/// From 1.35 pods in a user namespace (`hostUsers: false`) are exempt, since their root is not
/// the host's.
extension PSSCheck {
    static let runAsNonRoot = PSSCheck(id: "runAsNonRoot", level: .restricted, versions: [
        PSSCheckVersion(1, 0) { pod in requireNonRoot(pod) },
        PSSCheckVersion(1, 35) { pod in pod.inUserNamespace ? .allowed : requireNonRoot(pod) },
    ])

    private static func requireNonRoot(_ pod: PSSPod) -> PSSVerdict {
        var setters: [String] = []
        var explicitFields: [PSSField] = []
        let podFlag = pod.securityContext.child("runAsNonRoot")
        let podNonRoot = podFlag.bool == true
        if podFlag.bool == false {
            setters.append("pod")
            explicitFields.append(podFlag.field)
        }

        var explicitlyBad: [String] = []
        var implicitlyBad: [String] = []
        var implicitFields: [PSSField] = []
        for c in pod.containers {
            let flag = c.securityContext.child("runAsNonRoot")
            switch flag.bool {
            case false?:
                explicitlyBad.append(c.name)
                explicitFields.append(flag.field)
            case true?:
                break
            case nil:
                if !podNonRoot {
                    implicitlyBad.append(c.name)
                    implicitFields.append(flag.field)
                }
            }
        }
        if !explicitlyBad.isEmpty { setters.append(PSSText.containers(explicitlyBad)) }

        if !setters.isEmpty {
            return .denied("runAsNonRoot != true",
                           "\(setters.joined(separator: " and ")) must not set securityContext.runAsNonRoot=false", explicitFields)
        }
        if !implicitlyBad.isEmpty {
            return .denied("runAsNonRoot != true",
                           "pod or \(PSSText.containers(implicitlyBad)) must set securityContext.runAsNonRoot=true",
                           [podFlag.field] + implicitFields)
        }
        return .allowed
    }
}

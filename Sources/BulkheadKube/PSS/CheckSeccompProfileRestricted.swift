/// Restricted pods must run under a seccomp filter: from 1.19 every container needs a
/// `RuntimeDefault` or `Localhost` profile, its own or the pod's (this replaces
/// `seccompProfile_baseline` at restricted). Windows pods are exempt from 1.25, where seccomp
/// does not exist.
extension PSSCheck {
    static let seccompProfileRestricted = PSSCheck(id: "seccompProfile_restricted", level: .restricted, versions: [
        PSSCheckVersion(1, 19, overrides: [seccompProfileBaselineID]) { pod in checkSeccompFields(pod, required: true) },
        PSSCheckVersion(1, 25, overrides: [seccompProfileBaselineID]) { pod in
            pod.isWindows ? .allowed : checkSeccompFields(pod, required: true)
        },
    ])
}

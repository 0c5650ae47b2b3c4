/// Windows HostProcess containers run directly on the node with host privileges (the Windows
/// counterpart of privileged); baseline forbids `windowsOptions.hostProcess: true` on the pod or
/// any container.
extension PSSCheck {
    static let windowsHostProcess = PSSCheck(id: "windowsHostProcess", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in
            var setters: [String] = []
            var fields: [PSSField] = []
            let podFlag = pod.securityContext["windowsOptions.hostProcess"]
            if podFlag.isTrue {
                setters.append("pod")
                fields.append(podFlag.field)
            }
            var names: [String] = []
            for c in pod.containers {
                let flag = c.securityContext["windowsOptions.hostProcess"]
                if flag.isTrue {
                    names.append(c.name)
                    fields.append(flag.field)
                }
            }
            if !names.isEmpty { setters.append(PSSText.containers(names)) }
            guard !setters.isEmpty else { return .allowed }
            return .denied("hostProcess",
                           "\(setters.joined(separator: " and ")) must not set securityContext.windowsOptions.hostProcess=true",
                           fields)
        },
    ])
}

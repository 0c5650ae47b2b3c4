/// Sharing the host's network, PID or IPC namespace lets a pod see and reach host processes and
/// interfaces; baseline forbids `hostNetwork`, `hostPID` and `hostIPC` set to true.
extension PSSCheck {
    static let hostNamespaces = PSSCheck(id: "hostNamespaces", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in
            var shared: [String] = []
            var fields: [PSSField] = []
            for key in ["hostNetwork", "hostPID", "hostIPC"] {
                let flag = pod.spec.child(key)
                if flag.isTrue {
                    shared.append("\(key)=true")
                    fields.append(flag.field)
                }
            }
            guard !shared.isEmpty else { return .allowed }
            return .denied("host namespaces", shared.joined(separator: ", "), fields)
        },
    ])
}

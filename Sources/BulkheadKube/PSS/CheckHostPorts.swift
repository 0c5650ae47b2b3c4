/// A hostPort binds the node's own network interface, bypassing network policy and colliding with
/// other pods; baseline allows only unset or 0.
extension PSSCheck {
    static let hostPorts = PSSCheck(id: "hostPorts", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in
            var names: [String] = []
            var ports: [String] = []
            var fields: [PSSField] = []
            for c in pod.containers {
                var bad = false
                for port in c.located.child("ports").items {
                    let hostPort = port.child("hostPort")
                    if let value = hostPort.int, value != 0 {
                        bad = true
                        ports.append(String(value))
                        fields.append(hostPort.field)
                    }
                }
                if bad { names.append(c.name) }
            }
            guard !names.isEmpty else { return .allowed }
            let distinct = PSSText.sortedSet(ports)
            return .denied("hostPort",
                           "\(PSSText.containers(names)) \(PSSText.plural("uses", "use", names.count)) \(PSSText.plural("hostPort", "hostPorts", distinct.count)) \(distinct.joined(separator: ", "))",
                           fields)
        },
    ])
}

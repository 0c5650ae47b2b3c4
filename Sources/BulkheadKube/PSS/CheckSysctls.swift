/// Most sysctls are node-wide or escape the pod's namespaces; baseline allows only the "safe"
/// namespaced ones, a list that grew at 1.27, 1.29, 1.32 and 1.37.
extension PSSCheck {
    static let sysctls = PSSCheck(id: "sysctls", level: .baseline, versions: [
        PSSCheckVersion(1, 0) { pod in checkSysctls(pod, allowed: safeSysctls1_0) },
        PSSCheckVersion(1, 27) { pod in checkSysctls(pod, allowed: safeSysctls1_27) },
        PSSCheckVersion(1, 29) { pod in checkSysctls(pod, allowed: safeSysctls1_29) },
        PSSCheckVersion(1, 32) { pod in checkSysctls(pod, allowed: safeSysctls1_32) },
        PSSCheckVersion(1, 37) { pod in checkSysctls(pod, allowed: safeSysctls1_37) },
    ])

    static let safeSysctls1_0: Set<String> = [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
    ]
    static let safeSysctls1_27 = safeSysctls1_0.union(["net.ipv4.ip_local_reserved_ports"])
    static let safeSysctls1_29 = safeSysctls1_27.union([
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ])
    static let safeSysctls1_32 = safeSysctls1_29.union(["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"])
    static let safeSysctls1_37 = safeSysctls1_32.union(["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"])

    private static func checkSysctls(_ pod: PSSPod, allowed: Set<String>) -> PSSVerdict {
        var forbidden: [String] = []
        var fields: [PSSField] = []
        for sysctl in pod.securityContext.child("sysctls").items {
            let name = sysctl.child("name")
            if !allowed.contains(name.text) {
                forbidden.append(name.text)
                fields.append(name.field)
            }
        }
        guard !forbidden.isEmpty else { return .allowed }
        return .denied("forbidden sysctls", forbidden.joined(separator: ", "), fields)
    }
}

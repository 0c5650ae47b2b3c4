/// `bulkhead k8s --fix`: the securityContext changes that bring a workload to the restricted
/// Pod Security level, as a strategic-merge patch (containers merge by name, as `kubectl patch`
/// does). What cannot be changed safely without the owner (host ports, hostPath volumes,
/// sysctls, SELinux types) is listed as a comment instead of being guessed.
public enum RestrictedFix {
    /// A patch tree: mappings of keys to values, containers keyed by name.
    public indirect enum Patch: Sendable, Hashable {
        case value(String)
        case list([String])
        case map([(String, Patch)])
        case containers([(name: String, patch: Patch)])

        public static func == (a: Patch, b: Patch) -> Bool { a.render(indent: 0) == b.render(indent: 0) }
        public func hash(into h: inout Hasher) { h.combine(render(indent: 0)) }

        func render(indent: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            switch self {
            case .value(let v): return v
            case .list(let items): return "[" + items.joined(separator: ", ") + "]"
            case .map(let entries):
                return entries.map { key, value in
                    switch value {
                    case .value, .list: return "\(pad)\(key): \(value.render(indent: 0))"
                    default: return "\(pad)\(key):\n\(value.render(indent: indent + 2))"
                    }
                }.joined(separator: "\n")
            case .containers(let items):
                return items.map { name, patch in
                    let body = patch.render(indent: indent + 2)
                    return "\(pad)- name: \(name)\n\(body)"
                }.joined(separator: "\n")
            }
        }
    }

    public struct Result: Sendable {
        /// The patch as YAML (empty when nothing can be patched).
        public var yaml: String
        /// Checks that need a human decision, with why.
        public var manual: [String]
    }

    /// The patch for one workload document, or nil when it already meets restricted.
    public static func patch(for document: KubeDocument, version: PSSVersion = .latest) -> Result? {
        guard let view = document.podTemplate else { return nil }
        let failing = PodSecurity.evaluate(view, level: .restricted, version: version).filter { !$0.allowed }
        guard !failing.isEmpty else { return nil }
        let ids = Set(failing.map(\.checkID))
        var pod: [(String, Patch)] = []
        var podSecurity: [(String, Patch)] = []
        var manual: [String] = []
        if ids.contains("hostNamespaces") {
            for key in ["hostNetwork", "hostPID", "hostIPC"] where view.spec[key]?.bool == true { pod.append((key, .value("false"))) }
        }
        if ids.contains("runAsNonRoot") { podSecurity.append(("runAsNonRoot", .value("true"))) }
        if ids.contains("runAsUser"), view.spec[path: "securityContext.runAsUser"]?.int == 0 {
            podSecurity.append(("runAsUser", .value("null")))
        }
        if ids.contains("seccompProfile_restricted") || ids.contains("seccompProfile_baseline") {
            podSecurity.append(("seccompProfile", .map([("type", .value("RuntimeDefault"))])))
        }
        if ids.contains("windowsHostProcess") {
            podSecurity.append(("windowsOptions", .map([("hostProcess", .value("false"))])))
        }
        if !podSecurity.isEmpty { pod.append(("securityContext", .map(podSecurity))) }
        var lists: [String: [(String, Patch)]] = [:]
        for c in view.containers {
            var sc: [(String, Patch)] = []
            let current = c.node["securityContext"]
            if ids.contains("privileged"), current?["privileged"]?.bool == true { sc.append(("privileged", .value("false"))) }
            if ids.contains("allowPrivilegeEscalation") { sc.append(("allowPrivilegeEscalation", .value("false"))) }
            if ids.contains("capabilities_restricted") || ids.contains("capabilities_baseline") {
                let adds = (current?[path: "capabilities.add"]?.items ?? []).compactMap(\.string)
                var caps: [(String, Patch)] = [("drop", .list(["ALL"]))]
                let kept = adds.filter { $0 == "NET_BIND_SERVICE" }
                if adds.count != kept.count { caps.append(("add", kept.isEmpty ? .value("null") : .list(kept))) }
                sc.append(("capabilities", .map(caps)))
            }
            if ids.contains("runAsNonRoot"), current?["runAsNonRoot"]?.bool == false { sc.append(("runAsNonRoot", .value("true"))) }
            if ids.contains("runAsUser"), current?["runAsUser"]?.int == 0 { sc.append(("runAsUser", .value("null"))) }
            if ids.contains("seccompProfile_restricted") || ids.contains("seccompProfile_baseline"),
               let type = current?[path: "seccompProfile.type"]?.string, type != "RuntimeDefault", type != "Localhost" {
                sc.append(("seccompProfile", .map([("type", .value("RuntimeDefault"))])))
            }
            if ids.contains("procMount") || ids.contains("procMount_restricted"), current?["procMount"] != nil {
                sc.append(("procMount", .value("Default")))
            }
            if ids.contains("appArmorProfile"), let t = current?[path: "appArmorProfile.type"]?.string, t == "Unconfined" {
                sc.append(("appArmorProfile", .map([("type", .value("RuntimeDefault"))])))
            }
            if !sc.isEmpty { lists[c.list, default: []].append((containerName(c.node), .map([("securityContext", .map(sc))]))) }
        }
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            if let items = lists[list] { pod.append((list, .containers(items))) }
        }
        let manualChecks: [String: String] = [
            "hostPorts": "hostPort: remove it and reach the pod through a Service",
            "hostPathVolumes": "hostPath volume: replace it with a CSI, projected or emptyDir volume",
            "restrictedVolumes": "volume type not allowed at restricted: use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret",
            "sysctls": "unsafe sysctls: remove them or set them on the node",
            "seLinuxOptions": "SELinux options: use an allowed type (container_t, container_init_t, container_kvm_t, container_engine_t) and no user/role",
            "hostProbesAndHostLifecycle": "probe or lifecycle handler with a host: remove the host field",
        ]
        for (id, why) in manualChecks.sorted(by: { $0.key < $1.key }) where ids.contains(id) { manual.append("\(id): \(why)") }
        // Wrap the pod patch at the workload's pod path.
        var patch = Patch.map(pod)
        let base = PodTemplateView.podPaths[document.kind] ?? ""
        let wrapped = base.isEmpty ? ["spec"] : base.split(separator: ".").map(String.init) + ["spec"]
        for key in wrapped.reversed() { patch = .map([(key, patch)]) }
        let yaml = pod.isEmpty ? "" : patch.render(indent: 0)
        return Result(yaml: yaml, manual: manual)
    }
}

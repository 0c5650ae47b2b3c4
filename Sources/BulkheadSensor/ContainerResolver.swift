import BulkheadFalco
import Foundation

/// Container context for events: the container id comes from the task's cgroup (docker,
/// podman, cri-o and containerd naming; cgroup v1, v2 and hybrid), the name, image and labels
/// from the runtime's own state on disk — containers/storage (podman, cri-o), Docker's
/// `config.v2.json`, containerd's task bundles — and Kubernetes pod metadata from the labels
/// and annotations the kubelet sets. Results are cached per cgroup and per container.
public final class ContainerResolver: @unchecked Sendable {
    /// containers/storage roots (podman, cri-o); `storage.conf`'s graphroot by default.
    public var storageRoots: [String]
    public var dockerRoot: String
    public var containerdStateRoots: [String]
    let procRoot: String

    private var byCgroup: [UInt64: ContainerInfo?] = [:]
    private var byID: [String: (info: ContainerInfo, k8s: K8sInfo?)] = [:]
    private var lastMiss: [String: UInt64] = [:]

    public init(storageRoots: [String] = ["/var/lib/containers/storage"], dockerRoot: String = "/var/lib/docker",
                containerdStateRoots: [String] = ["/run/containerd/io.containerd.runtime.v2.task"], procRoot: String = "/proc") {
        self.storageRoots = storageRoots
        self.dockerRoot = dockerRoot
        self.containerdStateRoots = containerdStateRoots
        self.procRoot = procRoot
    }

    /// Container of a task: by cgroup id (cached), from the cgroup leaf name in exec records,
    /// else from /proc/PID/cgroup. nil = the host.
    func container(cgroupID: UInt64, leafName: String?, pid: Int32) -> (ContainerInfo, K8sInfo?)? {
        if let cached = byCgroup[cgroupID] {
            guard let info = cached else { return nil }
            if info.name == nil { return refresh(info.fullID ?? info.id) }
            return byID[info.fullID ?? info.id].map { ($0.info, $0.k8s) } ?? (info, nil)
        }
        var parsed: (id: String, runtime: String?)?
        var known = false   // whether "no container" is a fact worth caching
        if let leafName {
            // Exec records carry the leaf name the kernel had: authoritative.
            parsed = Self.containerID(inCgroupPath: leafName)
            known = true
        } else if cgroupID != 0, let path = cgroupPath(id: cgroupID) {
            // The cgroup directory whose inode is the id (the task may have moved or exited since).
            parsed = Self.containerID(inCgroupPath: path)
            known = true
        } else if let text = ProcessTable.read("\(procRoot)/\(pid)/cgroup", limit: 8192), !text.isEmpty {
            for line in text.split(separator: "\n") {
                guard let colon = line.lastIndex(of: ":") else { continue }
                if let p = Self.containerID(inCgroupPath: String(line[line.index(after: colon)...])) { parsed = p; break }
            }
        }
        guard let (id, runtime) = parsed else {
            if cgroupID != 0, known { byCgroup[cgroupID] = .some(nil) }
            return nil
        }
        let resolved = refresh(id, runtime: runtime)
        if cgroupID != 0 { byCgroup[cgroupID] = resolved.0 }
        return resolved
    }

    private func refresh(_ fullID: String, runtime: String? = nil) -> (ContainerInfo, K8sInfo?) {
        if let known = byID[fullID], known.info.name != nil { return (known.info, known.k8s) }
        // Metadata may be written just after the first process starts: retry at most every 200 ms.
        let now = DispatchTime.now().uptimeNanoseconds
        if let last = lastMiss[fullID], now - last < 200_000_000, let known = byID[fullID] { return (known.info, known.k8s) }
        var info = ContainerInfo(id: String(fullID.prefix(12)), fullID: fullID, type: runtime)
        var k8s: K8sInfo?
        var found = false
        if runtime != "docker" { found = fromContainersStorage(fullID, &info, &k8s) }
        if !found, runtime == nil || runtime == "docker" { found = fromDocker(fullID, &info, &k8s) }
        if !found, runtime == nil || runtime == "containerd" { found = fromContainerd(fullID, &info, &k8s) }
        if found { lastMiss[fullID] = nil } else { lastMiss[fullID] = now }
        byID[fullID] = (info, k8s)
        for (k, v) in byCgroup where v?.fullID == fullID { byCgroup[k] = info }
        return (info, k8s)
    }

    // MARK: - cgroup names

    /// cgroupfs roots to search for a cgroup id: the v1 memory hierarchy (what the BPF side
    /// reports on v1 and hybrid hosts), then v2.
    public var cgroupRoots = ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"]

    /// The directory whose inode is `id` (kernfs ids are the cgroup directories' inode
    /// numbers), searched breadth-first to a bounded depth.
    func cgroupPath(id: UInt64) -> String? {
        for root in cgroupRoots {
            var st = stat()
            guard stat(root, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { continue }
            var level = [root]
            var visited = 0
            for _ in 0..<8 {
                var next: [String] = []
                for dir in level {
                    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
                    for n in names {
                        let p = dir + "/" + n
                        var s = stat()
                        guard lstat(p, &s) == 0, s.st_mode & S_IFMT == S_IFDIR else { continue }
                        if UInt64(s.st_ino) == id { return String(p.dropFirst(root.count)) }
                        next.append(p)
                        visited += 1
                        if visited > 100_000 { return nil }
                    }
                }
                if next.isEmpty { break }
                level = next
            }
        }
        return nil
    }

    /// The 64-hex container id in a cgroup path, with the runtime its naming implies:
    /// `docker-<id>.scope`, `libpod-<id>.scope`, `crio-<id>.scope`, `cri-containerd-<id>.scope`,
    /// `/docker/<id>`, `/kubepods/.../<id>`, `/libpod_parent/libpod-<id>`. Conmon's own
    /// `libpod-conmon-<id>` cgroup is not the container.
    public static func containerID(inCgroupPath path: String) -> (id: String, runtime: String?)? {
        for component in path.split(separator: "/").reversed() {
            var c = Substring(component)
            if c.hasSuffix(".scope") { c = c.dropLast(6) }
            if c.hasPrefix("libpod-conmon-") { continue }
            var runtime: String?
            for (prefix, name) in [("docker-", "docker"), ("libpod-", "podman"), ("crio-", "cri-o"),
                                   ("cri-containerd-", "containerd"), ("containerd-", "containerd")] where c.hasPrefix(prefix) {
                c = c.dropFirst(prefix.count)
                runtime = name
                break
            }
            if c.count == 64, c.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
                if runtime == nil {
                    if path.contains("/docker/") { runtime = "docker" } else if path.contains("libpod") { runtime = "podman" }
                }
                return (String(c), runtime)
            }
        }
        return nil
    }

    // MARK: - runtimes' state

    private static func json(_ path: String, limit: Int = 16 << 20) -> Any? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attrs[.size] as? Int, size <= limit,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data)
    }

    /// podman and cri-o: `<root>/<driver>-containers/containers.json` (names, image, podman's
    /// metadata) and the OCI bundle's annotations in `userdata/config.json`.
    private func fromContainersStorage(_ id: String, _ info: inout ContainerInfo, _ k8s: inout K8sInfo?) -> Bool {
        var found = false
        for root in storageRoots {
            guard let drivers = try? FileManager.default.contentsOfDirectory(atPath: root) else { continue }
            for d in drivers where d.hasSuffix("-containers") {
                let dir = "\(root)/\(d)"
                if let list = Self.json("\(dir)/containers.json") as? [[String: Any]],
                   let entry = list.first(where: { ($0["id"] as? String) == id }) {
                    found = true
                    if let names = entry["names"] as? [String], let n = names.first { info.name = n }
                    if let image = entry["image"] as? String { info.imageID = image }
                    if let meta = entry["metadata"] as? String, let m = try? JSONSerialization.jsonObject(with: Data(meta.utf8)) as? [String: Any] {
                        if let n = m["image-name"] as? String, !n.isEmpty { info.image = n }
                        if let n = m["name"] as? String, !n.isEmpty { info.name = n }
                    }
                    if info.type == nil { info.type = "podman" }
                }
                if let spec = Self.json("\(dir)/\(id)/userdata/config.json") as? [String: Any] {
                    found = applyOCISpec(spec, &info, &k8s) || found
                }
            }
        }
        return found
    }

    /// Docker: `<root>/containers/<id>/config.v2.json` and `hostconfig.json`.
    private func fromDocker(_ id: String, _ info: inout ContainerInfo, _ k8s: inout K8sInfo?) -> Bool {
        let dir = "\(dockerRoot)/containers/\(id)"
        guard let cfg = Self.json("\(dir)/config.v2.json") as? [String: Any] else { return false }
        info.type = "docker"
        if let n = cfg["Name"] as? String { info.name = n.hasPrefix("/") ? String(n.dropFirst()) : n }
        if let image = cfg["Image"] as? String { info.imageID = image }
        if let c = cfg["Config"] as? [String: Any] {
            if let i = c["Image"] as? String { info.image = i }
            if let l = c["Labels"] as? [String: String] { info.labels = l }
        }
        if let host = Self.json("\(dir)/hostconfig.json") as? [String: Any], let p = host["Privileged"] as? Bool { info.privileged = p }
        k8s = Self.k8s(from: info.labels)
        return true
    }

    /// containerd: the task bundle's `config.json` under `<state>/<namespace>/<id>/`.
    private func fromContainerd(_ id: String, _ info: inout ContainerInfo, _ k8s: inout K8sInfo?) -> Bool {
        for root in containerdStateRoots {
            guard let namespaces = try? FileManager.default.contentsOfDirectory(atPath: root) else { continue }
            for ns in namespaces {
                if let spec = Self.json("\(root)/\(ns)/\(id)/config.json") as? [String: Any] {
                    info.type = info.type ?? "containerd"
                    _ = applyOCISpec(spec, &info, &k8s)
                    return true
                }
            }
        }
        return false
    }

    /// OCI runtime spec annotations written by CRI runtimes (containerd's `io.kubernetes.cri.*`,
    /// cri-o's `io.kubernetes.cri-o.*` and `io.kubernetes.*`).
    private func applyOCISpec(_ spec: [String: Any], _ info: inout ContainerInfo, _ k8s: inout K8sInfo?) -> Bool {
        guard let a = spec["annotations"] as? [String: String], !a.isEmpty else { return false }
        if let i = a["io.kubernetes.cri.image-name"] ?? a["io.kubernetes.cri-o.ImageName"] { info.image = i }
        if let n = a["io.kubernetes.cri.container-name"] ?? a["io.kubernetes.container.name"] { info.name = info.name ?? n }
        var labels = info.labels
        if let l = a["io.kubernetes.cri-o.Labels"], let d = try? JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: String] {
            labels.merge(d) { a, _ in a }
        }
        // Only the pod and container identity annotations are label-like (runtime bookkeeping
        // such as io.kubernetes.cri-o.TTY is not).
        for (k, v) in a where k.hasPrefix("io.kubernetes.pod.") || k.hasPrefix("io.kubernetes.container.") { labels[k] = labels[k] ?? v }
        info.labels = labels
        let pod = a["io.kubernetes.cri.sandbox-name"] ?? a["io.kubernetes.pod.name"]
        let ns = a["io.kubernetes.cri.sandbox-namespace"] ?? a["io.kubernetes.pod.namespace"]
        let uid = a["io.kubernetes.cri.sandbox-uid"] ?? a["io.kubernetes.pod.uid"]
        if pod != nil || ns != nil { k8s = K8sInfo(namespace: ns, podName: pod, podUID: uid) }
        return true
    }

    /// Kubernetes pod context from the labels the kubelet puts on containers.
    static func k8s(from labels: [String: String]) -> K8sInfo? {
        guard let pod = labels["io.kubernetes.pod.name"] else { return nil }
        return K8sInfo(namespace: labels["io.kubernetes.pod.namespace"], podName: pod, podUID: labels["io.kubernetes.pod.uid"])
    }
}

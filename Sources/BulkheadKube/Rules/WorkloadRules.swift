import BulkheadCore

/// Shared helpers for rules that look at a workload's containers.
extension PodTemplateView {
    /// `spec.template.spec.containers[0]`-style paths for each container.
    func path(_ c: (list: String, index: Int, node: KubeNode)) -> String { "\(specPath).\(c.list)[\(c.index)]" }

    /// Long-running containers (init and ephemeral containers have no probes).
    var appContainers: [(list: String, index: Int, node: KubeNode)] { containers.filter { $0.list == "containers" } }

    /// Containers the scheduler sizes the pod by: init and app containers (not ephemeral ones).
    var scheduledContainers: [(list: String, index: Int, node: KubeNode)] { containers.filter { $0.list != "ephemeralContainers" } }
}

func containerName(_ c: KubeNode) -> String { c["name"]?.string ?? "?" }

/// Builds rule metadata with the Kubernetes family's defaults.
func kubeRule(_ id: String, _ slug: String, _ title: String, _ severity: Severity, _ category: RuleCategory,
              rationale: String, fix: String, references: [Reference] = []) -> RuleMetadata {
    RuleMetadata(id: RuleID(id), slug: slug, title: title, severity: severity, category: category,
                 rationale: rationale, fix: fix, references: references,
                 examples: RuleExamples(triggering: [], passing: []))
}

/// A container rule: one check per container of a workload.
struct ContainerRule: KubeRule {
    enum Scope: Sendable { case all, scheduled, app }

    let metadata: RuleMetadata
    let scope: Scope
    let body: @Sendable (_ container: KubeNode, _ path: String, _ view: PodTemplateView, _ doc: KubeDocument) -> [KubeHit]

    func check(_ document: KubeDocument, in context: KubeContext) -> [KubeHit] {
        guard let view = document.podTemplate else { return [] }
        let list = switch scope {
        case .all: view.containers
        case .scheduled: view.scheduledContainers
        case .app: view.appContainers
        }
        return list.flatMap { body($0.node, view.path($0), view, document) }
    }
}

/// Image reference parts: tag (nil when absent) and whether a digest pins it.
func imageParts(_ image: String) -> (tag: String?, digest: Bool) {
    let digest = image.contains("@sha256:") || image.contains("@sha512:")
    let name = image.split(separator: "@").first.map(String.init) ?? image
    let lastSlash = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
    let tail = name[lastSlash...]
    guard let colon = tail.lastIndex(of: ":") else { return (nil, digest) }
    return (String(tail[tail.index(after: colon)...]), digest)
}

enum WorkloadRules {
    static let imageLatest = ContainerRule(metadata: kubeRule(
        "KS201", "image-tag-latest", "Container image uses 'latest' or no tag", .medium, .supplyChain,
        rationale: "An untagged or `latest` image changes under the workload: two pods of one Deployment can run different code, and rollbacks do not roll back.",
        fix: "Pin a release tag, better a digest (`image: nginx:1.27.1@sha256:…`).",
        references: [.checkov("CKV_K8S_14"), .trivy("KSV013"), .url("https://kube-score.com (container-image-tag)")]),
        scope: .all) { c, path, _, _ in
        guard let image = c["image"]?.string else { return [] }
        let parts = imageParts(image)
        guard !parts.digest, parts.tag == nil || parts.tag == "latest" else { return [] }
        return [KubeHit("container '\(containerName(c))' image '\(image)' \(parts.tag == nil ? "has no tag" : "uses the 'latest' tag")",
                        at: c["image"], path: path + ".image", fallback: c)]
    }

    static let imageDigest = ContainerRule(metadata: kubeRule(
        "KS202", "image-not-pinned-by-digest", "Container image is not pinned by digest", .info, .supplyChain,
        rationale: "A tag can be re-pushed; only a digest names exactly the image that was reviewed and scanned.",
        fix: "Reference the image by digest (`name:tag@sha256:…`).", references: [.checkov("CKV_K8S_43")]),
        scope: .all) { c, path, _, _ in
        guard let image = c["image"]?.string, !imageParts(image).digest else { return [] }
        return [KubeHit("container '\(containerName(c))' image '\(image)' is not pinned by digest", at: c["image"],
                        path: path + ".image", fallback: c)]
    }

    static let pullPolicy = ContainerRule(metadata: kubeRule(
        "KS203", "image-pull-policy-not-always", "imagePullPolicy is not Always for a mutable tag", .low, .supplyChain,
        rationale: "With a mutable tag and IfNotPresent, nodes keep running whatever they pulled first; Always makes the registry (and its admission checks) the source of truth.",
        fix: "Set `imagePullPolicy: Always`, or pin the image by digest.", references: [.checkov("CKV_K8S_15")]),
        scope: .all) { c, path, _, _ in
        guard let image = c["image"]?.string, !imageParts(image).digest else { return [] }
        let policy = c["imagePullPolicy"]?.string
        // Kubernetes defaults to Always only for `latest`/untagged images.
        let tag = imageParts(image).tag
        let effective = policy ?? ((tag == nil || tag == "latest") ? "Always" : "IfNotPresent")
        guard effective != "Always" else { return [] }
        return [KubeHit("container '\(containerName(c))' pulls '\(image)' with imagePullPolicy \(effective)",
                        at: c["imagePullPolicy"] ?? c["image"], path: path + ".imagePullPolicy", fallback: c)]
    }

    static func resourceRule(_ id: String, _ slug: String, kind: String, checkov: [String]) -> ContainerRule {
        ContainerRule(metadata: kubeRule(
            id, slug, "Container has no CPU or memory \(kind)", .low, .reliability,
            rationale: kind == "limits"
                ? "Without limits one container can starve its node's other pods of CPU or memory (a noisy or compromised neighbour)."
                : "Without requests the scheduler cannot place pods safely and the pod gets BestEffort QoS, evicted first.",
            fix: "Set `resources.\(kind).cpu` and `resources.\(kind).memory`.", references: checkov.map { .checkov($0) }),
                      scope: .scheduled) { c, path, _, _ in
            let r = c["resources"]?[kind]
            let missing = ["cpu", "memory"].filter { r?[$0] == nil || r?[$0]?.isNull == true }
            guard !missing.isEmpty else { return [] }
            return [KubeHit("container '\(containerName(c))' has no \(missing.joined(separator: " or ")) \(kind)",
                            at: c["resources"], path: path + ".resources.\(kind)", fallback: c)]
        }
    }

    static func probeRule(_ id: String, _ probe: String, checkov: String) -> ContainerRule {
        ContainerRule(metadata: kubeRule(
            id, "missing-\(probe.lowercased())-probe", "Container has no \(probe) probe", .low, .reliability,
            rationale: probe == "liveness"
                ? "Without a liveness probe a hung process keeps its pod Running and serving nothing."
                : "Without a readiness probe traffic reaches the pod before it can serve, and keeps reaching it when it cannot.",
            fix: "Add `\(probe)Probe` (httpGet, tcpSocket, exec or grpc).", references: [.checkov(checkov)]),
                      scope: .app) { c, path, _, doc in
            // Jobs and CronJobs run to completion: probes do not apply.
            guard doc.kind != "Job", doc.kind != "CronJob", c["\(probe)Probe"] == nil else { return [] }
            return [KubeHit("container '\(containerName(c))' has no \(probe)Probe", at: c, path: path, fallback: c)]
        }
    }

    static let readOnlyRoot = ContainerRule(metadata: kubeRule(
        "KS208", "writable-root-filesystem", "Container root filesystem is writable", .low, .privilege,
        rationale: "A writable root filesystem lets an intruder drop tools and persist changes inside the container.",
        fix: "Set `securityContext.readOnlyRootFilesystem: true` and mount emptyDir volumes where the app writes.",
        references: [.checkov("CKV_K8S_22"), .trivy("KSV014")]), scope: .all) { c, path, _, _ in
        guard c[path: "securityContext.readOnlyRootFilesystem"]?.bool != true else { return [] }
        return [KubeHit("container '\(containerName(c))' does not set readOnlyRootFilesystem: true",
                        at: c["securityContext"] ?? c, path: path + ".securityContext.readOnlyRootFilesystem", fallback: c)]
    }

    /// Capabilities that amount to root on the node or the network: flagged whatever the level.
    static let dangerousCapabilities: Set<String> = ["SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "NET_RAW",
                                                     "DAC_READ_SEARCH", "SYS_RAWIO", "BPF", "PERFMON", "ALL", "SYS_BOOT"]

    static let capabilities = ContainerRule(metadata: kubeRule(
        "KS209", "dangerous-capabilities", "Container adds a dangerous capability", .high, .privilege,
        rationale: "SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, BPF and friends let a process escape or attack its node and neighbours.",
        fix: "Drop ALL capabilities and add back only what the process needs (usually NET_BIND_SERVICE).",
        references: [.checkov("CKV_K8S_39"), .checkov("CKV_K8S_28"), .trivy("KSV005")]), scope: .all) { c, path, _, _ in
        let adds = c[path: "securityContext.capabilities.add"]?.items ?? []
        return adds.compactMap { cap in
            guard let name = cap.string?.uppercased(), dangerousCapabilities.contains(name.hasPrefix("CAP_") ? String(name.dropFirst(4)) : name)
            else { return nil }
            return KubeHit("container '\(containerName(c))' adds capability \(name)", at: cap,
                           path: path + ".securityContext.capabilities.add", fallback: c)
        }
    }

    static let all: [any KubeRule] = [
        imageLatest, imageDigest, pullPolicy,
        resourceRule("KS204", "missing-resource-limits", kind: "limits", checkov: ["CKV_K8S_11", "CKV_K8S_13"]),
        resourceRule("KS205", "missing-resource-requests", kind: "requests", checkov: ["CKV_K8S_10", "CKV_K8S_12"]),
        probeRule("KS206", "liveness", checkov: "CKV_K8S_8"),
        probeRule("KS207", "readiness", checkov: "CKV_K8S_9"),
        readOnlyRoot, capabilities,
    ]
}

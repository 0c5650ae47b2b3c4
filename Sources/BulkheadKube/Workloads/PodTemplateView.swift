/// The pod a workload runs, seen the same way whatever the kind: its spec, its metadata and
/// the field paths to both, so checks are written once (`containers[0].securityContext…`)
/// and findings name the real path (`spec.jobTemplate.spec.template.spec.containers[0]…`).
public struct PodTemplateView: Sendable, Hashable {
    public var specPath: String
    public var spec: KubeNode
    /// The pod's metadata (a template's `metadata`, or the Pod's own); nil when absent.
    public var metadata: KubeNode?
    public var metadataPath: String

    /// Where each kind keeps its pod (Pod and PodTemplate included).
    public static let podPaths: [String: String] = [
        "Pod": "",
        "PodTemplate": "template",
        "Deployment": "spec.template",
        "ReplicaSet": "spec.template",
        "StatefulSet": "spec.template",
        "DaemonSet": "spec.template",
        "Job": "spec.template",
        "ReplicationController": "spec.template",
        "CronJob": "spec.jobTemplate.spec.template",
    ]

    public init?(_ document: KubeDocument) {
        guard let base = Self.podPaths[document.kind] else { return nil }
        let pod = base.isEmpty ? document.root : document.root[path: base]
        guard let pod, let spec = pod["spec"], case .mapping = spec.value else { return nil }
        self.spec = spec
        specPath = base.isEmpty ? "spec" : base + ".spec"
        metadata = pod["metadata"]
        metadataPath = base.isEmpty ? "metadata" : base + ".metadata"
    }

    /// Every container with its list name and index: containers, initContainers, ephemeralContainers.
    public var containers: [(list: String, index: Int, node: KubeNode)] {
        var out: [(String, Int, KubeNode)] = []
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            for (i, c) in (spec[list]?.items ?? []).enumerated() { out.append((list, i, c)) }
        }
        return out
    }
}

extension KubeDocument {
    /// The pod this object runs, for workload kinds; nil otherwise.
    public var podTemplate: PodTemplateView? { PodTemplateView(self) }
}

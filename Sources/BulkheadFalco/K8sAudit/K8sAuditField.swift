// The catalogue of fields available on the `k8s_audit` event source: the falcosecurity
// k8saudit plugin's `ka.*` fields (exactly the plugin's field table: name, type, list flag,
// argument and description), the json plugin's `json.*` / `jevt.*` fields that the k8s audit
// rules use alongside them, and the two `jevt.time*` fields of Falco's pre-plugin built-in
// k8s audit support.

/// The value type of a field, as plugin field tables spell it.
public enum K8sFieldType: String, Sendable, Hashable, CaseIterable {
    case string
    case uint64
    case bool
    case abstime
}

/// What may follow a field name in brackets.
public enum K8sFieldArgument: String, Sendable, Hashable {
    /// No argument.
    case none
    /// A numeric index: digits only, no leading zero, representable on 64 bits.
    case index
    /// A free-form key (everything up to the first `]`).
    case key
}

/// Which component defines a field.
public enum K8sFieldProvider: String, Sendable, Hashable {
    /// The falcosecurity k8saudit plugin (`ka.*`).
    case k8saudit
    /// The falcosecurity json plugin (`json.*` and its `jevt.*` aliases).
    case json
    /// Falco's built-in k8s audit support before plugins (0.31 and older); kept for old rules.
    case legacyFalco
}

/// One field of the `k8s_audit` source.
public struct K8sAuditField: Sendable, Hashable {
    public let name: String
    public let type: K8sFieldType
    public let isList: Bool
    public let argument: K8sFieldArgument
    public let argumentRequired: Bool
    public let provider: K8sFieldProvider
    public let description: String

    public init(
        name: String, type: K8sFieldType, isList: Bool, argument: K8sFieldArgument, argumentRequired: Bool,
        provider: K8sFieldProvider, description: String
    ) {
        self.name = name
        self.type = type
        self.isList = isList
        self.argument = argument
        self.argumentRequired = argumentRequired
        self.provider = provider
        self.description = description
    }

    /// Whether an argument may be given (optional or required).
    public var takesArgument: Bool { argument != .none || argumentRequired }

    /// The type as the plugin README prints it: `string`, `string (list)`, ...
    public var typeDescription: String { isList ? "\(type.rawValue) (list)" : type.rawValue }

    /// The ARG column of the plugin README: `None`, `Index`, `Key, Required`, ...
    public var argumentDescription: String {
        switch argument {
        case .none: return argumentRequired ? "Required" : "None"
        case .index: return argumentRequired ? "Index, Required" : "Index"
        case .key: return argumentRequired ? "Key, Required" : "Key"
        }
    }
}

extension K8sAuditField {
    /// The k8saudit plugin's fields, in the plugin's order (plugins/k8saudit/pkg/k8saudit/fields.go,
    /// as listed in the plugin README's field table).
    public static let k8sauditPluginFields: [K8sAuditField] = [
        .init(name: "ka.auditid", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The unique id of the audit event"),
        .init(name: "ka.stage", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "Stage of the request (e.g. RequestReceived, ResponseComplete, etc.)"),
        .init(name: "ka.auth.decision", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The authorization decision"),
        .init(name: "ka.auth.reason", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The authorization reason"),
        .init(name: "ka.auth.openshift.decision", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The authentication decision of the openshfit apiserver extention. Only available on openshift clusters"),
        .init(name: "ka.validations.admission.policy.failure", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The validation failure reason from a Validation Admission Policy"),
        .init(name: "ka.security.pod.violations", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The violation reason for pod security policy"),
        .init(name: "ka.auth.openshift.username", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The user name performing the openshift authentication operation. Only available on openshift clusters"),
        .init(name: "ka.user.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The user name performing the request"),
        .init(name: "ka.user.groups", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The groups to which the user belongs"),
        .init(name: "ka.impuser.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The impersonated user name"),
        .init(name: "ka.verb", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The action being performed"),
        .init(name: "ka.uri", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The request URI as sent from client to server"),
        .init(name: "ka.uri.param", type: .string, isList: false, argument: .key, argumentRequired: true, provider: .k8saudit,
              description: "The value of a given query parameter in the uri (e.g. when uri=/foo?key=val, ka.uri.param[key] is val)."),
        .init(name: "ka.target.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The target object name"),
        .init(name: "ka.target.namespace", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The target object namespace"),
        .init(name: "ka.target.resource", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The target object resource"),
        .init(name: "ka.target.subresource", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The target object subresource"),
        .init(name: "ka.target.pod.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The target pod name"),
        .init(name: "ka.req.binding.subjects", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a cluster role binding, the subject (e.g. account/users) being linked by the binding"),
        .init(name: "ka.req.binding.subjects.user_names", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a cluster role binding, the subject user names being linked by the binding"),
        .init(name: "ka.req.binding.subjects.serviceaccount_names", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a cluster role binding, the subject service account names being linked by the binding"),
        .init(name: "ka.req.binding.subjects.serviceaccount_ns_names", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a cluster role binding, the subject serviceaccount namespaced names being linked by the binding, e.g. a list containing: mynamespace:myserviceaccount"),
        .init(name: "ka.req.binding.subjects.group_names", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a cluster role binding, the subject group names being linked by the binding"),
        .init(name: "ka.req.binding.role", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a cluster role binding, the role being linked by the binding"),
        .init(name: "ka.req.binding.subject.has_name", type: .string, isList: false, argument: .key, argumentRequired: true, provider: .k8saudit,
              description: "Deprecated, always returns \"N/A\". Only provided for backwards compatibility"),
        .init(name: "ka.req.configmap.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "If the request object refers to a configmap, the configmap name"),
        .init(name: "ka.req.configmap.obj", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "If the request object refers to a configmap, the entire configmap object"),
        .init(name: "ka.req.pod.containers.args", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the container's args."),
        .init(name: "ka.req.pod.containers.command", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the container's command."),
        .init(name: "ka.req.pod.containers.name", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the container's names."),
        .init(name: "ka.req.pod.containers.image", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the container's images."),
        .init(name: "ka.req.container.image", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "Deprecated by ka.req.pod.containers.image. Returns the image of the first container only"),
        .init(name: "ka.req.pod.containers.image.repository", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "The same as req.container.image, but only the repository part (e.g. falcosecurity/falco)."),
        .init(name: "ka.req.container.image.repository", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "Deprecated by ka.req.pod.containers.image.repository. Returns the repository of the first container only"),
        .init(name: "ka.req.pod.host_ipc", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the hostIPC flag."),
        .init(name: "ka.req.pod.host_network", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the hostNetwork flag."),
        .init(name: "ka.req.container.host_network", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "Deprecated alias for ka.req.pod.host_network"),
        .init(name: "ka.req.pod.host_pid", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the hostPID flag."),
        .init(name: "ka.req.pod.containers.host_port", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, all container's hostPort values."),
        .init(name: "ka.req.pod.containers.privileged", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the privileged flag for all containers."),
        .init(name: "ka.req.container.privileged", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "Deprecated by ka.req.pod.containers.privileged. Returns true if any container has privileged=true"),
        .init(name: "ka.req.pod.containers.allow_privilege_escalation", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the allowPrivilegeEscalation flag for all containers"),
        .init(name: "ka.req.pod.containers.read_only_fs", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the readOnlyRootFilesystem flag for all containers"),
        .init(name: "ka.req.pod.run_as_user", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsUser uid specified in the security context for the pod. See ....containers.run_as_user for the runAsUser for individual containers"),
        .init(name: "ka.req.pod.containers.run_as_user", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsUser uid for all containers"),
        .init(name: "ka.req.pod.containers.eff_run_as_user", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the initial uid that will be used for all containers. This combines information from both the pod and container security contexts and uses 0 if no uid is specified"),
        .init(name: "ka.req.pod.run_as_group", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsGroup gid specified in the security context for the pod. See ....containers.run_as_group for the runAsGroup for individual containers"),
        .init(name: "ka.req.pod.containers.run_as_group", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsGroup gid for all containers"),
        .init(name: "ka.req.pod.containers.eff_run_as_group", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the initial gid that will be used for all containers. This combines information from both the pod and container security contexts and uses 0 if no gid is specified"),
        .init(name: "ka.req.pod.containers.proc_mount", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the procMount types for all containers"),
        .init(name: "ka.req.role.rules", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a role/cluster role, the rules associated with the role"),
        .init(name: "ka.req.role.rules.apiGroups", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a role/cluster role, the api groups associated with the role's rules"),
        .init(name: "ka.req.role.rules.nonResourceURLs", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a role/cluster role, the non resource urls associated with the role's rules"),
        .init(name: "ka.req.role.rules.verbs", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a role/cluster role, the verbs associated with the role's rules"),
        .init(name: "ka.req.role.rules.resources", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a role/cluster role, the resources associated with the role's rules"),
        .init(name: "ka.req.pod.fs_group", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the fsGroup gid specified by the security context."),
        .init(name: "ka.req.pod.supplemental_groups", type: .string, isList: true, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the supplementalGroup gids specified by the security context."),
        .init(name: "ka.req.pod.containers.add_capabilities", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, all capabilities to add when running the container."),
        .init(name: "ka.req.service.type", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a service, the service type"),
        .init(name: "ka.req.service.ports", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a service, the service's ports"),
        .init(name: "ka.req.pod.volumes.hostpath", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, all hostPath paths specified for all volumes"),
        .init(name: "ka.req.volume.hostpath", type: .string, isList: false, argument: .key, argumentRequired: true, provider: .k8saudit,
              description: "Deprecated by ka.req.pod.volumes.hostpath. Return true if the provided (host) path prefix is used by any volume"),
        .init(name: "ka.req.pod.volumes.flexvolume_driver", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, all flexvolume drivers specified for all volumes"),
        .init(name: "ka.req.pod.volumes.volume_type", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, all volume types for all volumes"),
        .init(name: "ka.resp.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The response object name"),
        .init(name: "ka.response.code", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The response code"),
        .init(name: "ka.response.reason", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The response reason (usually present only for failures)"),
        .init(name: "ka.useragent", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The useragent of the client who made the request to the apiserver"),
        .init(name: "ka.sourceips", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "The IP addresses of the client who made the request to the apiserver"),
        .init(name: "ka.cluster.name", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .k8saudit,
              description: "The name of the k8s cluster"),
        .init(name: "ka.req.pod.initContainers.name", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the init containers names."),
        .init(name: "ka.req.pod.initContainers.image", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the init containers images."),
        .init(name: "ka.req.pod.initContainers.image.repository", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "The same as ka.req.pod.initContainers.image, but only the repository part (e.g. falcosecurity/falco)."),
        .init(name: "ka.req.pod.initContainers.command", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the init containers commands."),
        .init(name: "ka.req.pod.initContainers.args", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the init containers args."),
        .init(name: "ka.req.pod.initContainers.privileged", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the privileged flag for all init containers."),
        .init(name: "ka.req.pod.initContainers.allow_privilege_escalation", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the allowPrivilegeEscalation flag for all init containers."),
        .init(name: "ka.req.pod.initContainers.read_only_fs", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the readOnlyRootFilesystem flag for all init containers."),
        .init(name: "ka.req.pod.initContainers.run_as_user", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsUser uid for all init containers."),
        .init(name: "ka.req.pod.initContainers.eff_run_as_user", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the initial uid that will be used for all init containers. This combines information from both the pod and container security contexts and uses 0 if no uid is specified."),
        .init(name: "ka.req.pod.initContainers.run_as_group", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsGroup gid for all init containers."),
        .init(name: "ka.req.pod.initContainers.eff_run_as_group", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the initial gid that will be used for all init containers. This combines information from both the pod and container security contexts and uses 0 if no gid is specified."),
        .init(name: "ka.req.pod.initContainers.proc_mount", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the procMount type for all init containers."),
        .init(name: "ka.req.pod.initContainers.add_capabilities", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the capabilities added for all init containers."),
        .init(name: "ka.req.pod.initContainers.host_port", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, all init containers hostPort values."),
        .init(name: "ka.req.pod.ephemeralContainers.name", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the ephemeral containers names."),
        .init(name: "ka.req.pod.ephemeralContainers.image", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the ephemeral containers images."),
        .init(name: "ka.req.pod.ephemeralContainers.image.repository", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "The same as ka.req.pod.ephemeralContainers.image, but only the repository part (e.g. falcosecurity/falco)."),
        .init(name: "ka.req.pod.ephemeralContainers.command", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the ephemeral containers commands."),
        .init(name: "ka.req.pod.ephemeralContainers.args", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the ephemeral containers args."),
        .init(name: "ka.req.pod.ephemeralContainers.privileged", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the privileged flag for all ephemeral containers."),
        .init(name: "ka.req.pod.ephemeralContainers.allow_privilege_escalation", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the allowPrivilegeEscalation flag for all ephemeral containers."),
        .init(name: "ka.req.pod.ephemeralContainers.read_only_fs", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the value of the readOnlyRootFilesystem flag for all ephemeral containers."),
        .init(name: "ka.req.pod.ephemeralContainers.run_as_user", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsUser uid for all ephemeral containers."),
        .init(name: "ka.req.pod.ephemeralContainers.eff_run_as_user", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the initial uid that will be used for all ephemeral containers. This combines information from both the pod and container security contexts and uses 0 if no uid is specified."),
        .init(name: "ka.req.pod.ephemeralContainers.run_as_group", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the runAsGroup gid for all ephemeral containers."),
        .init(name: "ka.req.pod.ephemeralContainers.eff_run_as_group", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the initial gid that will be used for all ephemeral containers. This combines information from both the pod and container security contexts and uses 0 if no gid is specified."),
        .init(name: "ka.req.pod.ephemeralContainers.proc_mount", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the procMount type for all ephemeral containers."),
        .init(name: "ka.req.pod.ephemeralContainers.add_capabilities", type: .string, isList: true, argument: .index, argumentRequired: false, provider: .k8saudit,
              description: "When the request object refers to a pod, the capabilities added for all ephemeral containers."),
    ]

    /// The json plugin's fields (plugins/json/pkg/json/json.go), which k8s audit rules use for
    /// `jevt.value[...]`, `jevt.obj` and `jevt.rawtime`.
    public static let jsonPluginFields: [K8sAuditField] = [
        .init(name: "json.value", type: .string, isList: false, argument: .key, argumentRequired: true, provider: .json,
              description: "Extracts a value from a JSON-encoded input. Syntax is json.value[<json pointer>], where <json pointer> is a json pointer (see https://datatracker.ietf.org/doc/html/rfc6901)"),
        .init(name: "json.obj", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .json,
              description: "The full json message as a text string."),
        .init(name: "json.rawtime", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .json,
              description: "The time of the event, identical to evt.rawtime."),
        .init(name: "jevt.value", type: .string, isList: false, argument: .key, argumentRequired: true, provider: .json,
              description: "Alias for json.value, provided for backwards compatibility."),
        .init(name: "jevt.obj", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .json,
              description: "Alias for json.obj, provided for backwards compatibility."),
        .init(name: "jevt.rawtime", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .json,
              description: "Alias for json.rawtime, provided for backwards compatibility."),
    ]

    /// Fields of Falco's pre-plugin `jevt` filter check that the json plugin does not provide.
    public static let legacyFalcoFields: [K8sAuditField] = [
        .init(name: "jevt.time", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .legacyFalco,
              description: "json event timestamp as a string that includes the nanosecond part"),
        .init(name: "jevt.time.iso8601", type: .string, isList: false, argument: .none, argumentRequired: false, provider: .legacyFalco,
              description: "json event timestamp in ISO 8601 format, including nanoseconds and time zone offset (in UTC)"),
    ]

    /// Every field of the `k8s_audit` source: k8saudit, then json, then legacy.
    public static let all: [K8sAuditField] = k8sauditPluginFields + jsonPluginFields + legacyFalcoFields

    /// Fields by exact name.
    public static let byName: [String: K8sAuditField] = {
        var d: [String: K8sAuditField] = [:]
        for f in all where d[f.name] == nil { d[f.name] = f }
        return d
    }()

    /// The field with this exact name (no argument), or nil.
    public static func named(_ name: String) -> K8sAuditField? { byName[name] }
}

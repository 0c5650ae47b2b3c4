// Field extraction for the `k8s_audit` source, reproducing the falcosecurity k8saudit plugin
// (plugins/k8saudit/pkg/k8saudit/extract.go, fastjson-based) and json plugin
// (plugins/json/pkg/json/json.go) value by value, plus how libsinsp consumes plugin results
// (userspace/libsinsp/plugin_filtercheck.cpp: a result with zero values is "<NA>", C strings
// end at the first NUL).

/// A value extracted from an audit event.
public enum K8sFieldValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(UInt64)
    case bool(Bool)
    /// A list field's values, each rendered as a string (JSON scalars as their JSON text:
    /// `true`, `false`, numbers in their literal decimal spelling; objects and arrays as
    /// compact JSON).
    case list([String])

    /// The values as strings (a scalar gives one element).
    public var strings: [String] {
        switch self {
        case .string(let s): return [s]
        case .number(let n): return [String(n)]
        case .bool(let b): return [b ? "true" : "false"]
        case .list(let l): return l
        }
    }

    /// Rendered as Falco prints field values in outputs (libsinsp `sinsp_filter_check::tostring`):
    /// scalars as is, lists as `(a,b,c)`. As there, a comma is only written once something
    /// has been written, so leading empty values leave no trace: `["", "x"]` prints `(x)`.
    public var description: String {
        switch self {
        case .list(let l):
            var res = "("
            for v in l {
                if res.utf8.count > 1 { res += "," }
                res += v
            }
            return res + ")"
        default:
            return strings[0]
        }
    }
}

/// A field reference rejected when rules are loaded; `message` is worded as libsinsp words it.
public struct K8sFieldReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { message }
}

/// A field reference checked and prepared once (at rule load), then extracted per event.
public struct K8sCompiledField: Sendable, Hashable {
    public let field: K8sAuditField
    /// The bracketed argument as written, if any.
    public let argument: String?
    /// The parsed numeric argument of an index field.
    public let index: UInt64?
    let operation: K8sAuditExtractor.Operation

    /// The value as Falco sees it: nil for "<NA>" (absent, not extractable, wrong type, or a
    /// list with no elements).
    public func extract(from event: K8sAuditEvent) -> K8sFieldValue? {
        K8sAuditExtractor.falcoView(pluginValue(from: event))
    }

    /// The value as Falco sees it, from a bare JSON event (the event time, when needed, comes
    /// from `stageTimestamp` as the k8saudit plugin derives it; the payload for `jevt.obj`
    /// is the compact re-serialisation).
    public func extract(from json: JSONValue) -> K8sFieldValue? {
        K8sAuditExtractor.falcoView(pluginValue(from: json))
    }

    /// What the plugin itself sets, keeping the difference between "nothing set" (nil) and
    /// an empty list (`.list([])`), which libsinsp then treats alike.
    public func pluginValue(from event: K8sAuditEvent) -> K8sFieldValue? {
        K8sAuditExtractor.run(self, K8sAuditExtractor.Context(json: event.json, timestamp: event.timestamp, payload: event.payload))
    }

    public func pluginValue(from json: JSONValue) -> K8sFieldValue? {
        K8sAuditExtractor.run(self, K8sAuditExtractor.Context(json: json, timestamp: nil, payload: nil))
    }
}

public enum K8sAuditExtractor {
    // MARK: Public API

    /// Extracts `field` (with its bracketed `argument`, if any) from a k8s audit event as
    /// Falco would see it. Returns nil for "<NA>": the field is unknown or misused (see
    /// ``resolve(field:argument:)``), the value is absent, has a type the plugin rejects, or
    /// is a list with no elements.
    public static func extract(field: String, argument: String?, from event: JSONValue) -> K8sFieldValue? {
        guard let compiled = try? compile(field: field, argument: argument) else { return nil }
        return compiled.extract(from: event)
    }

    /// Same as the `JSONValue` overload, with the event's own time and
    /// payload (for `jevt.rawtime`, `jevt.time*`, `jevt.obj`).
    public static func extract(field: String, argument: String?, from event: K8sAuditEvent) -> K8sFieldValue? {
        guard let compiled = try? compile(field: field, argument: argument) else { return nil }
        return compiled.extract(from: event)
    }

    /// What the plugin sets before libsinsp looks at it: `.list([])` where the plugin sets an
    /// empty list (Falco shows those as "<NA>" too), nil where it sets nothing.
    public static func pluginExtract(field: String, argument: String?, from event: JSONValue) -> K8sFieldValue? {
        guard let compiled = try? compile(field: field, argument: argument) else { return nil }
        return compiled.pluginValue(from: event)
    }

    /// Validates a field reference at load time. Returns nil when no field has this name;
    /// throws when the argument is missing, not allowed, or not a valid index, with libsinsp's
    /// wording (e.g. `filter 'ka.uri.param': ka.uri.param requires an argument but none provided`).
    public static func resolve(field: String, argument: String?) throws(K8sFieldReferenceError) -> K8sAuditField? {
        try compile(field: field, argument: argument)?.field
    }

    /// Parses and validates a reference written as in a rule, `name` or `name[argument]`.
    /// Returns nil for an unknown field name or text after the closing bracket.
    public static func resolve(reference: String) throws(K8sFieldReferenceError) -> K8sCompiledField? {
        let u = Array(reference.utf8)
        guard let open = u.firstIndex(of: UInt8(ascii: "[")) else {
            return try compile(field: reference, argument: nil)
        }
        let name = String(decoding: u[..<open], as: UTF8.self)
        guard let field = K8sAuditField.named(name) else { return nil }
        if open + 1 >= u.count {
            throw K8sFieldReferenceError(
                field: name, message: "filter '\(reference)': \(name) terminates with incomplete argument brackets")
        }
        guard let close = u[(open + 1)...].firstIndex(of: UInt8(ascii: "]")) else {
            throw K8sFieldReferenceError(
                field: name, message: "filter '\(reference)': \(name) has unbalanced argument brackets")
        }
        guard close == u.count - 1 else { return nil }
        let arg = String(decoding: u[(open + 1)..<close], as: UTF8.self)
        return try compile(field, argument: arg)
    }

    /// Resolves and prepares a field reference for repeated extraction.
    public static func compile(field: String, argument: String?) throws(K8sFieldReferenceError) -> K8sCompiledField? {
        guard let f = K8sAuditField.named(field) else { return nil }
        return try compile(f, argument: argument)
    }

    static func compile(_ f: K8sAuditField, argument: String?) throws(K8sFieldReferenceError) -> K8sCompiledField {
        let written = argument.map { "\(f.name)[\($0)]" } ?? f.name
        var index: UInt64? = nil
        if let argument {
            guard f.takesArgument else {
                throw K8sFieldReferenceError(
                    field: f.name,
                    message: "filter '\(written)': \(f.name) does not allow nor require an argument but one is provided: \(argument)")
            }
            if f.argument == .index {
                index = try parseIndexArgument(argument, field: f.name, written: written)
            }
        } else if f.argumentRequired {
            throw K8sFieldReferenceError(
                field: f.name, message: "filter '\(written)': \(f.name) requires an argument but none provided")
        }
        guard let op = operation(for: f.name) else {
            // Every catalogued field has an operation; keep this total anyway.
            throw K8sFieldReferenceError(field: f.name, message: "unsupported extraction field: \(f.name)")
        }
        return K8sCompiledField(field: f, argument: argument, index: index, operation: op)
    }

    /// libsinsp's `extract_arg_index`: digits only, no leading zero, fits 64 bits.
    static func parseIndexArgument(_ arg: String, field: String, written: String) throws(K8sFieldReferenceError) -> UInt64 {
        let u = Array(arg.utf8)
        var problem: String? = nil
        if u.isEmpty || (u.count > 1 && u[0] == UInt8(ascii: "0")) {
            problem = " has an invalid index argument starting with 0: "
        }
        if u.contains(where: { $0 < 0x30 || $0 > 0x39 }) {
            problem = " has an invalid index argument not composed only by digits: "
        }
        if problem == nil {
            if let v = UInt64(arg) { return v }
            problem = " has an invalid index argument not representable on 64 bit: "
        }
        throw K8sFieldReferenceError(field: field, message: "filter \(written) \(field)\(problem!)\(arg)")
    }

    // MARK: Operations

    enum ContainerAttribute: Sendable, Hashable {
        case args, command, name, image, imageRepository, hostPort
        /// `securityContext` sub-path values, nils skipped.
        case values([String])
        /// `eff_run_as_user` / `eff_run_as_group`.
        case effective(String)
    }

    enum Operation: Sendable, Hashable {
        /// `extractFromKeys`: the value at a key path, as a string (or each array element).
        case keys([String], list: Bool)
        case uriParam
        case targetPodName
        case subjectNames(kind: String, namespaced: Bool)
        case alwaysTrue
        case firstContainerImage
        case firstContainerRepository
        case anyContainerPrivileged
        /// `extractRulesField`: `requestObject.rules[*].<key>` arrays, flattened.
        case rulesField(String)
        /// `getValuesRecursive` then `arrayAsStringsSkipNil`.
        case recursiveValues([String])
        case volumeHostpathMatch
        case volumeTypes
        case container(list: String, ContainerAttribute)
        case jsonValue, jsonObject, jsonRawTime, legacyTime, legacyTimeISO8601
    }

    static func operation(for name: String) -> Operation? {
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            let prefix = "ka.req.pod.\(list)."
            if name.hasPrefix(prefix) {
                let attr: ContainerAttribute
                switch name.dropFirst(prefix.count) {
                case "args": attr = .args
                case "command": attr = .command
                case "name": attr = .name
                case "image": attr = .image
                case "image.repository": attr = .imageRepository
                case "host_port": attr = .hostPort
                case "privileged": attr = .values(["securityContext", "privileged"])
                case "allow_privilege_escalation": attr = .values(["securityContext", "allowPrivilegeEscalation"])
                case "read_only_fs": attr = .values(["securityContext", "readOnlyRootFilesystem"])
                case "run_as_user": attr = .values(["securityContext", "runAsUser"])
                case "run_as_group": attr = .values(["securityContext", "runAsGroup"])
                case "proc_mount": attr = .values(["securityContext", "procMount"])
                case "add_capabilities": attr = .values(["securityContext", "capabilities", "add"])
                case "eff_run_as_user": attr = .effective("runAsUser")
                case "eff_run_as_group": attr = .effective("runAsGroup")
                default: return nil
                }
                return .container(list: list, attr)
            }
        }
        switch name {
        case "ka.auditid": return .keys(["auditID"], list: false)
        case "ka.stage": return .keys(["stage"], list: false)
        case "ka.auth.decision": return .keys(["annotations", "authorization.k8s.io/decision"], list: false)
        case "ka.auth.reason": return .keys(["annotations", "authorization.k8s.io/reason"], list: false)
        case "ka.auth.openshift.decision": return .keys(["annotations", "authentication.openshift.io/decision"], list: false)
        case "ka.auth.openshift.username": return .keys(["annotations", "authentication.openshift.io/username"], list: false)
        case "ka.validations.admission.policy.failure":
            return .keys(["annotations", "validation.policy.admission.k8s.io/validation_failure"], list: false)
        case "ka.security.pod.violations": return .keys(["annotations", "pod-security.kubernetes.io/audit-violations"], list: false)
        case "ka.user.name": return .keys(["user", "username"], list: false)
        case "ka.user.groups": return .keys(["user", "groups"], list: true)
        case "ka.impuser.name": return .keys(["impersonatedUser", "username"], list: false)
        case "ka.verb": return .keys(["verb"], list: false)
        case "ka.uri": return .keys(["requestURI"], list: false)
        case "ka.uri.param": return .uriParam
        case "ka.target.name": return .keys(["objectRef", "name"], list: false)
        case "ka.target.namespace": return .keys(["objectRef", "namespace"], list: false)
        case "ka.target.resource": return .keys(["objectRef", "resource"], list: false)
        case "ka.target.subresource": return .keys(["objectRef", "subresource"], list: false)
        case "ka.target.pod.name": return .targetPodName
        case "ka.req.binding.subjects": return .keys(["requestObject", "subjects"], list: true)
        case "ka.req.binding.subjects.user_names": return .subjectNames(kind: "User", namespaced: false)
        case "ka.req.binding.subjects.serviceaccount_names": return .subjectNames(kind: "ServiceAccount", namespaced: false)
        case "ka.req.binding.subjects.serviceaccount_ns_names": return .subjectNames(kind: "ServiceAccount", namespaced: true)
        case "ka.req.binding.subjects.group_names": return .subjectNames(kind: "Group", namespaced: false)
        case "ka.req.binding.role": return .keys(["requestObject", "roleRef", "name"], list: false)
        case "ka.req.binding.subject.has_name": return .alwaysTrue
        case "ka.req.configmap.name": return .keys(["objectRef", "name"], list: false)
        case "ka.req.configmap.obj": return .keys(["requestObject", "data"], list: false)
        case "ka.req.container.image": return .firstContainerImage
        case "ka.req.container.image.repository": return .firstContainerRepository
        case "ka.req.pod.host_ipc": return .keys(["requestObject", "spec", "hostIPC"], list: false)
        case "ka.req.pod.host_network", "ka.req.container.host_network":
            return .keys(["requestObject", "spec", "hostNetwork"], list: false)
        case "ka.req.pod.host_pid": return .keys(["requestObject", "spec", "hostPID"], list: false)
        case "ka.req.container.privileged": return .anyContainerPrivileged
        case "ka.req.pod.run_as_user": return .keys(["requestObject", "spec", "securityContext", "runAsUser"], list: false)
        case "ka.req.pod.run_as_group": return .keys(["requestObject", "spec", "securityContext", "runAsGroup"], list: false)
        case "ka.req.role.rules": return .keys(["requestObject", "rules"], list: true)
        case "ka.req.role.rules.apiGroups": return .rulesField("apiGroups")
        case "ka.req.role.rules.nonResourceURLs": return .rulesField("nonResourceURLs")
        case "ka.req.role.rules.verbs": return .rulesField("verbs")
        case "ka.req.role.rules.resources": return .rulesField("resources")
        case "ka.req.pod.fs_group": return .keys(["requestObject", "spec", "securityContext", "fsGroup"], list: false)
        case "ka.req.pod.supplemental_groups":
            return .keys(["requestObject", "spec", "securityContext", "supplementalGroups"], list: true)
        case "ka.req.service.type": return .keys(["requestObject", "spec", "type"], list: false)
        case "ka.req.service.ports": return .recursiveValues(["requestObject", "spec", "ports"])
        case "ka.req.volume.hostpath": return .volumeHostpathMatch
        case "ka.req.pod.volumes.hostpath": return .recursiveValues(["requestObject", "spec", "volumes", "hostPath", "path"])
        case "ka.req.pod.volumes.flexvolume_driver":
            return .recursiveValues(["requestObject", "spec", "volumes", "flexVolume", "driver"])
        case "ka.req.pod.volumes.volume_type": return .volumeTypes
        case "ka.resp.name": return .keys(["responseObject", "metadata", "name"], list: false)
        case "ka.response.code": return .keys(["responseStatus", "code"], list: false)
        case "ka.response.reason": return .keys(["responseStatus", "reason"], list: false)
        case "ka.useragent": return .keys(["userAgent"], list: false)
        // Plugin behaviour kept as is: extract.go routes ka.sourceips through extractRulesField,
        // which reads requestObject.rules[*].sourceIPs, not the event's top-level sourceIPs.
        case "ka.sourceips": return .rulesField("sourceIPs")
        case "ka.cluster.name": return .keys(["annotations", "cluster_name"], list: false)
        case "json.value", "jevt.value": return .jsonValue
        case "json.obj", "jevt.obj": return .jsonObject
        case "json.rawtime", "jevt.rawtime": return .jsonRawTime
        case "jevt.time": return .legacyTime
        case "jevt.time.iso8601": return .legacyTimeISO8601
        default: return nil
        }
    }

    // MARK: Evaluation

    struct Context {
        let json: JSONValue
        let timestamp: UInt64?
        let payload: [UInt8]?

        var eventTime: UInt64? { timestamp ?? K8sAuditReader.eventTime(of: json) }
    }

    /// libsinsp's view: zero values → "<NA>".
    static func falcoView(_ v: K8sFieldValue?) -> K8sFieldValue? {
        if case .list(let l)? = v, l.isEmpty { return nil }
        return v
    }

    /// A C string as libsinsp reads it back (`strlen`): cut at the first NUL.
    @inline(__always)
    static func cString(_ s: String) -> String {
        guard let nul = s.utf8.firstIndex(of: 0) else { return s }
        return String(s[..<nul])
    }

    static func scalar(_ s: String) -> K8sFieldValue { .string(cString(s)) }
    static func list(_ l: [String]) -> K8sFieldValue { .list(l.map(cString)) }

    static func run(_ c: K8sCompiledField, _ ctx: Context) -> K8sFieldValue? {
        let ev = ctx.json
        switch c.operation {
        case .jsonValue: return jsonPointerValue(ev, c.argument ?? "", payload: ctx.payload)
        case .jsonObject:
            let bytes = ctx.payload ?? ev.jsonBytes
            return scalar(JSONText.goIndent(bytes))
        case .jsonRawTime:
            guard let t = ctx.eventTime else { return nil }
            return .string(String(t))
        case .legacyTime:
            guard let t = ctx.eventTime else { return nil }
            return .string(K8sAuditTime.formatClock(t))
        case .legacyTimeISO8601:
            guard let t = ctx.eventTime else { return nil }
            return .string(K8sAuditTime.formatISO8601(t))
        default:
            break
        }

        // ExtractFromJSON: events without an auditID key are not k8s audit events.
        guard goGet(ev, "auditID") != nil else { return nil }

        // argIndexFilter: the index when an argument is present, else "no filter". Key
        // arguments leave libsinsp's arg_index at 0, so they filter on index 0.
        let indexFilter: IndexFilter
        if c.argument != nil {
            guard let f = IndexFilter(goIntConversionOf: c.index ?? 0) else { return nil }
            indexFilter = f
        } else {
            indexFilter = .all
        }

        switch c.operation {
        case .keys(let keys, let isList):
            guard let v = goGet(ev, keys) else { return nil }
            if isList {
                guard case .array(let elements) = v else { return nil }
                return list(elements.map(asString))
            }
            return scalar(asString(v))

        case .uriParam:
            guard let uri = goGet(ev, "requestURI") else { return nil }
            guard let query = GoURL.rawQuery(ofURL: asString(uri)),
                let values = GoURL.parseQuery(query)
            else { return nil }
            guard let first = values[c.argument ?? ""]?.first else { return nil }
            return scalar(first)

        case .targetPodName:
            let resource = goGet(ev, ["objectRef", "resource"])?.stringValue ?? ""
            let subresource = goGet(ev, ["objectRef", "subresource"])?.stringValue ?? ""
            guard resource == "pods", subresource.isEmpty else { return nil }
            guard let v = goGet(ev, ["responseObject", "metadata", "name"]) else { return nil }
            return scalar(asString(v))

        case .subjectNames(let kind, let namespaced):
            guard let subjects = goGet(ev, ["requestObject", "subjects"]) else { return .list([]) }
            guard case .array(let array) = subjects else { return nil }
            var names: [String] = []
            for subject in array {
                guard let k = goGet(subject, "kind"), let n = goGet(subject, "name") else { continue }
                guard asString(k) == kind else { continue }
                var name = asString(n)
                if namespaced {
                    guard let ns = goGet(subject, "namespace") else { continue }
                    name = asString(ns) + ":" + name
                }
                names.append(name)
            }
            return list(names)

        case .alwaysTrue:
            return .string("true")

        case .firstContainerImage:
            guard let images = containerStrings(ev, "containers", .index(0), "image"), let first = images.first else {
                return nil
            }
            return scalar(first)

        case .firstContainerRepository:
            guard let images = containerStrings(ev, "containers", .index(0), "image"), let first = images.first else {
                return nil
            }
            return scalar(repository(of: first))

        case .anyContainerPrivileged:
            guard let values = valuesRecursive(ev, .all, ["requestObject", "spec", "containers", "securityContext", "privileged"][...])
            else { return nil }
            for v in values {
                if case .bool(true)? = v { return .string("true") }
            }
            return .string("false")

        case .rulesField(let key):
            guard let values = valuesRecursive(ev, indexFilter, ["requestObject", "rules", key][...]) else { return nil }
            var out: [String] = []
            for v in values {
                if case .array(let elements)? = v { out.append(contentsOf: elements.map(asString)) }
            }
            return list(out)

        case .recursiveValues(let keys):
            guard let values = valuesRecursive(ev, indexFilter, keys[...]) else { return nil }
            return list(values.compactMap { $0.map(asString) })

        case .volumeHostpathMatch:
            guard let values = valuesRecursive(ev, indexFilter, ["requestObject", "spec", "volumes", "hostPath", "path"][...])
            else { return nil }
            let arg = c.argument ?? ""
            let isPrefix = arg.hasSuffix("*")
            let prefix = isPrefix ? String(arg.dropLast()) : arg
            for v in values.compactMap({ $0.map(asString) }) {
                if (isPrefix && v.hasPrefix(prefix)) || v == arg { return .string("true") }
            }
            return .string("false")

        case .volumeTypes:
            guard let values = valuesRecursive(ev, indexFilter, ["requestObject", "spec", "volumes", ""][...]) else {
                return nil
            }
            var out: [String] = []
            for v in values {
                if case .object(let o)? = v {
                    for m in o.members where m.key != "name" { out.append(m.key) }
                }
            }
            return list(out)

        case .container(let listName, let attr):
            return containerField(ev, listName, indexFilter, attr)

        case .jsonValue, .jsonObject, .jsonRawTime, .legacyTime, .legacyTimeISO8601:
            return nil  // handled above
        }
    }

    static func containerField(_ ev: JSONValue, _ listName: String, _ filter: IndexFilter, _ attr: ContainerAttribute)
        -> K8sFieldValue?
    {
        switch attr {
        case .args, .command:
            let key = attr == .args ? "args" : "command"
            guard let perContainer = containerValues(ev, listName, filter, [key]) else { return nil }
            var joined: [String] = []
            for v in perContainer {
                guard let v else { continue }
                guard case .array(let parts) = v else { return nil }
                var words: [String] = []
                for p in parts {
                    guard case .string(let s) = p else { return nil }
                    words.append(s)
                }
                joined.append(words.joined(separator: " "))
            }
            if joined.isEmpty { return nil }
            return list(joined)
        case .name:
            guard let names = containerStrings(ev, listName, filter, "name") else { return nil }
            return list(names)
        case .image:
            guard let images = containerStrings(ev, listName, filter, "image") else { return nil }
            return list(images)
        case .imageRepository:
            guard let images = containerStrings(ev, listName, filter, "image") else { return nil }
            return list(images.map(repository(of:)))
        case .hostPort:
            guard let perContainer = containerValues(ev, listName, filter, ["ports"]) else { return nil }
            var out: [String] = []
            for v in perContainer {
                guard let v else { continue }
                guard case .array(let ports) = v else { return nil }
                for port in ports {
                    if let hp = goGet(port, "hostPort") {
                        out.append(asString(hp))
                    } else if let cp = goGet(port, "containerPort") {
                        out.append(asString(cp))
                    }
                }
            }
            return list(out)
        case .values(let sub):
            guard let values = containerValues(ev, listName, filter, sub) else { return nil }
            return list(values.compactMap { $0.map(asString) })
        case .effective(let key):
            var podDefault = "0"
            if let v = goGet(ev, ["requestObject", "spec", key]) { podDefault = asString(v) }
            guard let values = containerValues(ev, listName, filter, [key]) else { return nil }
            return list(values.map { $0.map(asString) ?? podDefault })
        }
    }

    /// `image` → repository as the plugin computes it: the text before the first `:`, then
    /// before the first `@` (so a registry port also cuts: `host:5000/x` → `host`).
    static func repository(of image: String) -> String {
        let beforeColon = image.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let beforeAt = beforeColon.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(beforeAt)
    }

    /// `getContainerValues`.
    static func containerValues(_ ev: JSONValue, _ listName: String, _ filter: IndexFilter, _ sub: [String]) -> [JSONValue?]? {
        valuesRecursive(ev, filter, (["requestObject", "spec", listName] + sub)[...])
    }

    /// `arrayAsStrings` over `getContainerValues`: a container without the key makes the whole
    /// extraction fail.
    static func containerStrings(_ ev: JSONValue, _ listName: String, _ filter: IndexFilter, _ key: String) -> [String]? {
        guard let values = containerValues(ev, listName, filter, [key]) else { return nil }
        var out: [String] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let v else { return nil }
            out.append(asString(v))
        }
        return out
    }

    // MARK: fastjson semantics

    enum IndexFilter: Equatable {
        case all
        case index(Int)

        /// Go's `int(req.ArgIndex())`: uint64 max wraps to -1, the "no filter" sentinel; other
        /// values past Int64.max wrap negative and would index out of range (nil here).
        init?(goIntConversionOf v: UInt64) {
            if v == UInt64.max {
                self = .all
            } else if v > UInt64(Int.max) {
                return nil
            } else {
                self = .index(Int(v))
            }
        }
    }

    /// `jsonValueAsString`: strings as their text, anything else as compact JSON.
    @inline(__always)
    static func asString(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        return v.jsonText
    }

    /// fastjson `Value.Get(key)`: object member (first match), or array element when `key`
    /// parses as a Go int (`strconv.Atoi`), else nil.
    static func goGet(_ v: JSONValue, _ key: String) -> JSONValue? {
        switch v {
        case .object(let o): return o[key]
        case .array(let a):
            guard let i = goAtoi(key), i >= 0, i < a.count else { return nil }
            return a[i]
        default: return nil
        }
    }

    static func goGet(_ v: JSONValue, _ keys: [String]) -> JSONValue? {
        var cur = v
        for k in keys {
            guard let next = goGet(cur, k) else { return nil }
            cur = next
        }
        return cur
    }

    /// Go `strconv.Atoi` (base 10, optional sign, no underscores).
    static func goAtoi(_ s: String) -> Int? {
        var u = Substring(s).utf8[...]
        var negative = false
        if let f = u.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") {
            negative = f == UInt8(ascii: "-")
            u = u.dropFirst()
        }
        guard !u.isEmpty else { return nil }
        var v = 0
        for c in u {
            guard c >= 0x30, c <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
            if o1 || o2 {
                // Int.min has one more magnitude than Int.max; irrelevant for indexing.
                return nil
            }
            v = a
        }
        return negative ? -v : v
    }

    /// `getValuesRecursive`: walks `keys`; an array met before a key is expanded (every element,
    /// or only the filtered one). An element missing the rest of the path contributes nil.
    /// Returns nil ("not available") when the path is missing outside an expansion.
    static func valuesRecursive(_ value: JSONValue, _ filter: IndexFilter, _ keys: ArraySlice<String>) -> [JSONValue?]? {
        var cur = value
        var i = keys.startIndex
        while i < keys.endIndex {
            if case .array(let elements) = cur {
                switch filter {
                case .all:
                    var out: [JSONValue?] = []
                    for e in elements {
                        if let sub = valuesRecursive(e, filter, keys[i...]) {
                            out.append(contentsOf: sub)
                        } else {
                            out.append(nil)
                        }
                    }
                    return out
                case .index(let idx):
                    guard idx < elements.count else { return nil }
                    cur = elements[idx]
                }
            }
            let k = keys[i]
            if !k.isEmpty {
                guard let next = goGet(cur, k) else { return nil }
                cur = next
            }
            i += 1
        }
        return [cur]
    }

    // MARK: json plugin

    /// `json.value[ptr]` / `jevt.value[ptr]`: strip one leading `/`, split on `/`, unescape `~1`
    /// then `~0`, walk with fastjson `Get`. Strings come back unquoted, other values as JSON.
    /// An empty pointer gives the whole event.
    static func jsonPointerValue(_ ev: JSONValue, _ argument: String, payload: [UInt8]?) -> K8sFieldValue? {
        if argument.isEmpty {
            if let payload { return scalar(String(decoding: payload, as: UTF8.self)) }
            return scalar(ev.jsonText)
        }
        var arg = Substring(argument)
        if arg.hasPrefix("/") { arg = arg.dropFirst() }
        var cur = ev
        for raw in arg.split(separator: "/", omittingEmptySubsequences: false) {
            let key = raw.replacing("~1", with: "/").replacing("~0", with: "~")
            guard let next = goGet(cur, String(key)) else { return nil }
            cur = next
        }
        return scalar(asString(cur))
    }
}

// MARK: - Go net/url subset

/// The parts of Go's `net/url` that `ka.uri.param` goes through: `url.Parse(requestURI)`
/// (whose errors make the field "<NA>") and `url.ParseQuery(RawQuery)` (any error, even on
/// another parameter, makes the field "<NA>").
enum GoURL {
    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
    private static func hexVal(_ c: UInt8) -> UInt8 {
        if c <= 0x39 { return c - 0x30 }
        if c >= 0x61 { return c - 0x61 + 10 }
        return c - 0x41 + 10
    }

    /// Every `%` followed by two hex digits.
    static func percentEscapesValid(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == UInt8(ascii: "%") {
                guard i + 2 < s.endIndex, isHex(s[i + 1]), isHex(s[i + 2]) else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        return true
    }

    /// `url.Parse(rawURL).RawQuery`, or nil when Go's parser would fail.
    static func rawQuery(ofURL raw: String) -> String? {
        let all = Array(raw.utf8)
        // Cut off the fragment; it must have valid escapes.
        var u = all[...]
        var fragment: ArraySlice<UInt8>? = nil
        if let hash = all.firstIndex(of: UInt8(ascii: "#")) {
            u = all[..<hash]
            fragment = all[(hash + 1)...]
        }
        // parse(): control characters are rejected.
        if u.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return nil }
        if u.elementsEqual("*".utf8) { return fragmentOK(fragment) ? "" : nil }
        // getScheme
        var scheme: ArraySlice<UInt8> = []
        var rest = u
        schemeLoop: for i in u.indices {
            let c = u[i]
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if i == u.startIndex { break schemeLoop }
            case UInt8(ascii: ":"):
                if i == u.startIndex { return nil }  // "missing protocol scheme"
                scheme = u[u.startIndex..<i]
                rest = u[(i + 1)...]
                break schemeLoop
            default:
                break schemeLoop
            }
        }
        // Query.
        var query: ArraySlice<UInt8> = []
        let questionMarks = rest.reduce(0) { $0 + ($1 == UInt8(ascii: "?") ? 1 : 0) }
        if rest.last == UInt8(ascii: "?") && questionMarks == 1 {
            rest = rest.dropLast()
        } else if let q = rest.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[(q + 1)...]
            rest = rest[..<q]
        }
        let queryText = String(decoding: query, as: UTF8.self)
        if rest.first != UInt8(ascii: "/") {
            if !scheme.isEmpty {
                return fragmentOK(fragment) ? queryText : nil  // opaque
            }
            let segment = rest.split(separator: UInt8(ascii: "/"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
            if segment.contains(UInt8(ascii: ":")) { return nil }  // "first path segment in URL cannot contain colon"
        }
        let startsWith = { (p: String) -> Bool in rest.starts(with: p.utf8) }
        if (!scheme.isEmpty || !startsWith("///")) && startsWith("//") {
            var authority = rest.dropFirst(2)
            var path: ArraySlice<UInt8> = []
            if let slash = authority.firstIndex(of: UInt8(ascii: "/")) {
                path = authority[slash...]
                authority = authority[..<slash]
            }
            guard authorityOK(authority) else { return nil }
            rest = path
        }
        guard percentEscapesValid(rest) else { return nil }  // setPath → unescape(encodePath)
        guard fragmentOK(fragment) else { return nil }
        return queryText
    }

    private static func fragmentOK(_ f: ArraySlice<UInt8>?) -> Bool {
        guard let f else { return true }
        return percentEscapesValid(f)
    }

    /// `parseAuthority` / `parseHost` validity (userinfo characters, port digits, bracketed
    /// IPv6 literal closed, host characters and escapes).
    private static func authorityOK(_ authority: ArraySlice<UInt8>) -> Bool {
        var host = authority
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            let userinfo = authority[..<at]
            host = authority[(at + 1)...]
            let allowed = Set("-._:~!$&'()*+,;=%@".utf8)
            for c in userinfo {
                let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                if !alnum && !allowed.contains(c) && c < 0x80 { return false }
            }
            guard percentEscapesValid(userinfo) else { return false }
        }
        func validPort(_ p: ArraySlice<UInt8>) -> Bool {
            if p.isEmpty { return true }
            guard p.first == UInt8(ascii: ":") else { return false }
            return p.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        var hostPart = host
        if host.first == UInt8(ascii: "[") {
            guard let close = host.lastIndex(of: UInt8(ascii: "]")) else { return false }
            guard validPort(host[(close + 1)...]) else { return false }
            hostPart = host[..<close]
        } else if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
            guard validPort(host[colon...]) else { return false }
        }
        // unescape(host, encodeHost): only %25 or %XX >= 0x80, and no characters Go escapes.
        var i = hostPart.startIndex
        let okPunct = Set("!$&'()*+,;=:[]<>\"-_.~".utf8)
        while i < hostPart.endIndex {
            let c = hostPart[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < hostPart.endIndex, isHex(hostPart[i + 1]), isHex(hostPart[i + 2]) else { return false }
                let v = hexVal(hostPart[i + 1]) << 4 | hexVal(hostPart[i + 2])
                if v < 0x80 && v != 0x25 { return false }
                i += 3
                continue
            }
            let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if c < 0x80 && !alnum && !okPunct.contains(c) { return false }
            i += 1
        }
        return true
    }

    /// `QueryUnescape`: `+` is a space, `%XX` a byte; a bad escape fails.
    static func queryUnescape(_ s: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < s.endIndex, isHex(s[i + 1]), isHex(s[i + 2]) else { return nil }
                out.append(hexVal(s[i + 1]) << 4 | hexVal(s[i + 2]))
                i += 3
            } else if c == UInt8(ascii: "+") {
                out.append(0x20)
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `url.ParseQuery`: nil when any part fails (semicolon separator, bad escape), as the
    /// plugin then reports an error for the whole field.
    static func parseQuery(_ query: String) -> [String: [String]]? {
        var result: [String: [String]] = [:]
        var failed = false
        for part in Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            if part.contains(UInt8(ascii: ";")) {
                failed = true
                continue
            }
            if part.isEmpty { continue }
            let key: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let eq = part.firstIndex(of: UInt8(ascii: "=")) {
                key = part[..<eq]
                value = part[(eq + 1)...]
            } else {
                key = part
                value = []
            }
            guard let k = queryUnescape(key), let v = queryUnescape(value) else {
                failed = true
                continue
            }
            result[k, default: []].append(v)
        }
        return failed ? nil : result
    }
}

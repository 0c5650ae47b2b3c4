import Foundation
import Testing

@testable import BulkheadFalco
import BulkheadTesting

// Expected values below are worked out by hand from the trace-file JSON and the k8saudit
// plugin's extraction code (plugins/k8saudit/pkg/k8saudit/extract.go), not from this
// implementation's output.

private let traceDir = "falco/legacy-tests/trace_files/k8s_audit/"

private func traceBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Corpus.url(traceDir + name)))
}

private func traceEvent(_ name: String) throws -> K8sAuditEvent {
    let result = K8sAuditReader.read(try traceBytes(name))
    #expect(result.issues.isEmpty, "\(name): \(result.issues)")
    try #require(result.events.count == 1, "\(name): \(result.events.count) events")
    return result.events[0]
}

private func field(_ name: String, _ arg: String?, _ event: K8sAuditEvent) -> K8sFieldValue? {
    K8sAuditExtractor.extract(field: name, argument: arg, from: event)
}

private func field(_ name: String, _ event: K8sAuditEvent) -> K8sFieldValue? {
    K8sAuditExtractor.extract(field: name, argument: nil, from: event)
}

// MARK: - Trace files

@Suite("k8s audit trace files")
struct K8sAuditTraceFileTests {
    @Test("every legacy trace file reads as the plugin would")
    func readsAllTraceFiles() throws {
        let names = Corpus.list(traceDir).filter { $0.hasSuffix(".json") }
        #expect(names.count == 47)
        var total = 0
        for name in names {
            let bytes = try traceBytes(name)
            let lenient = K8sAuditReader.read(bytes)
            let lines = K8sAuditReader.read(bytes, options: .init(framing: .jsonLines))
            #expect(lenient.events == lines.events, "\(name)")
            switch name {
            case "fal_01_003.json":
                // {"kind": 0}: kind is not a string, so not an audit event.
                #expect(lenient.events.isEmpty)
                #expect(lenient.issues.count == 1)
                if case .notAnAuditEvent? = lenient.issues.first?.kind {} else { Issue.record("\(lenient.issues)") }
                #expect(lenient.issues.first?.line == 1)
                #expect(lenient.issues.first?.byteOffset == 0)
            case "create_configmap_sensitive_values.json":
                #expect(lenient.events.count == 6)
                #expect(lenient.issues.isEmpty)
            default:
                #expect(lenient.events.count == 1, "\(name)")
                #expect(lenient.issues.isEmpty, "\(name): \(lenient.issues)")
            }
            total += lenient.events.count
        }
        #expect(total == 51)
    }

    @Test("events keep their line numbers")
    func lineNumbers() throws {
        let r = K8sAuditReader.read(try traceBytes("create_configmap_sensitive_values.json"))
        #expect(r.events.map(\.line) == [1, 2, 3, 4, 5, 6])
        #expect(r.events[0].byteOffset == 0)
    }

    @Test("event time is stageTimestamp")
    func eventTime() throws {
        // "stageTimestamp":"2018-10-25T14:09:12.581541Z"
        let e = try traceEvent("create_nginx_pod_privileged.json")
        #expect(e.timestamp == 1_540_476_552_581_541_000)
        #expect(field("jevt.rawtime", e) == .string("1540476552581541000"))
        #expect(field("json.rawtime", e) == .string("1540476552581541000"))
        #expect(field("jevt.time", e) == .string("14:09:12.581541000"))
        #expect(field("jevt.time.iso8601", e) == .string("2018-10-25T14:09:12.581541000+0000"))
        // The same from the bare JSON value.
        #expect(K8sAuditExtractor.extract(field: "jevt.rawtime", argument: nil, from: e.json) == .string("1540476552581541000"))
    }

    @Test("privileged pod")
    func privilegedPod() throws {
        let e = try traceEvent("create_nginx_pod_privileged.json")
        #expect(field("ka.auditid", e) == .string("a362d22b-db3c-4590-9505-23782f12925f"))
        #expect(field("ka.stage", e) == .string("ResponseComplete"))
        #expect(field("ka.verb", e) == .string("create"))
        #expect(field("ka.uri", e) == .string("/api/v1/namespaces/default/pods"))
        #expect(field("ka.user.name", e) == .string("system:serviceaccount:kube-system:replicaset-controller"))
        #expect(
            field("ka.user.groups", e)
                == .list(["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]))
        #expect(field("ka.target.resource", e) == .string("pods"))
        #expect(field("ka.target.namespace", e) == .string("default"))
        #expect(field("ka.target.name", e) == nil)  // objectRef has no name
        #expect(field("ka.target.pod.name", e) == .string("nginx-deployment-5cdcc99dbf-rgw6z"))
        #expect(field("ka.resp.name", e) == .string("nginx-deployment-5cdcc99dbf-rgw6z"))
        #expect(field("ka.response.code", e) == .string("201"))  // number rendered as its JSON text
        #expect(field("ka.req.pod.containers.privileged", e) == .list(["true"]))
        #expect(field("ka.req.pod.containers.privileged", "0", e) == .list(["true"]))
        #expect(field("ka.req.pod.containers.privileged", "1", e) == nil)  // index past the end
        #expect(field("ka.req.container.privileged", e) == .string("true"))
        #expect(field("ka.req.pod.containers.image", e) == .list(["nginx"]))
        #expect(field("ka.req.pod.containers.image.repository", e) == .list(["nginx"]))
        #expect(field("ka.req.container.image", e) == .string("nginx"))
        #expect(field("ka.req.container.image.repository", e) == .string("nginx"))
        #expect(field("ka.req.pod.containers.name", e) == .list(["nginx"]))
        #expect(field("ka.req.pod.host_network", e) == nil)  // spec has no hostNetwork
        // eff_run_as_user reads spec.runAsUser and containers[*].runAsUser (not securityContext):
        // neither exists, so each container gets the default "0".
        #expect(field("ka.req.pod.containers.eff_run_as_user", e) == .list(["0"]))
        #expect(field("ka.req.pod.run_as_user", e) == nil)  // spec.securityContext is {}
        // sourceIPs is ["::1"], but the plugin reads requestObject.rules[*].sourceIPs.
        #expect(field("ka.sourceips", e) == nil)
        #expect(field("ka.req.pod.initContainers.image", e) == nil)
        #expect(field("ka.req.pod.volumes.hostpath", e) == nil)  // no volumes key
        #expect(field("jevt.value", "/stage", e) == .string("ResponseComplete"))
        #expect(field("jevt.value", "/requestObject/spec/containers/0/securityContext", e) == .string(#"{"privileged":true}"#))
        #expect(field("jevt.value", "/responseStatus/code", e) == .string("201"))
        #expect(field("jevt.value", "/nope", e) == nil)
    }

    @Test("missing securityContext is skipped, not false")
    func privilegedSecondContainer() throws {
        let e = try traceEvent("create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json")
        #expect(field("ka.req.pod.containers.privileged", e) == .list(["true"]))
        #expect(field("ka.req.pod.containers.privileged", "0", e) == nil)  // container 0 has none
        #expect(field("ka.req.pod.containers.privileged", "1", e) == .list(["true"]))
        #expect(field("ka.req.container.privileged", e) == .string("true"))
        #expect(field("ka.req.pod.containers.name", e) == .list(["nginx1", "mysql"]))
        #expect(field("ka.req.pod.containers.image", e) == .list(["nginx", "mysql:latest"]))
        #expect(field("ka.req.pod.containers.image.repository", e) == .list(["nginx", "mysql"]))
        #expect(field("ka.req.pod.containers.image", "1", e) == .list(["mysql:latest"]))
        #expect(field("ka.req.container.image", e) == .string("nginx"))

        let both = try traceEvent("create_nginx_pod_privileged_2nd_container.json")
        #expect(field("ka.req.pod.containers.privileged", both) == .list(["false", "true"]))

        let none = try traceEvent("create_nginx_pod_unprivileged.json")
        // No container has a securityContext: the plugin sets an empty list, Falco sees <NA>.
        #expect(K8sAuditExtractor.pluginExtract(field: "ka.req.pod.containers.privileged", argument: nil, from: none.json) == .list([]))
        #expect(field("ka.req.pod.containers.privileged", none) == nil)
        #expect(field("ka.req.container.privileged", none) == .string("false"))
    }

    @Test("host network")
    func hostNetwork() throws {
        let e = try traceEvent("create_nginx_pod_hostnetwork.json")
        #expect(field("ka.req.pod.host_network", e) == .string("true"))
        #expect(field("ka.req.container.host_network", e) == .string("true"))
        #expect(field("ka.req.pod.host_network", try traceEvent("create_nginx_pod_nohostnetwork.json")) == nil)
    }

    @Test("host path volumes")
    func hostPathVolumes() throws {
        let e = try traceEvent("create_nginx_pod_sensitive_mount.json")
        #expect(field("ka.req.pod.volumes.hostpath", e) == .list(["/etc"]))
        #expect(field("ka.req.pod.volumes.hostpath", "0", e) == .list(["/etc"]))
        #expect(field("ka.req.pod.volumes.volume_type", e) == .list(["hostPath"]))
        #expect(field("ka.req.volume.hostpath", "/etc", e) == .string("true"))
        #expect(field("ka.req.volume.hostpath", "/e*", e) == .string("true"))
        #expect(field("ka.req.volume.hostpath", "/proc*", e) == .string("false"))
        #expect(field("ka.req.volume.hostpath", "/", e) == .string("false"))
        #expect(field("jevt.value", "/requestObject/spec/volumes", e) == .string(#"[{"hostPath":{"path":"/etc","type":""},"name":"etc"}]"#))

        let second = try traceEvent("create_nginx_pod_sensitive_mount_2nd_container.json")
        #expect(field("ka.req.pod.volumes.hostpath", second) == .list(["/etc"]))
        // This event has no requestObject at all.
        let none = try traceEvent("create_nginx_pod_unsensitive_mount.json")
        #expect(field("ka.req.pod.volumes.hostpath", none) == nil)
        #expect(field("ka.req.volume.hostpath", "/etc", none) == nil)
        #expect(field("ka.target.name", none) == .string("nginx-deployment-6dfd8b84dc-6dkjc"))
    }

    @Test("exec and uri parameters")
    func execPod() throws {
        let e = try traceEvent("exec_pod.json")
        // ?command=bash&container=nginx1&container=nginx1&stdin=true&stdout=true&tty=true
        #expect(field("ka.uri.param", "command", e) == .string("bash"))
        #expect(field("ka.uri.param", "container", e) == .string("nginx1"))
        #expect(field("ka.uri.param", "tty", e) == .string("true"))
        #expect(field("ka.uri.param", "missing", e) == nil)
        #expect(field("ka.target.subresource", e) == .string("exec"))
        #expect(field("ka.target.name", e) == .string("nginx-deployment-7998647bdf-phvq7"))
        #expect(field("ka.target.pod.name", e) == nil)  // only for pods without a subresource
        #expect(field("ka.response.code", e) == .string("101"))
        #expect(e.timestamp == 1_540_561_114_902_914_000)
    }

    @Test("role bindings")
    func bindings() throws {
        let e = try traceEvent("attach_cluster_admin_role.json")
        #expect(field("ka.req.binding.role", e) == .string("cluster-admin"))
        #expect(field("ka.req.binding.subjects", e) == .list([#"{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"minikube"}"#]))
        #expect(field("ka.req.binding.subjects.user_names", e) == .list(["minikube"]))
        #expect(field("ka.req.binding.subjects.group_names", e) == nil)
        #expect(K8sAuditExtractor.pluginExtract(field: "ka.req.binding.subjects.group_names", argument: nil, from: e.json) == .list([]))
        #expect(field("ka.req.binding.subject.has_name", "cluster-admin", e) == .string("true"))
        #expect(field("ka.req.binding.subject.has_name", "nobody", e) == .string("true"))  // always "true"
        #expect(field("ka.target.resource", e) == .string("clusterrolebindings"))
    }

    @Test("role rules")
    func roleRules() throws {
        let e = try traceEvent("create_cluster_role_wildcard_verbs.json")
        #expect(field("ka.req.role.rules.verbs", e) == .list(["*", "get"]))
        #expect(field("ka.req.role.rules.verbs", "0", e) == .list(["*"]))
        #expect(field("ka.req.role.rules.verbs", "1", e) == .list(["get"]))
        #expect(field("ka.req.role.rules.verbs", "2", e) == nil)
        #expect(field("ka.req.role.rules.resources", e) == .list(["pods"]))
        #expect(field("ka.req.role.rules.apiGroups", e) == .list([""]))
        #expect(field("ka.req.role.rules.nonResourceURLs", "0", e) == nil)  // rule 0 has none
        #expect(field("ka.req.role.rules", e)?.strings.first == #"{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}"#)

        let m = try traceEvent("modify_cluster_role_node_problem_detector.json")
        #expect(field("ka.req.role.rules.verbs", m) == .list(["get", "patch", "create", "patch", "update", "list"]))
        #expect(field("ka.verb", m) == .string("patch"))
    }

    @Test("services and config maps")
    func servicesAndConfigMaps() throws {
        let s = try traceEvent("create_nginx_service_nodeport.json")
        #expect(field("ka.req.service.type", s) == .string("NodePort"))
        // ports is the last key of the path, so the whole array is one value (index ignored).
        let ports = #"[{"nodePort":30080,"port":80,"protocol":"TCP","targetPort":80}]"#
        #expect(field("ka.req.service.ports", s) == .list([ports]))
        #expect(field("ka.req.service.ports", "5", s) == .list([ports]))

        let c = try traceEvent("create_configmap.json")
        #expect(field("ka.req.configmap.name", c) == .string("my-config"))
        #expect(field("ka.req.configmap.obj", c) == .string(#"{"ui.properties":"color.good=purple\ncolor.bad=yellow\nallow.textmode=true\n"}"#))
    }

    @Test("inputs of the legacy regression expectations")
    func regressionInputs() throws {
        // falco_k8s_audit_tests.yaml expects "Create/Modify Configmap With Private Credentials"
        // 6 times for create_configmap_sensitive_values.json and not for the no-sensitive file;
        // the macro is `ka.req.configmap.obj contains <one of these>`.
        let words = ["aws_access_key_id", "aws-access-key-id", "aws_s3_access_key_id", "aws-s3-access-key-id", "password", "passphrase"]
        func hasCredential(_ e: K8sAuditEvent) -> Bool {
            guard case .string(let obj)? = field("ka.req.configmap.obj", e) else { return false }
            return words.contains { obj.contains($0) }
        }
        let sensitive = K8sAuditReader.read(try traceBytes("create_configmap_sensitive_values.json")).events
        #expect(sensitive.count == 6)
        #expect(sensitive.allSatisfy(hasCredential))
        #expect(!hasCredential(try traceEvent("create_configmap_no_sensitive_values.json")))
        // kevt: jevt.value[/stage] in (ResponseComplete)
        for e in sensitive { #expect(field("jevt.value", "/stage", e) == .string("ResponseComplete")) }
        // "Anonymous Request Allowed": ka.user.name=system:anonymous and ka.auth.decision="allow"
        let anon = try traceEvent("anonymous_creates_namespace_foo.json")
        #expect(field("ka.user.name", anon) == .string("system:anonymous"))
        #expect(field("ka.auth.decision", anon) == .string("allow"))
        // "Pod Created in Kube Namespace"
        #expect(field("ka.target.namespace", try traceEvent("create_pod_kube_system_namespace.json")) == .string("kube-system"))
        #expect(field("ka.target.namespace", try traceEvent("create_pod_kube_public_namespace.json")) == .string("kube-public"))
        // "Create NodePort Service": ka.req.service.type=NodePort
        #expect(field("ka.req.service.type", try traceEvent("create_nginx_service_nonodeport.json")) != .string("NodePort"))
    }

    @Test("json pointer rule from the legacy tests")
    func jsonPointerRule() throws {
        // single_rule_with_json_pointer.yaml:
        // jevt.value[/annotations/authorization.k8s.io~1decision] exists and not (jevt.value[/a~1~0b] exists)
        let e = try traceEvent("create_nginx_pod_privileged.json")
        #expect(field("jevt.value", "/annotations/authorization.k8s.io~1decision", e) == .string("allow"))
        #expect(field("jevt.value", "/a~1~0b", e) == nil)
    }

    @Test("jevt.obj is the event indented as Go's json.Indent does")
    func jevtObj() throws {
        let e = try traceEvent("create_configmap.json")
        guard case .string(let text)? = field("jevt.obj", e) else {
            Issue.record("no jevt.obj")
            return
        }
        #expect(text.hasPrefix("{\n  \"annotations\": {\n    \"authorization.k8s.io/decision\": \"allow\","))
        #expect(text.hasSuffix("\n}"))
        #expect(text.contains(#""data": {"#))
        #expect(text.contains(#""ui.properties": "color.good=purple\ncolor.bad=yellow\nallow.textmode=true\n""#))
        // Same content as the event.
        #expect(try JSONValue.parse(Array(text.utf8)) == e.json)
    }

    @Test("non-audit JSON gives no ka.* values")
    func notAudit() throws {
        let v = try JSONValue.parse(try traceBytes("fal_01_003.json"))
        #expect(v == ["kind": 0])
        for f in K8sAuditField.k8sauditPluginFields {
            let arg: String? = f.argumentRequired ? "x" : nil
            #expect(K8sAuditExtractor.extract(field: f.name, argument: arg, from: v) == nil, "\(f.name)")
        }
        #expect(K8sAuditExtractor.extract(field: "jevt.value", argument: "/kind", from: v) == .string("0"))
    }

    @Test("every field extracts from every trace event without trapping")
    func allFieldsAllEvents() throws {
        for name in Corpus.list(traceDir) where name.hasSuffix(".json") {
            for e in K8sAuditReader.read(try traceBytes(name)).events {
                for f in K8sAuditField.all {
                    let arg: String? = f.argumentRequired ? "/stage" : nil
                    let a = K8sAuditExtractor.extract(field: f.name, argument: arg, from: e)
                    if case .list(let l)? = a { #expect(!l.isEmpty) }
                    if f.isList, let a { if case .list = a {} else { Issue.record("\(f.name) not a list") } }
                }
            }
        }
    }
}

// MARK: - Extraction semantics on synthetic events

@Suite("k8s audit extraction semantics")
struct K8sAuditExtractionSemanticsTests {
    private func pod(_ spec: String, extra: String = "") throws -> JSONValue {
        try JSONValue.parse(#"{"auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z"\#(extra),"requestObject":{"spec":\#(spec)}}"#)
    }

    @Test("image repository splitting keeps the plugin's cut at the first ':' then '@'")
    func repositorySplit() throws {
        let e = try pod(#"{"containers":[{"name":"a","image":"nginx:1.25"},{"name":"b","image":"registry.io:5000/team/app:2"},{"name":"c","image":"busybox@sha256:abc"},{"name":"d","image":"quay.io/x/y"}]}"#)
        #expect(
            K8sAuditExtractor.extract(field: "ka.req.pod.containers.image.repository", argument: nil, from: e)
                == .list(["nginx", "registry.io", "busybox", "quay.io/x/y"]))
    }

    @Test("a container without image or name fails the whole list")
    func missingImage() throws {
        let e = try pod(#"{"containers":[{"name":"a","image":"nginx"},{"name":"b"}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.image", argument: nil, from: e) == nil)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.image", argument: "0", from: e) == .list(["nginx"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.name", argument: nil, from: e) == .list(["a", "b"]))
    }

    @Test("command and args are joined per container; a non-string element fails")
    func commandArgs() throws {
        let e = try pod(#"{"containers":[{"command":["sh","-c","echo hi"]},{"image":"x"},{"command":["true"]}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.command", argument: nil, from: e) == .list(["sh -c echo hi", "true"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.args", argument: nil, from: e) == nil)
        let bad = try pod(#"{"containers":[{"command":["sh",1]}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.command", argument: nil, from: bad) == nil)
    }

    @Test("host ports fall back to containerPort; capabilities stay JSON arrays")
    func portsAndCapabilities() throws {
        let e = try pod(#"{"containers":[{"ports":[{"containerPort":80},{"containerPort":443,"hostPort":8443}],"securityContext":{"capabilities":{"add":["NET_ADMIN","SYS_TIME"]}}},{"image":"x"}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.host_port", argument: nil, from: e) == .list(["80", "8443"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.add_capabilities", argument: nil, from: e) == .list([#"["NET_ADMIN","SYS_TIME"]"#]))
    }

    @Test("effective uid uses spec.runAsUser as the default, as the plugin does")
    func effectiveUID() throws {
        let e = try pod(#"{"runAsUser":1000,"securityContext":{"runAsUser":5},"containers":[{"runAsUser":7},{"securityContext":{"runAsUser":9}}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.eff_run_as_user", argument: nil, from: e) == .list(["7", "1000"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.run_as_user", argument: nil, from: e) == .list(["9"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.run_as_user", argument: nil, from: e) == .string("5"))
    }

    @Test("init and ephemeral containers are separate lists")
    func containerLists() throws {
        let e = try pod(#"{"containers":[{"name":"c","image":"r/c:1","securityContext":{"privileged":false}}],"initContainers":[{"name":"i","image":"r/i:1","securityContext":{"privileged":true}}],"ephemeralContainers":[{"name":"e","image":"r/e:1","securityContext":{"privileged":true}}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.containers.privileged", argument: nil, from: e) == .list(["false"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.initContainers.privileged", argument: nil, from: e) == .list(["true"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.ephemeralContainers.image.repository", argument: nil, from: e) == .list(["r/e"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.initContainers.image", argument: nil, from: e) == .list(["r/i:1"]))
    }

    @Test("volume types and the deprecated hostpath test on volume 0 only")
    func volumes() throws {
        let e = try pod(#"{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","hostPath":{"path":"/proc"}},{"name":"c","flexVolume":{"driver":"d1"}}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.volumes.volume_type", argument: nil, from: e) == .list(["emptyDir", "hostPath", "flexVolume"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.volumes.hostpath", argument: nil, from: e) == .list(["/proc"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.pod.volumes.flexvolume_driver", argument: nil, from: e) == .list(["d1"]))
        // Key arguments leave the index at 0: volume 0 has no hostPath, so nothing is set.
        #expect(K8sAuditExtractor.extract(field: "ka.req.volume.hostpath", argument: "/proc", from: e) == nil)
        let first = try pod(#"{"volumes":[{"name":"b","hostPath":{"path":"/var/run/docker.sock"}},{"name":"c","hostPath":{"path":"/proc"}}]}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.volume.hostpath", argument: "/var/run/docker.sock", from: first) == .string("true"))
        #expect(K8sAuditExtractor.extract(field: "ka.req.volume.hostpath", argument: "/proc", from: first) == .string("false"))
    }

    @Test("scalars render as JSON text; null is the string null")
    func scalarRendering() throws {
        let e = try JSONValue.parse(#"{"auditID":1,"verb":null,"stage":true,"user":{"username":{"a":[1,2.50]}},"annotations":{"cluster_name":"a\u0000b"}}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.auditid", argument: nil, from: e) == .string("1"))
        #expect(K8sAuditExtractor.extract(field: "ka.verb", argument: nil, from: e) == .string("null"))
        #expect(K8sAuditExtractor.extract(field: "ka.stage", argument: nil, from: e) == .string("true"))
        #expect(K8sAuditExtractor.extract(field: "ka.user.name", argument: nil, from: e) == .string(#"{"a":[1,2.50]}"#))
        // C strings end at the first NUL.
        #expect(K8sAuditExtractor.extract(field: "ka.cluster.name", argument: nil, from: e) == .string("a"))
    }

    @Test("output rendering of values")
    func rendering() {
        #expect(K8sFieldValue.list(["a", "b"]).description == "(a,b)")
        #expect(K8sFieldValue.list(["", "x"]).description == "(x)")
        #expect(K8sFieldValue.list([]).description == "()")
        #expect(K8sFieldValue.string("s").description == "s")
        #expect(K8sFieldValue.number(7).strings == ["7"])
        #expect(K8sFieldValue.bool(false).strings == ["false"])
    }

    @Test("list fields need an array")
    func listNeedsArray() throws {
        let e = try JSONValue.parse(#"{"auditID":"x","user":{"groups":"admins"}}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.user.groups", argument: nil, from: e) == nil)
    }

    @Test("subject names by kind")
    func subjectNames() throws {
        let e = try JSONValue.parse(#"{"auditID":"x","requestObject":{"subjects":[{"kind":"ServiceAccount","name":"sa","namespace":"ns"},{"kind":"ServiceAccount","name":"nons"},{"kind":"Group","name":"g"},{"kind":"User"},{"kind":"User","name":"u"}]}}"#)
        #expect(K8sAuditExtractor.extract(field: "ka.req.binding.subjects.serviceaccount_names", argument: nil, from: e) == .list(["sa", "nons"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.binding.subjects.serviceaccount_ns_names", argument: nil, from: e) == .list(["ns:sa"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.binding.subjects.group_names", argument: nil, from: e) == .list(["g"]))
        #expect(K8sAuditExtractor.extract(field: "ka.req.binding.subjects.user_names", argument: nil, from: e) == .list(["u"]))
    }

    @Test("uri parameters follow Go's url.Parse and url.ParseQuery")
    func uriParams() throws {
        func param(_ uri: String, _ key: String) -> K8sFieldValue? {
            let e = JSONValue.object(["auditID": "x", "requestURI": .string(uri)])
            return K8sAuditExtractor.extract(field: "ka.uri.param", argument: key, from: e)
        }
        #expect(param("/api?a=1&a=2", "a") == .string("1"))
        #expect(param("/api?q=a+b%21&e=", "q") == .string("a b!"))
        #expect(param("/api?q=a+b%21&e=", "e") == .string(""))
        #expect(param("/api?flag", "flag") == .string(""))
        #expect(param("/api?a=1;b=2", "a") == nil)  // semicolon separator: ParseQuery error
        #expect(param("/api?a=1&b=%zz", "a") == nil)  // a bad escape anywhere fails the field
        #expect(param("/api/%zz?a=1", "a") == nil)  // bad path escape: url.Parse error
        #expect(param("/api?a=1#frag", "a") == .string("1"))
        #expect(param("/api?a=1#%zz", "a") == nil)
        #expect(param("a:b/c?a=1", "a") == .string("1"))  // scheme "a", opaque
        #expect(param("/x?a=1\u{7F}", "a") == nil)  // control character
        #expect(param("//host:80/p?a=1", "a") == .string("1"))
        #expect(param("//host:8x/p?a=1", "a") == nil)
    }

    @Test("json pointer arguments use fastjson lookup")
    func jevtValue() throws {
        let e = try JSONValue.parse(#"{"a/b":{"c~d":[10,20,{"":"empty"}]},"list":["x","y"]}"#)
        func jv(_ p: String) -> K8sFieldValue? { K8sAuditExtractor.extract(field: "jevt.value", argument: p, from: e) }
        #expect(jv("/a~1b/c~0d/1") == .string("20"))
        #expect(jv("a~1b/c~0d/0") == .string("10"))  // the leading slash is optional
        #expect(jv("/a~1b/c~0d/+1") == .string("20"))  // strconv.Atoi accepts a sign
        #expect(jv("/a~1b/c~0d/2/") == .string("empty"))
        #expect(jv("/list") == .string(#"["x","y"]"#))
        #expect(jv("") == .string(e.jsonText))
        #expect(jv("/list/2") == nil)
    }
}

// MARK: - Field catalogue and load-time resolution

@Suite("k8s audit field catalogue")
struct K8sAuditFieldCatalogueTests {
    @Test("the catalogue is the plugin README table")
    func matchesReadmeTable() throws {
        let text = try Corpus.read("falco/fields/k8saudit-plugin-fields.md")
        var rows: [(String, String, String, String)] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `ka.") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            rows.append((cells[1].trimmingCharacters(in: ["`"]), cells[2].trimmingCharacters(in: ["`"]), cells[3], cells[4]))
        }
        #expect(rows.count == 100)
        #expect(rows.count == K8sAuditField.k8sauditPluginFields.count)
        for (row, field) in zip(rows, K8sAuditField.k8sauditPluginFields) {
            #expect(row.0 == field.name)
            #expect(row.1 == field.typeDescription, "\(field.name)")
            #expect(row.2 == field.argumentDescription, "\(field.name)")
            #expect(row.3 == field.description, "\(field.name)")
        }
        #expect(Set(K8sAuditField.all.map(\.name)).count == K8sAuditField.all.count)
    }

    @Test("every field used by the shipped and legacy k8s audit rules resolves")
    func rulesFieldsResolve() throws {
        let files = [
            "falco/plugin-rules/k8saudit__k8s_audit_rules.yaml",
            "falco/legacy-tests/rules/k8s_audit/engine_v4_k8s_audit_rules.yaml",
            "falco/legacy-tests/rules/k8s_audit/single_rule_with_json_pointer.yaml",
            "falco/legacy-tests/rules/k8s_audit/allow_only_apache_container.yaml",
            "falco/legacy-tests/rules/k8s_audit/disallow_kactivity.yaml",
        ]
        let pattern = /(?:ka|jevt|json)\.[A-Za-z0-9_.]*[A-Za-z0-9_](?:\[[^\]]*\])?/
        var seen = Set<String>()
        for f in files {
            for m in try Corpus.read(f).matches(of: pattern) { seen.insert(String(m.output)) }
        }
        #expect(seen.count > 40)
        for ref in seen {
            #expect(try K8sAuditExtractor.resolve(reference: ref) != nil, "\(ref)")
        }
    }

    @Test("load-time errors are worded as libsinsp words them")
    func resolveErrors() throws {
        #expect(try K8sAuditExtractor.resolve(field: "ka.nope", argument: nil) == nil)
        #expect(try K8sAuditExtractor.resolve(field: "ka.user.name", argument: nil)?.name == "ka.user.name")
        #expect(try K8sAuditExtractor.resolve(field: "ka.req.pod.containers.image", argument: "1")?.isList == true)

        func message(_ f: String, _ a: String?) -> String? {
            do {
                _ = try K8sAuditExtractor.resolve(field: f, argument: a)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("ka.uri.param", nil) == "filter 'ka.uri.param': ka.uri.param requires an argument but none provided")
        #expect(message("jevt.value", nil) == "filter 'jevt.value': jevt.value requires an argument but none provided")
        #expect(
            message("ka.user.name", "0")
                == "filter 'ka.user.name[0]': ka.user.name does not allow nor require an argument but one is provided: 0")
        #expect(
            message("ka.req.pod.containers.image", "01")
                == "filter ka.req.pod.containers.image[01] ka.req.pod.containers.image has an invalid index argument starting with 0: 01")
        #expect(
            message("ka.req.pod.containers.image", "x")
                == "filter ka.req.pod.containers.image[x] ka.req.pod.containers.image has an invalid index argument not composed only by digits: x")
        #expect(
            message("ka.sourceips", "99999999999999999999")?.hasSuffix("not representable on 64 bit: 99999999999999999999") == true)
        #expect(message("ka.req.pod.containers.image", "0") == nil)
        #expect(message("ka.req.pod.ephemeralContainers.host_port", nil) == nil)  // unknown: nil, no error
        #expect(try K8sAuditExtractor.resolve(field: "ka.req.pod.ephemeralContainers.host_port", argument: nil) == nil)

        #expect(throws: K8sFieldReferenceError.self) { try K8sAuditExtractor.resolve(reference: "ka.uri.param[") }
        #expect(throws: K8sFieldReferenceError.self) { try K8sAuditExtractor.resolve(reference: "ka.uri.param[abc") }
        #expect(try K8sAuditExtractor.resolve(reference: "jevt.value[/a~1b]")?.argument == "/a~1b")
        #expect(try K8sAuditExtractor.resolve(reference: "ka.req.pod.containers.image[2]")?.index == 2)
    }

    @Test("every catalogued field has an extraction")
    func everyFieldCompiles() throws {
        for f in K8sAuditField.all {
            let compiled = try K8sAuditExtractor.compile(field: f.name, argument: f.argumentRequired ? "x" : nil)
            #expect(compiled?.field == f)
        }
    }
}

// MARK: - Reader

@Suite("k8s audit reader")
struct K8sAuditReaderTests {
    private let e1 = #"{"kind":"Event","auditID":"1","stageTimestamp":"2020-01-01T00:00:00Z"}"#
    private let e2 = #"{"kind":"Event","auditID":"2","stageTimestamp":"2020-01-01T00:00:01.5Z"}"#

    @Test("JSON lines, blank lines, CRLF")
    func jsonLines() {
        let text = "\(e1)\r\n\n   \n\(e2)\n"
        for framing in [K8sAuditReader.Framing.lenient, .jsonLines] {
            let r = K8sAuditReader.read(text, options: .init(framing: framing))
            #expect(r.events.map(\.timestamp) == [1_577_836_800_000_000_000, 1_577_836_801_500_000_000], "\(framing)")
            #expect(r.events.map(\.line) == [1, 4])
        }
        // The plugin's line reader rejects a whitespace-only line.
        #expect(K8sAuditReader.read(text, options: .init(framing: .jsonLines)).issues.count == 1)
        #expect(K8sAuditReader.read(text).issues.isEmpty)
    }

    @Test("EventList, arrays, concatenated and pretty-printed values")
    func containers() {
        let list = #"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[\#(e1),\#(e2)]}"#
        #expect(K8sAuditReader.read(list).events.count == 2)
        #expect(K8sAuditReader.read("[\(e1),[\(e2)]]").events.count == 2)
        #expect(K8sAuditReader.read("\(e1)\(e2) \(e1)").events.count == 3)
        #expect(K8sAuditReader.read("\(e1)\(e2)", options: .init(framing: .jsonLines)).events.isEmpty)
        let pretty = "{\n  \"kind\": \"Event\",\n  \"auditID\": \"p\",\n  \"stageTimestamp\": \"2020-01-01T00:00:00Z\"\n}\n"
        let r = K8sAuditReader.read(pretty + pretty)
        #expect(r.events.count == 2)
        #expect(r.events[1].line == 6)
        #expect(r.events[0].payload == Array(#"{"kind":"Event","auditID":"p","stageTimestamp":"2020-01-01T00:00:00Z"}"#.utf8))
    }

    @Test("items of an EventList are not kind-checked; other kinds are skipped with a reason")
    func kinds() {
        let pod = #"{"kind":"Pod","stageTimestamp":"2020-01-01T00:00:00Z"}"#
        let r = K8sAuditReader.read("\(pod)\n{\"kind\":\"EventList\",\"items\":[\(pod)]}\n{\"kind\":\"EventList\"}")
        #expect(r.events.count == 1)
        #expect(r.issues.count == 2)
        #expect(r.issues[0].line == 1)
        #expect(r.issues[0].message.contains("kind \"Pod\""))
        #expect(r.issues[1].line == 3)
        // An array with one unrecognised element is dropped whole, as the plugin does.
        #expect(K8sAuditReader.read("[\(e1),{\"kind\":\"Pod\"}]").events.isEmpty)
    }

    @Test("timestamps")
    func timestamps() {
        let noStage = #"{"kind":"Event","auditID":"x","requestReceivedTimestamp":"2020-01-01T00:00:00.000001Z"}"#
        let r = K8sAuditReader.read(noStage)
        #expect(r.events.isEmpty)
        #expect(r.issues.first?.kind == .missingTimestamp)
        let f = K8sAuditReader.read(noStage, options: .init(timestampFallback: true))
        #expect(f.events.first?.timestamp == 1_577_836_800_000_001_000)
        let bad = K8sAuditReader.read(#"{"kind":"Event","stageTimestamp":"2020-02-30T00:00:00Z"}"#)
        #expect(bad.issues.first?.kind == .invalidTimestamp("2020-02-30T00:00:00Z"))
    }

    @Test("RFC 3339 as Go parses it")
    func rfc3339() {
        #expect(K8sAuditTime.parseRFC3339("1970-01-01T00:00:00Z") == 0)
        #expect(K8sAuditTime.parseRFC3339("2018-10-25T14:09:12.581541Z") == 1_540_476_552_581_541_000)
        #expect(K8sAuditTime.parseRFC3339("2000-02-29T23:59:59.999999999+05:30") == 951_848_999_999_999_999)
        #expect(K8sAuditTime.parseRFC3339("2000-02-29T23:59:59.9999999999Z") == 951_868_799_999_999_999)  // truncated
        #expect(K8sAuditTime.parseRFC3339("2018-10-25T14:09:12,5Z") == 1_540_476_552_500_000_000)
        #expect(K8sAuditTime.parseRFC3339("2018-10-25T4:09:12Z") == 1_540_440_552_000_000_000)
        for bad in ["", "2018-10-25", "2018-10-25 14:09:12Z", "2018-10-25T14:09:12", "2018-13-01T00:00:00Z",
            "2019-02-29T00:00:00Z", "2018-10-25T24:00:00Z", "2018-10-25T14:09:60Z", "2018-10-25T14:09:12z",
            "2018-10-25T14:09:12+0100", "2018-10-25T14:09:12.Z", "2018-10-25T14:09:12Zx"]
        {
            #expect(K8sAuditTime.parseRFC3339(bad) == nil, "\(bad)")
        }
        #expect(K8sAuditTime.formatISO8601(951_848_999_999_999_999) == "2000-02-29T18:29:59.999999999+0000")
        #expect(K8sAuditTime.formatClock(5_000_000_007) == "00:00:05.000000007")
    }

    @Test("malformed input names the line and byte, then reading resumes")
    func errors() {
        let text = "\(e1)\n{\"kind\":\"Event\",\n  \"auditID\": tru }\n\(e2)\n"
        let r = K8sAuditReader.read(text)
        #expect(r.events.map { K8sAuditExtractor.extract(field: "ka.auditid", argument: nil, from: $0) } == [.string("1"), .string("2")])
        #expect(r.issues.count == 1)
        let issue = r.issues[0]
        #expect(issue.line == 3)
        #expect(issue.column == 14)
        #expect(issue.byteOffset == e1.utf8.count + 1 + 17 + 13)
        if case .malformedJSON(let e) = issue.kind { #expect(e.reason == .invalidLiteral) } else { Issue.record("\(issue)") }
    }

    @Test("maxEventSize")
    func maxSize() {
        let r = K8sAuditReader.read(e1, options: .init(maxEventSize: 10))
        #expect(r.events.isEmpty)
        #expect(r.issues.first?.kind == .eventTooLarge(e1.utf8.count))
    }
}

// MARK: - JSON parser conformance

@Suite("JSONValue")
struct JSONValueTests {
    private func parses(_ s: String) -> JSONValue? { try? JSONValue.parse(Array(s.utf8)) }
    private func failure(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONValue.parse(bytes)
            return nil
        } catch {
            return error
        }
    }
    private func failure(_ s: String) -> JSONParseError? { failure(Array(s.utf8)) }

    @Test("keys are looked up by their bytes in small and large objects alike (no Unicode equivalence)")
    func keyBytes() throws {
        let nfd = "cafe\u{301}", nfc = "caf\u{E9}"
        for extra in [0, 30] {
            let members = (0..<extra).map { #""k\#($0)":0"# } + [#""\#(nfd)":"yes""#, #""dup":1"#, #""dup":2"#]
            let o = try #require(parses("{" + members.joined(separator: ",") + "}"), "\(extra)")
            #expect(o[nfd]?.stringValue == "yes", "\(extra) extra members")
            #expect(o[nfc] == nil, "\(extra) extra members: a canonically equivalent key is another key")
            #expect(o["dup"] == 1, "\(extra) extra members: the first of duplicates")
        }
    }

    @Test("valid documents")
    func valid() throws {
        #expect(parses("null") == .null)
        #expect(parses(" \t\r\n true \n") == .bool(true))
        #expect(parses("\"\"") == .string(""))
        #expect(parses("[]") == .array([]))
        #expect(parses("{}") == .object(JSONObject()))
        #expect(parses(#"{"a":[1,{"b":null}],"c":"d"}"#) == ["a": [1, ["b": nil]], "c": "d"])
        #expect(parses(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#) == .string("\"\\/\u{8}\u{c}\n\r\tAé€😀"))
        #expect(parses(#""\ud800x""#) == .string("\u{FFFD}x"))  // lone surrogate
        #expect(parses(#""\udc00\ud800\u0041""#) == .string("\u{FFFD}\u{FFFD}A"))
        #expect(parses("\"é😀\"") == .string("é😀"))
        for n in ["0", "-0", "1", "-1", "1.5", "1e5", "1E+5", "1e-5", "-0.0e0", "123456789012345678901234567890"] {
            #expect(parses(n)?.numberValue?.text == n, "\(n)")
        }
    }

    @Test("numbers keep their text: uint64 and huge values")
    func numbers() throws {
        let v = try JSONValue.parse("[18446744073709551615,18446744073709551616,1e400,-9223372036854775808,2.50]")
        guard case .array(let a) = v else { Issue.record("not an array"); return }
        #expect(a[0].numberValue?.uint64Value == UInt64.max)
        #expect(a[1].numberValue?.uint64Value == nil)
        #expect(a[1].numberValue?.text == "18446744073709551616")
        #expect(a[2].numberValue?.doubleValue == .infinity)
        #expect(a[3].numberValue?.int64Value == Int64.min)
        #expect(v.jsonText == "[18446744073709551615,18446744073709551616,1e400,-9223372036854775808,2.50]")
        #expect(JSONNumber(Double(3))?.text == "3")
        #expect(JSONNumber(Double("0.1")!)?.text == "0.1")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(text: "01") == nil)
    }

    @Test("invalid documents", arguments: [
        "", "   ", "[", "]", "{", "[1,]", "[1 2]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}",
        "01", "-", "-a", "1.", ".5", "+1", "1e", "1e+", "NaN", "Infinity", "tru", "nul", "nulll", "truex",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\tb\"", "\"a\nb\"", "[1]x", "1 2", "{}{}", "/*c*/1",
        "{\"a\":1", "[\"a\",", "\u{FEFF}1",
    ])
    func invalid(_ text: String) {
        #expect(failure(text) != nil, "\(text.debugDescription)")
    }

    @Test("invalid UTF-8 is rejected")
    func badUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0x80, 0x22],  // stray continuation
            [0x22, 0xC0, 0x80, 0x22],  // overlong NUL
            [0x22, 0xC1, 0xBF, 0x22],  // overlong
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-16 surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // > U+10FFFF
            [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
            [0x22, 0xE2, 0x82, 0x22],  // truncated
            [0x22, 0xE2, 0x82],  // truncated at end of input
            [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape
            [0x7B, 0x22, 0xFE, 0x22, 0x3A, 0x31, 0x7D],  // in a key
        ]
        for c in cases {
            #expect(failure(c)?.reason == .invalidUTF8, "\(c)")
        }
        #expect(failure([0x31, 0xFF]) != nil)
    }

    @Test("nesting limit")
    func depth() {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(parses(ok) != nil)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(failure(deep)?.reason == .depthLimitExceeded(512))
        #expect(failure(deep)?.offset == 512)
        let objects = String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(failure(objects)?.reason == .depthLimitExceeded(512))
        // Very deep hostile input fails fast without recursion.
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(failure(hostile)?.reason == .depthLimitExceeded(512))
        #expect((try? JSONValue.parse(Array(ok.utf8), options: .init(maxDepth: 10))) == nil)
    }

    @Test("errors report offset, line and column")
    func errorLocation() {
        let e = failure("{\"a\": 1,\n  \"b\": tru\n}")
        #expect(e?.reason == .invalidLiteral)
        #expect(e?.offset == 16)
        #expect(e?.line == 2)
        #expect(e?.column == 8)
        #expect(e?.description == "JSON parse error at line 2, column 8 (byte 16): invalid literal (expected true, false or null)")
        let t = failure("[1, 2")
        #expect(t?.reason == .unexpectedEnd(expected: "',' or ']'"))
        #expect(t?.offset == 5)
        #expect(failure("[1] x")?.reason == .trailingData)
        #expect(failure("\"a\u{1}\"")?.reason == .controlCharacterInString(1))
    }

    @Test("RFC 6901 pointers")
    func pointers() throws {
        // The example document of RFC 6901 section 5.
        let doc = try JSONValue.parse(#"{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}"#)
        #expect(doc.value(at: "") == doc)
        #expect(doc.value(at: "/foo") == ["bar", "baz"])
        #expect(doc.value(at: "/foo/0") == "bar")
        #expect(doc.value(at: "/") == 0)
        #expect(doc.value(at: "/a~1b") == 1)
        #expect(doc.value(at: "/c%d") == 2)
        #expect(doc.value(at: "/e^f") == 3)
        #expect(doc.value(at: "/g|h") == 4)
        #expect(doc.value(at: "/i\\j") == 5)
        #expect(doc.value(at: "/k\"l") == 6)
        #expect(doc.value(at: "/ ") == 7)
        #expect(doc.value(at: "/m~0n") == 8)
        #expect(doc.value(at: "foo") == nil)
        #expect(doc.value(at: "/foo/01") == nil)
        #expect(doc.value(at: "/foo/-") == nil)
        #expect(doc.value(at: "/foo/2") == nil)
        #expect(doc.value(at: "/m~2n") == nil)
        #expect(doc.value(at: "/~01") == nil)  // "~01" is "~1", not "/"
    }

    @Test("serialisation")
    func serialisation() throws {
        let v = try JSONValue.parse(#"{"z":1,"a":"<&>\u2028\u0001\"\\/é","m":[true,false,null,{}]}"#)
        #expect(v.jsonText == #"{"z":1,"a":"\u003c\u0026\u003e\u2028\u0001\"\\/é","m":[true,false,null,{}]}"#)
        #expect(v.canonicalJSONText == #"{"a":"\u003c\u0026\u003e\u2028\u0001\"\\/é","m":[true,false,null,{}],"z":1}"#)
        #expect(try JSONValue.parse(v.jsonText) == v)
        // Duplicate keys: lookup takes the first, serialisation keeps both.
        let d = try JSONValue.parse(#"{"k":1,"k":2}"#)
        #expect(d["k"] == 1)
        #expect(d.jsonText == #"{"k":1,"k":2}"#)
        // Member order does not affect equality or hashing.
        let x = try JSONValue.parse(#"{"a":1,"b":[2]}"#)
        let y = try JSONValue.parse(#"{"b":[2],"a":1}"#)
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(x.jsonText != y.jsonText)
        // Large objects use the key index.
        let big = JSONValue.object(JSONObject((0..<100).map { JSONObject.Member(key: "k\($0)", value: .number(JSONNumber($0))) }))
        #expect(big["k73"] == 73)
        #expect(big["k100"] == nil)
    }

    @Test("Go json.Indent rendering")
    func indent() throws {
        let text = JSONText.goIndent(Array(#"{"a":[],"b":{},"c":[1,{"d":"x y"}]}"#.utf8))
        #expect(text == "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x y\"\n    }\n  ]\n}")
        #expect(JSONText.compact(Array("{ \"a b\" : [ 1 , \"\\\" x\" ] }".utf8)) == Array(#"{"a b":[1,"\" x"]}"#.utf8))
    }
}

// MARK: - Fuzzing

@Suite("k8s audit fuzzing")
struct K8sAuditFuzzTests {
    private static let tokens: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "0", "-", "1e999",
        "true", "null", "\n", " ", "\u{0}", "é", "\"kind\":\"Event\"", "\"stageTimestamp\":\"2020-01-01T00:00:00Z\""]
        .map { Array($0.utf8) } + [[0xFF], [0xC0], [0xED, 0xA0], [0xF4, 0x90]]

    private static func mutate(_ input: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = input
        for _ in 0...rng.index(4) {
            let at = b.isEmpty ? 0 : rng.index(b.count)
            switch rng.index(6) {
            case 0 where !b.isEmpty: b[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1 where !b.isEmpty: b.remove(at: at)
            case 2: b.insert(contentsOf: rng.pick(tokens), at: at)
            case 3: b = Array(b.prefix(at))
            case 4 where b.count > 2:
                let len = rng.index(min(64, b.count - at)) + 1
                b.insert(contentsOf: b[at..<min(b.count, at + len)], at: rng.index(b.count))
            default: b.insert(UInt8(truncatingIfNeeded: rng.next() & 0x7F), at: at)
            }
        }
        return b
    }

    @Test("seeded mutations of the trace files never trap")
    func mutations() throws {
        var rng = SeededRandom(seed: 0x6B38_7361_7564_6974)
        let seeds = try Corpus.list(traceDir).filter { $0.hasSuffix(".json") }.map(traceBytes)
        let fields = K8sAuditField.all
        var parsed = 0
        for _ in 0..<3000 {
            let input = Self.mutate(rng.pick(seeds), &rng)
            if let v = try? JSONValue.parse(input) {
                parsed += 1
                // What parses must round-trip.
                #expect(try JSONValue.parse(v.jsonText) == v)
                #expect(try JSONValue.parse(v.canonicalJSONText) == v)
                #expect(try JSONValue.parse(Array(JSONText.goIndent(v.jsonBytes).utf8)) == v)
            }
            let result = K8sAuditReader.read(input)
            for issue in result.issues { #expect(issue.line >= 1 && issue.byteOffset <= input.count) }
            for e in result.events {
                for f in fields {
                    let arg: String? = f.argumentRequired ? rng.pick(["/x", "a", "/requestObject/spec", "", "/*"]) : (f.argument == .index && rng.chance(0.3) ? "1" : nil)
                    _ = K8sAuditExtractor.extract(field: f.name, argument: arg, from: e)
                }
            }
            _ = K8sAuditReader.read(input, options: .init(framing: .jsonLines))
        }
        #expect(parsed > 100)
    }

    @Test("random byte soup never traps")
    func randomBytes() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<2000 {
            let n = rng.index(200)
            let bytes = (0..<n).map { _ in rng.chance(0.7) ? rng.pick(Array("{}[]\":,0123456789-.eEtrufalsn \\u".utf8)) : UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? JSONValue.parse(bytes)
            _ = K8sAuditReader.read(bytes)
        }
    }
}

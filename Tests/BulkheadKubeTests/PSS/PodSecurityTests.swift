@testable import BulkheadKube
import Testing

@Suite struct PodSecurityTests {
    /// The one workload in `yaml`, its pod located the way every kind keeps it.
    static func pod(_ yaml: String) throws -> PodTemplateView {
        let (documents, errors) = KubeDocumentLoader.load(text: yaml, file: "test.yaml")
        #expect(errors.isEmpty)
        return try #require(documents.first?.podTemplate)
    }

    static func denied(_ yaml: String, _ level: PSSLevel, _ version: String) throws -> [PSSCheckResult] {
        let v = try #require(PSSVersion(version))
        return PodSecurity.evaluate(try pod(yaml), level: level, version: v).filter { !$0.allowed }
    }

    static let restrictedLinuxPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext:
            runAsNonRoot: true
            seccompProfile: {type: RuntimeDefault}
          containers:
          - name: app
            image: nginx
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}
        """

    // MARK: versions

    @Test func versionsParseLikeUpstream() {
        #expect(PSSVersion("v1.25") == PSSVersion(major: 1, minor: 25))
        #expect(PSSVersion("1.25") == PSSVersion(major: 1, minor: 25))
        #expect(PSSVersion(" v1.0 ") == PSSVersion(major: 1, minor: 0))
        #expect(PSSVersion("latest") == .latest)
        #expect(PSSVersion.latest.description == "v1.37")
        for bad in ["", "v1", "v1.", "v2.0", "v1.05", "v1.x", "1.2.3", "v1.-1", "vv1.2", "v1.99999999999"] {
            #expect(PSSVersion(bad) == nil, "\(bad)")
        }
        #expect(PSSVersion("v1.9")! < PSSVersion("v1.10")!)
        #expect(PodSecurity.effectiveVersion(PSSVersion("v1.99")!) == .latest)
        #expect(PodSecurity.effectiveVersion(PSSVersion("v1.20")!) == PSSVersion("v1.20"))
    }

    @Test func checksInForceFollowUpstreamVersionsAndOverrides() {
        func ids(_ level: PSSLevel, _ version: String) -> [String] {
            PodSecurity.checkIDs(level: level, version: PSSVersion(version)!)
        }
        #expect(ids(.privileged, "latest").isEmpty)
        #expect(ids(.baseline, "v1.0") == [
            "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes", "hostPorts",
            "privileged", "procMount", "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
        ])
        #expect(!ids(.baseline, "v1.33").contains("hostProbesAndHostLifecycle"))
        #expect(ids(.baseline, "v1.34").contains("hostProbesAndHostLifecycle"))
        // Restricted before 1.8: baseline (hostPath replaced by restrictedVolumes) + runAsNonRoot.
        #expect(ids(.restricted, "v1.7") == [
            "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPorts", "privileged", "procMount",
            "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
            "restrictedVolumes", "runAsNonRoot",
        ])
        #expect(ids(.restricted, "v1.18").contains("seccompProfile_baseline"))
        #expect(!ids(.restricted, "v1.19").contains("seccompProfile_baseline"))
        #expect(ids(.restricted, "v1.19").contains("seccompProfile_restricted"))
        #expect(ids(.restricted, "v1.21").contains("capabilities_baseline"))
        #expect(!ids(.restricted, "v1.22").contains("capabilities_baseline"))
        #expect(!ids(.restricted, "v1.22").contains("runAsUser"))
        #expect(ids(.restricted, "v1.23").contains("runAsUser"))
        #expect(ids(.restricted, "v1.34").contains("procMount"))
        #expect(!ids(.restricted, "v1.35").contains("procMount"))
        #expect(ids(.restricted, "v1.35").contains("procMount_restricted"))
        #expect(ids(.restricted, "v1.80") == ids(.restricted, "v1.37"))
    }

    @Test func sysctlAllowListsGrowByVersion() throws {
        func pod(_ sysctl: String) -> String {
            """
            apiVersion: v1
            kind: Pod
            spec:
              securityContext:
                sysctls: [{name: \(sysctl), value: "1"}]
              containers: [{name: c, image: x}]
            """
        }
        let steps: [(String, String, String)] = [
            ("net.ipv4.ip_local_reserved_ports", "v1.26", "v1.27"),
            ("net.ipv4.tcp_keepalive_time", "v1.28", "v1.29"),
            ("net.ipv4.tcp_wmem", "v1.31", "v1.32"),
            ("net.ipv4.tcp_notsent_lowat", "v1.36", "v1.37"),
        ]
        for (name, before, from) in steps {
            let early = try Self.denied(pod(name), .baseline, before)
            #expect(early.map(\.checkID) == ["sysctls"])
            #expect(early.first?.detail == name)
            #expect(try Self.denied(pod(name), .baseline, from).isEmpty, "\(name) at \(from)")
        }
        let mixed = try Self.denied(pod("kernel.msgmax"), .baseline, "latest")
        #expect(mixed.first?.reason == "forbidden sysctls")
        #expect(mixed.first?.fields.first?.path == "spec.securityContext.sysctls[0].name")
    }

    // MARK: Windows and user namespaces

    @Test func windowsPodsAreExemptFromLinuxOnlyRestrictedChecksFrom125() throws {
        let windows = """
            apiVersion: v1
            kind: Pod
            spec:
              os: {name: windows}
              securityContext: {runAsNonRoot: true}
              containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver}]
            """
        #expect(Set(try Self.denied(windows, .restricted, "v1.24").map(\.checkID))
            == ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"])
        #expect(try Self.denied(windows, .restricted, "v1.25").isEmpty)
        #expect(try Self.denied(windows, .restricted, "latest").isEmpty)
        // The same pod marked Linux (or not marked) gets no exemption.
        let linux = windows.replacingOccurrences(of: "name: windows", with: "name: linux")
        #expect(try Self.denied(linux, .restricted, "latest").count == 3)
        // hostProcess stays forbidden for Windows pods at baseline.
        let hostProcess = windows.replacingOccurrences(
            of: "securityContext: {runAsNonRoot: true}",
            with: "securityContext: {runAsNonRoot: true, windowsOptions: {hostProcess: true}}")
        let denied = try Self.denied(hostProcess, .baseline, "latest")
        #expect(denied.map(\.checkID) == ["windowsHostProcess"])
        #expect(denied.first?.detail == "pod must not set securityContext.windowsOptions.hostProcess=true")
    }

    @Test func userNamespacePodsAreRelaxedFrom135() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            spec:
              hostUsers: false
              securityContext:
                seccompProfile: {type: RuntimeDefault}
                runAsUser: 0
              containers:
              - name: app
                image: x
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
                  procMount: Unmasked
            """
        #expect(Set(try Self.denied(yaml, .restricted, "v1.34").map(\.checkID)) == ["procMount", "runAsNonRoot", "runAsUser"])
        #expect(try Self.denied(yaml, .restricted, "v1.35").map(\.checkID) == ["procMount_restricted"])
        #expect(try Self.denied(yaml, .baseline, "v1.34").map(\.checkID) == ["procMount"])
        #expect(try Self.denied(yaml, .baseline, "v1.35").isEmpty)
    }

    // MARK: field paths and positions

    @Test func findingsNameTheFieldInTheWorkloadWithItsLine() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: unconfined
                spec:
                  initContainers:
                  - name: setup
                    image: busybox
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      privileged: true
                    ports:
                    - containerPort: 80
                      hostPort: 8080
            """
        let results = PodSecurity.evaluate(try Self.pod(yaml), level: .baseline, version: .latest)
        let byID = Dictionary(uniqueKeysWithValues: results.filter { !$0.allowed }.map { ($0.checkID, $0) })
        #expect(Set(byID.keys) == ["appArmorProfile", "hostPorts", "privileged"])

        let privileged = try #require(byID["privileged"])
        #expect(privileged.level == .baseline)
        #expect(privileged.reason == "privileged")
        #expect(privileged.detail == #"container "app" must not set securityContext.privileged=true"#)
        #expect(privileged.fields == [PSSField(path: "spec.template.spec.containers[0].securityContext.privileged", line: 17, column: 11)])

        let hostPort = try #require(byID["hostPorts"]?.fields.first)
        #expect(hostPort.path == "spec.template.spec.containers[0].ports[0].hostPort")
        #expect(hostPort.line == 20)

        let appArmor = try #require(byID["appArmorProfile"])
        #expect(appArmor.detail == #"annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"""#)
        #expect(appArmor.fields.first?.path == "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]")
        #expect(appArmor.fields.first?.line == 8)
    }

    @Test func aMissingRequiredFieldPointsAtItsNearestWrittenParent() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - name: app
                image: nginx
                securityContext:
                  capabilities: {drop: [ALL]}
            """
        let denied = try Self.denied(yaml, .restricted, "latest")
        let ape = try #require(denied.first { $0.checkID == "allowPrivilegeEscalation" })
        #expect(ape.fields == [PSSField(path: "spec.containers[0].securityContext.allowPrivilegeEscalation", line: 7, column: 5)])
        let seccomp = try #require(denied.first { $0.checkID == "seccompProfile_restricted" })
        #expect(seccomp.detail == #"pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost""#)
    }

    // MARK: upstream semantics

    @Test func messagesFollowUpstream() throws {
        let seLinux = """
            apiVersion: v1
            kind: Pod
            spec:
              securityContext:
                seLinuxOptions: {type: foo, user: u, role: r}
              containers:
              - {name: e, image: x, securityContext: {seLinuxOptions: {type: bar}}}
              - {name: f, image: x, securityContext: {seLinuxOptions: {type: container_t, user: u}}}
              - {name: ok, image: x, securityContext: {seLinuxOptions: {type: container_engine_t}}}
            """
        let denied = try Self.denied(seLinux, .baseline, "latest")
        #expect(denied.first?.detail
            == #"pod and containers "e", "f" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set"#)
        // container_engine_t became allowed in 1.31.
        #expect(try Self.denied(seLinux, .baseline, "v1.30").first?.detail.contains(#"containers "e", "f", "ok""#) == true)

        let ports = """
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - {name: a, image: x, ports: [{containerPort: 1}]}
              - {name: b, image: x, ports: [{containerPort: 1, hostPort: 20}, {containerPort: 2, hostPort: 10}]}
              - {name: c, image: x, ports: [{containerPort: 1, hostPort: 30}]}
            """
        #expect(try Self.denied(ports, .baseline, "latest").first?.detail == #"containers "b", "c" use hostPorts 10, 20, 30"#)

        let annotations = """
            apiVersion: v1
            kind: Pod
            metadata:
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: unconfined
                container.seccomp.security.alpha.kubernetes.io/app: runtime/default
            spec:
              containers: [{name: app, image: x}]
            """
        let seccomp = try Self.denied(annotations, .baseline, "v1.18")
        #expect(seccomp.first?.detail == #"forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined""#)
        // From 1.19 only the fields count.
        #expect(try Self.denied(annotations, .baseline, "v1.19").isEmpty)
    }

    @Test func volumesWithoutASourceAreDefaultedEmptyDirs() throws {
        func pod(_ volume: String) -> String {
            Self.restrictedLinuxPod + "\n  volumes:\n  - \(volume)"
        }
        #expect(try Self.denied(pod("{name: scratch}"), .restricted, "latest").isEmpty)
        #expect(try Self.denied(pod("{name: cfg, configMap: {name: c}}"), .restricted, "latest").isEmpty)
        let unknown = try Self.denied(pod("{name: odd, fancyNewVolume: {}}"), .restricted, "latest")
        #expect(unknown.first?.detail == #"volume "odd" uses restricted volume type "unknown""#)
        let nfs = try Self.denied(pod("{name: share, nfs: {server: s, path: /}}"), .restricted, "latest")
        #expect(nfs.first?.fields.first?.path == "spec.volumes[0].nfs")
        #expect(try Self.denied(pod("{name: h, hostPath: {path: /}}"), .baseline, "latest").map(\.checkID) == ["hostPathVolumes"])
    }

    @Test func wronglyTypedFieldsReadAsGoZeroValuesAndNeverCrash() throws {
        // A quoted "true" is a string, not a boolean: not privileged (the API would reject it).
        let quoted = """
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - {name: a, image: x, securityContext: {privileged: "true", runAsUser: "0"}}
            """
        #expect(try Self.denied(quoted, .baseline, "latest").isEmpty)

        let odd = """
            apiVersion: v1
            kind: Pod
            metadata: {annotations: [1, 2]}
            spec:
              hostNetwork: yes-please
              securityContext: 5
              initContainers: just-a-string
              containers:
              - 42
              - {name: [x], securityContext: {capabilities: {add: NET_ADMIN, drop: {ALL: true}}, seccompProfile: oops}}
              ephemeralContainers: {a: b}
              volumes: [7, {name: v, hostPath: null}, {name: w, secret: []}]
            """
        for level in PSSLevel.allCases {
            for minor in 0...37 {
                _ = PodSecurity.evaluate(try Self.pod(odd), level: level, version: PSSVersion(major: 1, minor: minor))
            }
        }
        let restricted = try Self.denied(odd, .restricted, "latest")
        // A set-but-malformed seccompProfile has no type: an explicit bad value "".
        #expect(restricted.first { $0.checkID == "seccompProfile_restricted" }?.detail
            .hasPrefix(#"container "" must not set securityContext.seccompProfile.type to """#) == true)
        // Non-mapping specs evaluate too.
        let scalarSpec = KubeNode(.scalar("nope", quoted: false), line: 1, column: 1)
        #expect(PodSecurity.isAllowed(PodSecurity.evaluate(podMetadata: nil, podSpec: scalarSpec, level: .restricted, version: .latest)))
    }

    @Test func summaryJoinsReasonsAndDetailsLikeUpstream() {
        let results = [
            PSSCheckResult(checkID: "a", level: .baseline, allowed: false, reason: "x", detail: "d1"),
            PSSCheckResult(checkID: "b", level: .baseline, allowed: true),
            PSSCheckResult(checkID: "c", level: .restricted, allowed: false, reason: "y"),
        ]
        #expect(PodSecurity.summary(results) == "x (d1), y")
        #expect(!PodSecurity.isAllowed(results))
        #expect(PodSecurity.siblingMetadataPath(of: "spec.jobTemplate.spec.template.spec") == "spec.jobTemplate.spec.template.metadata")
        #expect(PodSecurity.siblingMetadataPath(of: "spec") == "metadata")
    }
}

@testable import BulkheadKube
import Testing

/// `--fix` patches, checked by applying them (a minimal strategic merge: maps merge, containers
/// merge by name, `null` deletes) and evaluating the result at restricted.
@Suite struct RestrictedFixTests {
    /// Applies a patch given as YAML to a node.
    static func merge(_ base: KubeNode, _ patch: KubeNode) -> KubeNode {
        switch (base.value, patch.value) {
        case (.mapping(var entries), .mapping(let changes)):
            for change in changes {
                if change.value.isNull {
                    entries.removeAll { $0.key == change.key }
                } else if let i = entries.firstIndex(where: { $0.key == change.key }) {
                    entries[i].value = merge(entries[i].value, change.value)
                } else {
                    entries.append(change)
                }
            }
            return KubeNode(.mapping(entries), line: base.line, column: base.column)
        case (.sequence(var items), .sequence(let changes)) where changes.allSatisfy({ $0["name"] != nil }):
            for change in changes {
                if let i = items.firstIndex(where: { $0["name"]?.string == change["name"]?.string }) {
                    items[i] = merge(items[i], change)
                } else {
                    items.append(change)
                }
            }
            return KubeNode(.sequence(items), line: base.line, column: base.column)
        default:
            return patch
        }
    }

    @Test func patchesBringWorkloadsToRestricted() throws {
        let text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: a}
            spec:
              template:
                spec:
                  hostPID: true
                  securityContext: {runAsUser: 0}
                  initContainers:
                    - {name: init, image: "busybox:1"}
                  containers:
                    - name: app
                      image: nginx:1.27
                      securityContext:
                        privileged: true
                        capabilities: {add: [NET_ADMIN, NET_BIND_SERVICE]}
                    - name: sidecar
                      image: envoy:1
            """
        let (docs, errors) = KubeDocumentLoader.load(text: text, file: "d.yaml")
        #expect(errors.isEmpty)
        let doc = try #require(docs.first)
        let fix = try #require(RestrictedFix.patch(for: doc))
        #expect(fix.manual.isEmpty)
        let patch = try #require(KubeDocumentLoader.load(text: fix.yaml, file: "patch.yaml").documents.first, "\(fix.yaml)")
        let fixed = KubeDocument(file: "d.yaml", index: 0, root: Self.merge(doc.root, patch.root))
        let view = try #require(fixed.podTemplate)
        let still = PodSecurity.evaluate(view, level: .restricted, version: .latest).filter { !$0.allowed }
        #expect(still.isEmpty, "\(still.map(\.checkID))\n\(fix.yaml)")
        #expect(fixed.root[path: "spec.template.spec"]?["containers"]?.items.first?[path: "securityContext.capabilities.add"]?
            .items.compactMap(\.string) == ["NET_BIND_SERVICE"])
        #expect(RestrictedFix.patch(for: fixed) == nil, "a compliant workload gets no patch")
    }

    @Test func whatNeedsAHumanIsListedNotGuessed() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c, image: "x:1", ports: [{containerPort: 80, hostPort: 80}]}]
              volumes: [{name: h, hostPath: {path: /data}}]
            """
        let doc = try #require(KubeDocumentLoader.load(text: text, file: "p.yaml").documents.first)
        let fix = try #require(RestrictedFix.patch(for: doc))
        #expect(fix.manual.map { String($0.prefix(while: { $0 != ":" })) } == ["hostPorts", "restrictedVolumes"])
    }
}

@testable import BulkheadKube
import Testing

@Suite struct KubeDocumentLoaderTests {
    static let multi = """
        # leading comment
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.25
                  securityContext:
                    privileged: true
        ---
        # only a comment
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers: [{name: c, image: "busybox"}]
        """

    @Test func multiDocumentPositionsAreFileLines() throws {
        let (docs, errors) = KubeDocumentLoader.load(text: Self.multi, file: "all.yaml")
        #expect(errors.isEmpty)
        #expect(docs.map(\.displayName) == ["Namespace/shop", "Deployment/web", "CronJob/nightly"])
        #expect(docs.map(\.index) == [0, 1, 2])
        let web = docs[1]
        let privileged = try #require(web.root[path: "spec.template.spec"]?["containers"]?.items.first?[path: "securityContext"]?.entry("privileged"))
        #expect(privileged.keyLine == 19)
        #expect(privileged.value.bool == true)
        #expect(web.line == 7)
        let view = try #require(docs[2].podTemplate)
        #expect(view.specPath == "spec.jobTemplate.spec.template.spec")
        #expect(view.containers.map(\.node.line) == [31])
        #expect(view.containers.first?.node["image"]?.string == "busybox")
    }

    @Test func aMalformedDocumentIsLocatedAndTheOthersStillLoad() {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: broken
               bad: indentation
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: c}
            """
        let (docs, errors) = KubeDocumentLoader.load(text: text, file: "m.yaml")
        #expect(docs.map(\.displayName) == ["ConfigMap/a", "Secret/c"])
        #expect(errors.count == 1)
        #expect(errors.first?.line == 9, "\(errors)")
        #expect(errors.first?.index == 1)
        #expect(errors.first?.description.hasPrefix("m.yaml:9:") == true)
    }

    @Test func jsonListsAndScalarsAreTyped() throws {
        let json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
               "spec": {"hostNetwork": true, "containers": [{"name": "c", "image": "x", "ports": [{"hostPort": 8080}]}],
                        "securityContext": {"runAsUser": "0"}}}]}
            """
        let (docs, errors) = KubeDocumentLoader.load(text: json, file: "list.json")
        #expect(errors.isEmpty)
        let pod = try #require(docs.first)
        #expect(pod.displayName == "Pod/p")
        #expect(pod.root[path: "spec.hostNetwork"]?.bool == true)
        #expect(pod.root[path: "spec.containers"]?.items.first?["ports"]?.items.first?["hostPort"]?.int == 8080)
        #expect(pod.root[path: "spec.securityContext.runAsUser"]?.int == nil, "a quoted 0 is a string, not an integer")
    }

    @Test func mergeKeysApplyAndDuplicateKeysAreLocatedErrors() throws {
        let text = """
            base: &b {a: 1, b: 2}
            m:
              <<: *b
              b: 3
            """
        let (docs, errors) = KubeDocumentLoader.load(text: text, file: "x.yaml")
        #expect(errors.isEmpty)
        let root = try #require(docs.first?.root)
        #expect(root[path: "m.a"]?.int == 1)
        #expect(root[path: "m.b"]?.int == 3)
        // kubectl refuses duplicate keys too ("mapping key already defined").
        let dup = KubeDocumentLoader.load(text: "a: 1\nkind: Pod\nkind: Service\n", file: "d.yaml")
        #expect(dup.documents.isEmpty)
        #expect(dup.errors.first?.message.contains("kind") == true, "\(dup.errors)")
    }

    @Test func aliasBombsAreBounded() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { text += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        let (docs, errors) = KubeDocumentLoader.load(text: text, file: "bomb.yaml")
        #expect(docs.isEmpty)
        #expect(errors.first?.message.contains("nodes") == true)
    }
}

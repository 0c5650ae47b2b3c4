import BulkheadTesting
import Foundation
import Testing

/// `bulkhead k8s` end to end: files, directories, stdin, exact lines, exit codes.
@Suite("bulkhead k8s")
struct K8sCLITests {
    static let manifest = """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {type: NodePort, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          containers:
            - name: c
              image: nginx:1.27
              securityContext:
                privileged: true
        """

    @Test("a multi-document file: findings name file:line of the offending field; JSON carries the field path")
    func lines() throws {
        let dir = try CLITests().tempDir(["m.yaml": Self.manifest])
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try CLITests().run(["k8s", "m.yaml", "--fail-on", "high"], cwd: dir)
        #expect(table.status == 1, "\(table.stderr)")
        #expect(table.stdout.contains("14:9   HIGH    KS100  Pod/p: restricted v1.37 privileged"), "\(table.stdout)")
        #expect(table.stdout.contains("4:14   INFO    KS213  Service/web"), "\(table.stdout)")
        let json = try CLITests().run(["k8s", "m.yaml", "-f", "json", "--fail-on", "none"], cwd: dir)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require((object["targets"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
        let privileged = try #require(findings.first { ($0["message"] as? String)?.contains("privileged:") == true })
        let location = try #require(privileged["location"] as? [String: Any])
        #expect(location["line"] as? Int == 14)
        #expect(location["fieldPath"] as? String == "spec.containers[0].securityContext.privileged")
        // A directory given with a trailing slash names its files with one slash.
        let slash = try CLITests().run(["k8s", dir.path + "/", "--fail-on", "none"])
        #expect(slash.stdout.contains(dir.path + "/m.yaml") && !slash.stdout.contains("//m.yaml"), "\(slash.stdout)")
    }

    @Test("stdin, --pss-level baseline, and a malformed document: located error, exit 3, the rest still audited")
    func stdinAndErrors() throws {
        let broken = Self.manifest + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: 1\n"
        let r = try CLITests().run(["k8s", "-", "--pss-level", "baseline", "--fail-on", "none"], stdin: broken)
        #expect(r.status == 3)
        #expect((r.stdout + r.stderr).contains("-:20:7: invalid YAML"), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("KS100"), "the valid documents are still audited")
        #expect(r.stdout.contains("baseline v1.37 privileged"))
        let bad = try CLITests().run(["k8s", "-", "--pss-version", "v2.0"], stdin: Self.manifest)
        #expect(bad.status == 2)
    }

    @Test("directories are walked (dot-folders included); real-world manifests load; duplicate keys are located errors")
    func corpus() throws {
        let r = try CLITests().run(["k8s", Corpus.url("k8s-manifests/kube-prometheus").path, "--fail-on", "none", "-f", "json"])
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.count == 85)
        let dup = try CLITests().run(["k8s", Corpus.url("k8s-manifests/kubernetes-examples/_archived/openshift-origin/etcd-controller.yaml").path])
        #expect(dup.status == 3)
        #expect((dup.stdout + dup.stderr).contains("etcd-controller.yaml:6:3: duplicate key 'selector'"), "\(dup.stdout)\(dup.stderr)")
        let dir = try CLITests().tempDir([".config/deploy.yaml": Self.manifest])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLITests().run(["k8s", ".", "--fail-on", "none"], cwd: dir).stdout.contains(".config/deploy.yaml"))
    }
}

/// Chart and kustomization directories are rendered by the tool on PATH. Neither helm nor
/// kustomize is installed on this machine, so the test puts a stand-in `helm` on PATH that
/// prints a manifest and records its arguments: it checks the invocation, not Helm itself.
@Suite("bulkhead k8s renders charts")
struct K8sRenderCLITests {
    @Test("a directory with Chart.yaml goes through `helm template DIR`")
    func helmChart() throws {
        let dir = try CLITests().tempDir([
            "chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
            "chart/templates/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n",
            "bin/helm": "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\nprintf 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: rendered}\\nspec: {hostPID: true, containers: [{name: c, image: \"x:1\"}]}\\n'\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.appendingPathComponent("bin/helm").path, 0o755)
        let path = dir.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let r = try CLITests().run(["k8s", "chart", "--fail-on", "none"], cwd: dir, env: ["PATH": path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("chart (helm template)"))
        #expect(r.stdout.contains("Pod/rendered: restricted v1.37 hostNamespaces"))
        let args = try String(contentsOf: dir.appendingPathComponent("bin/args"), encoding: .utf8)
        #expect(args.trimmingCharacters(in: .whitespacesAndNewlines) == "template chart")
    }
}

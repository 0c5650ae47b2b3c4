import BulkheadTesting
import Foundation
import Testing

/// Runs the built `bulkhead` binary end to end: exit codes, formats, config, stdin, help.
@Suite("bulkhead CLI end to end")
struct CLITests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL? {
        for rel in [".build/debug/bulkhead", ".build/x86_64-unknown-linux-gnu/debug/bulkhead",
                    ".build/aarch64-unknown-linux-gnu/debug/bulkhead"] {
            let url = repoRoot.appendingPathComponent(rel)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String], stdin: String? = nil, cwd: URL? = nil, env: [String: String] = [:]) throws -> Run {
        let exe = try #require(Self.binary, "bulkhead binary not built: run `swift build` first")
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = cwd ?? FileManager.default.temporaryDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func tempDir(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-cli-\(UUID().uuidString)")
        for (name, content) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test("-o onto a device writes through it: the node stays a character device (not replaced by a regular file)")
    func outputToDevice() throws {
        guard geteuid() == 0 else {
            FileHandle.standardError.write(Data("*** -o device test NOT RUN: mknod needs root ***\n".utf8))
            try Test.cancel("NOT RUN: mknod needs root")
        }
        let dir = try tempDir(["Dockerfile": "FROM alpine\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let node = dir.appendingPathComponent("null").path
        try #require(mknod(node, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)
        let r = try run(["dockerfile", "Dockerfile", "-o", node, "--fail-on", "none"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(stat(node, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
    }

    @Test("--version prints the version")
    func version() throws {
        let r = try run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test("--help teaches with examples and documents exit codes")
    func help() throws {
        let r = try run(["dockerfile", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("EXAMPLES"))
        #expect(r.stdout.contains("--fail-on"))
        let top = try run(["--help"])
        #expect(top.stdout.contains("EXIT CODES"))
    }

    @Test("a clean file exits 0, findings at the threshold exit 1, below it exit 0")
    func exitCodes() throws {
        let dir = try tempDir([
            "clean/Dockerfile": "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nUSER 10001\nCMD [\"true\"]\n",
            "bad/Dockerfile": "FROM alpine:latest\nRUN curl -fsSL https://x.example/i.sh | sh\n",
        ])
        #expect(try run(["dockerfile", "clean/Dockerfile", "--no-config"], cwd: dir).status == 0)
        #expect(try run(["dockerfile", "bad/Dockerfile", "--no-config"], cwd: dir).status == 1)
        #expect(try run(["dockerfile", "bad/Dockerfile", "--no-config", "--fail-on", "critical"], cwd: dir).status == 0)
        #expect(try run(["dockerfile", "bad/Dockerfile", "--no-config", "--fail-on", "high"], cwd: dir).status == 1)
        #expect(try run(["dockerfile", "bad/Dockerfile", "--no-config", "--fail-on", "none"], cwd: dir).status == 0)
    }

    @Test("usage errors exit 2; unreadable or unparsable input exits 3")
    func errorCodes() throws {
        let dir = try tempDir(["Dockerfile": "FORM alpine\n"])
        #expect(try run(["dockerfile", "--format", "yaml"], cwd: dir).status == 2)
        #expect(try run(["dockerfile", "--ignore", "NOPE123", "Dockerfile"], cwd: dir).status == 2)
        let missing = try run(["dockerfile", "does-not-exist"], cwd: dir)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("does-not-exist"))
        let broken = try run(["dockerfile", "Dockerfile", "--no-config"], cwd: dir)
        #expect(broken.status == 3)
        #expect(broken.stdout.contains("Dockerfile:1:1"))
        #expect(broken.stdout.contains("unknown instruction: FORM"))
    }

    @Test("stdin is linted with - and JSON output is machine-readable")
    func stdinJSON() throws {
        let r = try run(["dockerfile", "-", "--format", "json", "--no-config", "--fail-on", "none"], stdin: "FROM debian:latest\n")
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? String == "1.1.0")
        let targets = try #require(object["targets"] as? [[String: Any]])
        let findings = try #require(targets.first?["findings"] as? [[String: Any]])
        #expect(findings.contains { ($0["aliases"] as? [String])?.contains("DL3007") == true })
        #expect(targets.first?["name"] as? String == "-")
    }

    @Test("--output writes the report to a file, and SARIF is produced")
    func outputFile() throws {
        let dir = try tempDir(["Dockerfile": "FROM debian:latest\n"])
        let r = try run(["dockerfile", "Dockerfile", "-f", "sarif", "-o", "out.sarif", "--no-config", "--fail-on", "none"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let sarif = try String(contentsOf: dir.appendingPathComponent("out.sarif"), encoding: .utf8)
        #expect(sarif.contains("\"version\" : \"2.1.0\""))
    }

    @Test("inline Hadolint and Bulkhead pragmas suppress findings")
    func pragmas() throws {
        let dir = try tempDir(["Dockerfile": "# hadolint ignore=DL3007\nFROM debian:latest\n# bulkhead ignore=DF304 vendor installer, reviewed\nRUN curl -fsSL https://x.example/i.sh | sh\n"])
        let r = try run(["dockerfile", "Dockerfile", "-f", "json", "--no-config", "--fail-on", "none"], cwd: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let target = try #require((object["targets"] as? [[String: Any]])?.first)
        let found = (target["findings"] as? [[String: Any]] ?? []).compactMap { $0["ruleId"] as? String }
        let suppressed = (target["suppressed"] as? [[String: Any]] ?? []).compactMap { $0["ruleId"] as? String }
        #expect(!found.contains("DF107") && !found.contains("DF304"))
        #expect(Set(suppressed) == ["DF107", "DF304"])
    }

    @Test(".bulkhead.yaml is found upward; .hadolint.yaml is honoured when it is absent")
    func configs() throws {
        let dir = try tempDir([
            "proj/.bulkhead.yaml": "disable: [DL3007]\nfail-on: critical\n",
            "proj/sub/Dockerfile": "FROM debian:latest\n",
            "other/.hadolint.yaml": "ignored: [DL3007]\nfailure-threshold: error\n",
            "other/Dockerfile": "FROM debian:latest\n",
        ])
        let a = try run(["dockerfile", "Dockerfile", "-f", "json"], cwd: dir.appendingPathComponent("proj/sub"))
        #expect(a.status == 0)
        #expect(!a.stdout.contains("DL3007"))
        let b = try run(["dockerfile", "Dockerfile", "-f", "json"], cwd: dir.appendingPathComponent("other"))
        #expect(!b.stdout.contains("DL3007"))
        let bad = try tempDir([".bulkhead.yaml": "fial-on: high\n", "Dockerfile": "FROM debian:12\n"])
        let c = try run(["dockerfile", "Dockerfile"], cwd: bad)
        #expect(c.status == 2)
        #expect(c.stderr.contains(".bulkhead.yaml:1"))
    }

    @Test("expired config ignores stop applying and say so")
    func expiredIgnore() throws {
        let dir = try tempDir([
            ".bulkhead.yaml": "ignore:\n  - paths: [\"Dockerfile\"]\n    rules: [DL3007]\n    reason: old\n    expires: 2020-01-01\n",
            "Dockerfile": "FROM debian:latest\n",
        ])
        let r = try run(["dockerfile", "Dockerfile", "-f", "json", "--fail-on", "none"], cwd: dir)
        #expect(r.stdout.contains("DL3007"))
        #expect(r.stdout.contains("expired-ignore"))
    }

    @Test("a directory is walked for Dockerfiles")
    func directory() throws {
        let dir = try tempDir(["a/Dockerfile": "FROM debian:12\n", "b/app.Dockerfile": "FROM debian:12\n", "c/readme.md": "x"])
        let r = try run(["dockerfile", ".", "-f", "json", "--no-config", "--fail-on", "none"], cwd: dir)
        #expect(r.stdout.contains("\"targets\" : 2"))
    }

    /// DF402 findings of a JSON report as `line: message`, and the diagnostic codes.
    func copyIgnored(_ r: Run) throws -> (findings: [String], diagnostics: [String]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let targets = try #require(object["targets"] as? [[String: Any]])
        let findings = targets.flatMap { $0["findings"] as? [[String: Any]] ?? [] }
            .filter { $0["ruleId"] as? String == "DF402" }
            .map { "\(($0["location"] as? [String: Any])?["line"] as? Int ?? 0): \($0["message"] as? String ?? "")" }
        let diagnostics = targets.flatMap { $0["diagnostics"] as? [[String: Any]] ?? [] }.compactMap { $0["code"] as? String }
        return (findings, diagnostics)
    }

    @Test(".dockerignore next to the Dockerfile: COPY/ADD of an excluded file is DF402 (CopyIgnoredFile)")
    func dockerignore() throws {
        let dir = try tempDir([
            "app/Dockerfile": "FROM alpine:3.20\nWORKDIR /app\nCOPY package.json ./\nCOPY node_modules ./node_modules\nADD .env /app/\n",
            "app/.dockerignore": "# local only\nnode_modules\n.env\n",
            "app/other.Dockerfile": "FROM alpine:3.20\nCOPY package.json node_modules /app/\n",
            "app/other.Dockerfile.dockerignore": "package.json\n",
            "ctx/.dockerignore": "package.json\n",
        ])
        let args = ["-f", "json", "--no-config", "--fail-on", "none"]
        let r = try copyIgnored(try run(["dockerfile", "app/Dockerfile"] + args, cwd: dir))
        #expect(r.findings == [
            "4: Attempting to Copy file \"node_modules\" that is excluded by .dockerignore",
            "5: Attempting to Add file \".env\" that is excluded by .dockerignore",
        ])
        #expect(r.diagnostics.isEmpty)
        // `<Dockerfile>.dockerignore` takes precedence over the context's `.dockerignore`.
        let other = try copyIgnored(try run(["dockerfile", "app/other.Dockerfile"] + args, cwd: dir))
        #expect(other.findings == ["2: Attempting to Copy file \"package.json\" that is excluded by .dockerignore"])
        // --context names the build context; stdin is checked only with it.
        let context = try copyIgnored(try run(["dockerfile", "--context", "ctx", "app/Dockerfile"] + args, cwd: dir))
        #expect(context.findings == ["3: Attempting to Copy file \"package.json\" that is excluded by .dockerignore"])
        let stdin = "FROM alpine:3.20\nCOPY package.json /app/\n"
        #expect(try copyIgnored(try run(["dockerfile", "-"] + args, stdin: stdin, cwd: dir.appendingPathComponent("ctx"))).findings.isEmpty)
        #expect(try copyIgnored(try run(["dockerfile", "--context", "ctx", "-"] + args, stdin: stdin, cwd: dir)).findings
                == ["2: Attempting to Copy file \"package.json\" that is excluded by .dockerignore"])
        // Disabled by id or BuildKit name: nothing.
        #expect(try copyIgnored(try run(["dockerfile", "app/Dockerfile", "--ignore", "CopyIgnoredFile"] + args, cwd: dir)).findings.isEmpty)
        #expect(try run(["dockerfile", "--context", "missing", "app/Dockerfile"] + args, cwd: dir).status == 2)
    }

    @Test("an invalid .dockerignore is a warning, not a failure")
    func invalidDockerignore() throws {
        let dir = try tempDir(["Dockerfile": "FROM alpine:3.20\nCOPY a /a\n", ".dockerignore": "a\n[\n"])
        let r = try run(["dockerfile", "Dockerfile", "-f", "json", "--no-config", "--fail-on", "none"], cwd: dir)
        #expect(r.status == 0)
        let result = try copyIgnored(r)
        #expect(result.findings.isEmpty)
        #expect(result.diagnostics == ["dockerignore-invalid"])
        #expect(r.stdout.contains(".dockerignore"))
        let unreadable = try tempDir(["Dockerfile": "FROM alpine:3.20\nCOPY a /a\n", ".dockerignore/x": "a\n"])
        let u = try run(["dockerfile", "Dockerfile", "-f", "json", "--no-config", "--fail-on", "none"], cwd: unreadable)
        #expect(u.status == 0)
        #expect(try copyIgnored(u).diagnostics == ["dockerignore-unreadable"])
    }

    @Test("rules lists and explains rules by any alias")
    func rules() throws {
        let list = try run(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("DF107"))
        let one = try run(["rules", "DL3007"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("no-latest-tag"))
        #expect(try run(["rules", "NOPE"]).status == 2)
        // A Trivy id that one rule cites explains that rule; one that several cite lists them.
        let pat = try run(["rules", "github-pat"])
        #expect(pat.status == 0 && pat.stdout.hasPrefix("SE003 github-token"), "\(pat.stdout)\(pat.stderr)")
        let ds002 = try run(["rules", "DS002"])
        #expect(ds002.status == 0 && ds002.stdout.hasPrefix("'DS002' is a peer id cited by"), "\(ds002.stdout)\(ds002.stderr)")
        #expect(ds002.stdout.contains("IM001"))
        // A family prefix lists those rules (what `k8s --help` advertises).
        let ks = try run(["rules", "KS"])
        #expect(ks.status == 0 && ks.stdout.contains("KS") && !ks.stdout.contains("DF107"), "\(ks.stdout)\(ks.stderr)")
    }

    @Test("docs/rules.md is current with the rule metadata")
    func rulesDoc() throws {
        let generated = try run(["rules", "--markdown"]).stdout
        let onDisk = try String(contentsOf: Self.repoRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(generated == onDisk, "docs/rules.md is stale: run `make docs`")
    }
}

@Suite("bulkhead --shellcheck")
struct ShellCheckCLITests {
    @Test("ShellCheck findings are added with SC codes; build variables count as defined")
    func shellcheck() throws {
        // .ci/run installs shellcheck; without it this test fails loudly rather than passing.
        let onPath = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/shellcheck") }
        try #require(onPath, "shellcheck is not on PATH: install it (apt-get install shellcheck) to run this test")
        let cli = CLITests()
        let dir = try cli.tempDir(["Dockerfile": "FROM debian:12\nARG VERSION=1\nRUN echo $foo $VERSION\n"])
        let r = try cli.run(["dockerfile", "Dockerfile", "--shellcheck", "-f", "json", "--no-config", "--fail-on", "none"], cwd: dir)
        #expect(r.stdout.contains("\"ruleId\" : \"SC2086\""))
        #expect(r.stdout.contains("foo is referenced but not assigned"))
        #expect(!r.stdout.contains("VERSION is referenced but not assigned"))
    }
}

@Suite("bulkhead sbom")
struct SBOMCLITests {
    func rootfs() throws -> URL {
        try CLITests().tempDir([
            "rootfs/etc/os-release": "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
            "rootfs/var/lib/dpkg/status": """
                Package: libssl3
                Status: install ok installed
                Architecture: amd64
                Source: openssl
                Version: 3.0.15-1~deb12u1

                Package: removed-pkg
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 1.0

                """,
            "rootfs/usr/lib/python3/dist-packages/Jinja2-3.1.4.dist-info/METADATA": "Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.4\nLicense: BSD-3-Clause\n",
        ])
    }

    @Test("a root filesystem gives a CycloneDX SBOM with OS, dpkg and Python packages")
    func cyclonedx() throws {
        let dir = try rootfs()
        let r = try CLITests().run(["sbom", "dir:rootfs", "-f", "cyclonedx"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let bom = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(bom["specVersion"] as? String == "1.6")
        let components = try #require(bom["components"] as? [[String: Any]])
        let purls = Set(components.compactMap { $0["purl"] as? String })
        #expect(purls.contains("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl"))
        #expect(purls.contains("pkg:pypi/jinja2@3.1.4"))
        #expect(!purls.contains { $0.contains("removed-pkg") })
        #expect(components.contains { $0["type"] as? String == "operating-system" })
    }

    @Test("SPDX output and the table are produced; a missing source is an operational error naming it")
    func formats() throws {
        let dir = try rootfs()
        let spdx = try CLITests().run(["sbom", "rootfs", "-f", "spdx"], cwd: dir)
        #expect(spdx.status == 0)
        #expect(spdx.stdout.contains("\"spdxVersion\" : \"SPDX-2.3\""))
        // Reproducible builds: SOURCE_DATE_EPOCH fixes the one timestamp, so two runs are identical.
        let a = try CLITests().run(["sbom", "rootfs", "-f", "spdx"], cwd: dir, env: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(a.stdout.contains("\"created\" : \"2023-11-14T22:13:20Z\""), "\(a.stdout.prefix(600))")
        Thread.sleep(forTimeInterval: 1.1)
        let b = try CLITests().run(["sbom", "rootfs", "-f", "spdx"], cwd: dir, env: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(a.stdout == b.stdout)
        // The default database lives under $HOME (not the password database's home directory).
        let home = try CLITests().run(["db", "status"], cwd: dir, env: ["HOME": dir.path, "BULKHEAD_DB": "", "XDG_CACHE_HOME": ""])
        #expect(home.stderr.contains(dir.path + "/.cache/bulkhead/vuln.db"), "\(home.stdout)\(home.stderr)")
        let table = try CLITests().run(["sbom", "rootfs"], cwd: dir)
        #expect(table.stdout.contains("2 packages (1 deb, 1 pypi)"))
        let missing = try CLITests().run(["sbom", "docker-archive:x.tar"], cwd: dir)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("x.tar"))
        #expect(try CLITests().run(["sbom", "missing-dir"], cwd: dir).status == 3)
    }
}

@Suite("bulkhead sbom from a registry",
       .enabled(if: LocalRegistry.available, "SKIPPED: needs Debian's docker-registry and skopeo (apt-get install docker-registry skopeo; .ci/run installs them)"))
struct SBOMRegistryCLITests {
    /// A one-layer docker archive of `rootfs`, written with Python's tarfile (a real `docker save` layout).
    func archive(of rootfs: URL, to path: String) throws {
        let script = #"""
            import tarfile, io, json, hashlib, sys
            root, out = sys.argv[1], sys.argv[2]
            buf = io.BytesIO()
            with tarfile.open(fileobj=buf, mode='w') as t: t.add(root, arcname='.')
            layer = buf.getvalue()
            sha = lambda b: hashlib.sha256(b).hexdigest()
            cfg = json.dumps({'os': 'linux', 'architecture': 'amd64', 'config': {},
                              'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + sha(layer)]}}).encode()
            with tarfile.open(out, 'w') as t:
                for name, data in [('manifest.json', json.dumps([{'Config': sha(cfg) + '.json', 'RepoTags': ['demo:1'],
                                    'Layers': ['l/layer.tar']}]).encode()), (sha(cfg) + '.json', cfg), ('l/layer.tar', layer)]:
                    ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
            """#
        try runTool("/usr/bin/env", ["python3", "-c", script, rootfs.path, path])
    }

    @Test("sbom REGISTRY/REPO:TAG --insecure equals the SBOM of the archive that was pushed")
    func registryEqualsArchive() throws {
        let dir = try SBOMCLITests().rootfs()
        let tar = dir.appendingPathComponent("image.tar").path
        try archive(of: dir.appendingPathComponent("rootfs"), to: tar)
        let registry = try LocalRegistry()
        try registry.push("docker-archive:" + tar, as: "demo:1")
        func purls(_ args: [String]) throws -> [String] {
            let r = try CLITests().run(["sbom"] + args + ["-f", "cyclonedx"], cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let bom = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return (bom["components"] as? [[String: Any]] ?? []).compactMap { $0["purl"] as? String }.sorted()
        }
        let pulled = try purls(["127.0.0.1:\(registry.port)/demo:1", "--insecure"])
        #expect(pulled == (try purls(["docker-archive:" + tar])))
        #expect(pulled.contains("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl"))
        #expect(pulled.contains("pkg:pypi/jinja2@3.1.4"))
        let missing = try CLITests().run(["sbom", "127.0.0.1:\(registry.port)/demo:2", "--insecure"], cwd: dir)
        #expect(missing.status == 3 && missing.stderr.contains("demo") && missing.stderr.contains("404"), "\(missing.stderr)")
    }
}

import BulkheadTesting
import Foundation
import Testing

/// `bulkhead runtime` end to end: rule validation, replay of recorded events, k8s audit logs,
/// alert outputs (stdout JSON/text, file, program, webhook), filters and exit codes.
@Suite("bulkhead runtime")
struct RuntimeCLITests {
    static let stable = Corpus.url("falco/rules/falco_rules.yaml").path
    static let k8sRules = Corpus.url("falco/plugin-rules/k8saudit__k8s_audit_rules.yaml").path

    /// `cat /etc/shadow` from a shell in a container (fires "Read sensitive file untrusted").
    static let shadowRead = #"{"type":"openat","ts":1764440050000000000,"res":3,"args":{"fd":3,"dirfd":-100,"name":"/etc/shadow","flags":"O_RDONLY","mode":0},"proc":{"pid":61544,"ppid":61510,"vpid":77,"name":"cat","exe":"cat","exepath":"/usr/bin/cat","args":["/etc/shadow"],"cwd":"/","tty":34816},"ancestors":[{"pid":61510,"name":"bash","exe":"bash","exepath":"/usr/bin/bash","args":[]},{"pid":1,"name":"systemd","exe":"/sbin/init","exepath":"/usr/lib/systemd/systemd","args":[]}],"user":{"uid":0,"name":"root","loginuid":-1},"group":{"gid":0,"name":"root"},"fd":{"num":3,"type":"file","name":"/etc/shadow"},"container":{"id":"3ad7b26ded6d","name":"web","image":"docker.io/library/nginx:1.27","privileged":false}}"#
    /// The same open of /etc/passwd (no rule).
    static let passwdRead = shadowRead.replacingOccurrences(of: "/etc/shadow", with: "/etc/passwd")

    func events(_ lines: [String]) throws -> URL {
        try CLITests().tempDir(["events.jsonl": lines.joined(separator: "\n") + "\n"])
    }

    @Test("rules validate: the stable rules are clean (exit 0); a broken file lists every error with file:line (exit 1)")
    func validate() throws {
        let ok = try CLITests().run(["runtime", "rules", "validate", Self.stable])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("25 rules, 0 error(s)"), "\(ok.stdout)")
        let dir = try CLITests().tempDir(["bad.yaml": """
            - rule: one
              condition: evt.type=open and (
              output: x
              desc: d
              priority: INFO
            - macro: two
              condition: nope.field = 1
            - rule: three
              condition: evt.type=open and two
              output: x
              desc: d
              priority: INFO
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try CLITests().run(["runtime", "rules", "validate", "bad.yaml"], cwd: dir)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("bad.yaml:2:"), "\(bad.stdout)")
        #expect(bad.stdout.contains("rule 'one'") && bad.stdout.contains("LOAD_ERR_COMPILE_CONDITION"), "\(bad.stdout)")
        #expect(bad.stdout.contains("rule 'three'"), "\(bad.stdout)")
        let json = try CLITests().run(["runtime", "rules", "validate", "bad.yaml", "--format", "json"], cwd: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["successful"] as? Bool == false)
        #expect(((object["errors"] as? [[String: Any]]) ?? []).count >= 2)
    }

    @Test("rules coverage: every stable rule is evaluable; sandbox rules needing other fields are named")
    func coverage() throws {
        let r = try CLITests().run(["runtime", "rules", "coverage", Self.stable])
        #expect(r.status == 0)
        #expect(r.stdout.contains("25/25 rules fully evaluable"), "\(r.stdout)")
        let list = try CLITests().run(["runtime", "rules", "list", Self.stable])
        #expect(list.stdout.split(separator: "\n").count == 25)
        #expect(list.stdout.contains("Read sensitive file untrusted\tWarning\tsyscall\tenabled"), "\(list.stdout)")
    }

    @Test("replay: a firing event gives one Falco-shaped JSON alert; a near-miss none; a bad line is named and skipped")
    func replayJSON() throws {
        let dir = try events([Self.shadowRead, Self.passwdRead, "{not json", ""])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(["runtime", "replay", "events.jsonl", "--rules", Self.stable], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stdout)")
        let alert = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(alert["rule"] as? String == "Read sensitive file untrusted")
        #expect(alert["priority"] as? String == "Warning")
        #expect(alert["source"] as? String == "syscall")
        #expect(alert["time"] as? String == "2025-11-29T18:14:10.000000000Z")
        #expect((alert["tags"] as? [String])?.contains("filesystem") == true)
        #expect(alert["hostname"] is String)
        let output = try #require(alert["output"] as? String)
        #expect(output.hasPrefix("18:14:10.000000000: Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow"), "\(output)")
        let fields = try #require(alert["output_fields"] as? [String: Any])
        #expect(fields["fd.name"] as? String == "/etc/shadow")
        #expect(fields["user.uid"] as? Int == 0)
        #expect(fields["evt.time"] as? Int == 1764440050000000000)
        #expect(fields["proc.aname[2]"] as? String == "systemd")
        #expect(r.stderr.contains("events.jsonl:3:"), "\(r.stderr)")
        #expect(r.stderr.contains("replayed 2 event(s)"), "\(r.stderr)")
    }

    @Test("replay: text format, --min-priority, de-duplication, file and program outputs")
    func replayOutputs() throws {
        let dir = try events(Array(repeating: Self.shadowRead, count: 5))
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try CLITests().run(["runtime", "replay", "events.jsonl", "--rules", Self.stable, "--format", "text", "--dedup", "60"], cwd: dir)
        #expect(text.stdout.split(separator: "\n").count == 1, "\(text.stdout)")
        #expect(text.stdout.hasPrefix("18:14:10.000000000: Warning Sensitive file opened"), "\(text.stdout)")
        let high = try CLITests().run(["runtime", "replay", "events.jsonl", "--rules", Self.stable, "--min-priority", "critical"], cwd: dir)
        #expect(high.stdout.isEmpty, "\(high.stdout)")
        let outs = try CLITests().run(["runtime", "replay", "events.jsonl", "--rules", Self.stable, "--quiet",
                                       "--alerts-file", "alerts.json", "--program", "cat > piped.json"], cwd: dir)
        #expect(outs.status == 0, "\(outs.stderr)")
        #expect(outs.stdout.isEmpty)
        let file = try String(contentsOf: dir.appendingPathComponent("alerts.json"), encoding: .utf8)
        let piped = try String(contentsOf: dir.appendingPathComponent("piped.json"), encoding: .utf8)
        #expect(file.split(separator: "\n").count == 5)
        #expect(piped == file)
    }

    @Test("replay: alerts are POSTed to a webhook on loopback, one JSON object per request")
    func webhook() throws {
        let dir = try events([Self.shadowRead, Self.shadowRead])
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            import http.server, sys, threading
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers['Content-Length']))
                    open(sys.argv[1], 'ab').write(body + b'\\n')
                    self.send_response(200); self.end_headers()
                def log_message(self, *a): pass
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            open(sys.argv[2], 'w').write(str(s.server_address[1]))
            s.serve_forever()
            """
        let portFile = dir.appendingPathComponent("port")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", script, dir.appendingPathComponent("received.jsonl").path, portFile.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        var port = ""
        for _ in 0..<100 where port.isEmpty {
            port = (try? String(contentsOf: portFile, encoding: .utf8)) ?? ""
            if port.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        }
        try #require(!port.isEmpty, "the test webhook server did not start")
        let r = try CLITests().run(["runtime", "replay", "events.jsonl", "--rules", Self.stable, "--quiet",
                                    "--webhook", "http://127.0.0.1:\(port)/"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let received = try String(contentsOf: dir.appendingPathComponent("received.jsonl"), encoding: .utf8)
        let bodies = received.split(separator: "\n")
        #expect(bodies.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(bodies[0].utf8)) as? [String: Any])
        #expect(first["rule"] as? String == "Read sensitive file untrusted")
    }

    @Test("replay: a webhook that is down is reported, replay still finishes")
    func webhookDown() throws {
        let dir = try events([Self.shadowRead])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(["runtime", "replay", "events.jsonl", "--rules", Self.stable, "--quiet",
                                    "--webhook", "http://127.0.0.1:9/"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("could not be delivered"), "\(r.stderr)")
    }

    @Test("k8saudit: a privileged pod creation fires the upstream k8s audit rule")
    func k8saudit() throws {
        let trace = Corpus.url("falco/legacy-tests/trace_files/k8s_audit/create_nginx_pod_privileged.json").path
        let r = try CLITests().run(["runtime", "k8saudit", trace, "--rules", Self.k8sRules])
        #expect(r.status == 0, "\(r.stderr)")
        let alert = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.split(separator: "\n").first.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any])
        #expect(alert["rule"] as? String == "Create Privileged Pod")
        #expect(alert["source"] as? String == "k8s_audit")
        let fields = try #require(alert["output_fields"] as? [String: Any])
        #expect(fields["ka.req.pod.containers.image"] as? [String] == ["nginx"])
    }

    @Test("usage errors exit 2: k8saudit without --rules, rules with errors, bad --min-priority; replay without --rules uses the shipped rules")
    func usage() throws {
        let dir = try CLITests().tempDir(["bad.yaml": "- macro: m\n  condition: ((\n", "e.jsonl": ""])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLITests().run(["runtime", "k8saudit", "e.jsonl"], cwd: dir).status == 2)
        let shipped = try CLITests().run(["runtime", "replay", "e.jsonl"], cwd: dir)
        #expect(shipped.status == 0 && shipped.stderr.contains("14 rule(s) active"), "\(shipped.stderr)")
        let show = try CLITests().run(["runtime", "rules", "show-default"], cwd: dir)
        #expect(show.status == 0 && show.stdout.contains("- rule: Fileless execution from memory"))
        #expect(try CLITests().run(["runtime", "replay", "e.jsonl", "--rules", "bad.yaml"], cwd: dir).status == 2)
        #expect(try CLITests().run(["runtime", "replay", "e.jsonl", "--rules", Self.stable, "--min-priority", "loud"], cwd: dir).status == 2)
        #expect(try CLITests().run(["runtime", "replay", "missing.jsonl", "--rules", Self.stable], cwd: dir).status == 3)
    }
}

/// `runtime k8saudit --serve`: the audit webhook backend over real TLS on loopback.
@Suite("bulkhead runtime k8saudit --serve")
struct RuntimeServeCLITests {
    @Test("an EventList POSTed over HTTPS is evaluated; SIGTERM stops the server")
    func serve() throws {
        let dir = try CLITests().tempDir(["README": "serve test\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        func sh(_ command: String) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", command]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        try #require(try sh("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 -days 1 -keyout key.pem -out cert.pem") == 0)
        let server = Process()
        server.executableURL = try #require(CLITests.binary)
        server.arguments = ["runtime", "k8saudit", "--serve", "127.0.0.1:0", "--tls-cert", "cert.pem", "--tls-key", "key.pem",
                            "--rules", Corpus.url("falco/plugin-rules/k8saudit__k8s_audit_rules.yaml").path,
                            "--alerts-file", "alerts.json", "--quiet"]
        server.currentDirectoryURL = dir
        FileManager.default.createFile(atPath: dir.appendingPathComponent("err.txt").path, contents: nil)
        server.standardError = try FileHandle(forWritingTo: dir.appendingPathComponent("err.txt"))
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var port = ""
        for _ in 0..<200 where port.isEmpty {
            let err = (try? String(contentsOf: dir.appendingPathComponent("err.txt"), encoding: .utf8)) ?? ""
            if let r = err.range(of: #"https://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                port = String(err[r].dropFirst("https://127.0.0.1:".count).dropLast())
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        try #require(!port.isEmpty, "the server did not report its port")
        let trace = Corpus.url("falco/legacy-tests/trace_files/k8s_audit/create_nginx_pod_privileged.json").path
        #expect(try sh("curl -sf --cacert cert.pem -H 'Content-Type: application/json' --data-binary @\(trace) https://127.0.0.1:\(port)/k8s-audit") == 0)
        // Plain HTTP to the TLS port is refused.
        #expect(try sh("curl -sf http://127.0.0.1:\(port)/k8s-audit") != 0)
        let alerts = (try? String(contentsOf: dir.appendingPathComponent("alerts.json"), encoding: .utf8)) ?? ""
        #expect(alerts.contains("\"rule\":\"Create Privileged Pod\""), "\(alerts)")
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }
}

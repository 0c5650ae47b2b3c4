import BulkheadTesting
import Foundation
import Testing

/// The eBPF sensor on the real kernel: `bulkhead runtime watch` runs with the upstream Falco
/// rules (stable + sandbox, unmodified from the corpus) and Bulkhead's shipped rules while this
/// test performs real attacks — in a real podman container (runc, overlay storage) and on the
/// host — and then checks each expected alert by rule name and key fields, container context
/// included. Needs root, BTF, podman, runc and busybox-static: without them the tests are
/// skipped with the reason printed on stderr, and under CI (CI=true) they fail instead.
@Suite("runtime watch: eBPF sensor scenarios", .serialized)
struct SensorScenarioTests {
    static let missing: String? = {
        var why: [String] = []
        if geteuid() != 0 { why.append("not root") }
        if access("/sys/kernel/btf/vmlinux", R_OK) != 0 { why.append("no kernel BTF") }
        for tool in ["podman", "runc"] where which(tool) == nil { why.append("no \(tool) on PATH") }
        if access("/bin/busybox", X_OK) != 0 { why.append("no /bin/busybox (busybox-static)") }
        if CLITests.binary == nil { why.append("bulkhead not built") }
        guard !why.isEmpty else { return nil }
        let reason = "eBPF sensor scenario tests NOT RUN: " + why.joined(separator: ", ")
        FileHandle.standardError.write(Data("\n*** \(reason) ***\n\n".utf8))
        return reason
    }()

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Cancels the test (reported as skipped, with the reason) when root, BTF, podman, runc or
    /// busybox is missing; under CI a missing prerequisite is also a failure.
    static func requireSensorPrerequisites() throws {
        guard let missing else { return }
        if inCI { Issue.record(Comment(rawValue: missing)) }
        try Test.cancel(Comment(rawValue: missing))
    }

    /// A fresh directory under the temporary directory for one test.
    static func workDirectory(_ prefix: String) throws -> URL {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }

    /// Starts a program with stdin from /dev/null and stdout/stderr into `log` (posix_spawn and
    /// waitpid: Foundation's Process can miss the exit of a child whose daemons — conmon —
    /// inherit its descriptors).
    static func spawn(_ argv: [String], log: URL, cwd: URL) throws -> pid_t {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Default SIGINT/SIGTERM handling in the child whatever this process ignores.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs a shell command, returning its status and output.
    @discardableResult
    static func sh(_ command: String, in dir: URL) throws -> (status: Int32, output: String) {
        let log = dir.appendingPathComponent("cmd-\(UUID().uuidString).log")
        let status = wait(try spawn(["/bin/sh", "-c", "cd \"\(dir.path)\" && " + command], log: log, cwd: dir))
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    struct Alert {
        var rule: String
        var output: String
        var fields: [String: Any]
        func string(_ k: String) -> String? { fields[k] as? String }
    }

    @Test("podman and host attacks raise the upstream Falco rules with container id, name and image")
    func scenarios() throws {
        try Self.requireSensorPrerequisites()
        let dir = try Self.workDirectory("bh-sensor")
        let name = "bh-scn-\(UUID().uuidString.prefix(8).lowercased())"
        let podman = "podman --root \(dir.path)/root --runroot \(dir.path)/run --cgroup-manager=cgroupfs --storage-driver=overlay --events-backend=file --runtime runc"
        let limits = "--network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"
        defer {
            _ = try? Self.sh("\(podman) rm -f -t 0 \(name); \(podman) system reset -f; rm -rf /dev/shm/bh-scn-*", in: dir)
            try? FileManager.default.removeItem(at: dir)
        }
        // A busybox image: the shell and tools are applets, the rest comes from the test.
        let setup = """
            set -e
            mkdir -p rootfs/bin rootfs/etc rootfs/tmp
            cp /bin/busybox rootfs/bin/busybox
            for a in sh cat nc cp sleep true; do ln -s busybox rootfs/bin/$a; done
            printf 'root:x:0:0:root:/root:/bin/sh\\n' > rootfs/etc/passwd
            printf 'root:x:0:\\n' > rootfs/etc/group
            printf 'root:*:19000:0:99999:7:::\\n' > rootfs/etc/shadow
            tar -C rootfs -cf rootfs.tar .
            \(podman) import -q rootfs.tar localhost/bh-scenario:1
            \(podman) run -d --name \(name) \(limits) localhost/bh-scenario:1 /bin/sleep 300
            """
        let s = try Self.sh(setup, in: dir)
        try #require(s.status == 0, "podman setup failed: \(s.output)")
        let containerID = try Self.sh("\(podman) inspect --format '{{.Id}}' \(name)", in: dir).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(containerID.count == 64, "no container id: \(containerID)")

        // The sensor: upstream rules unmodified, then Bulkhead's own.
        let rules = Corpus.url("falco/rules")
        let alerts = dir.appendingPathComponent("alerts.jsonl")
        let ready = dir.appendingPathComponent("ready")
        let stats = dir.appendingPathComponent("stats.json")
        let sensorLog = dir.appendingPathComponent("sensor.log")
        let sensor = try Self.spawn([CLITests.binary!.path, "runtime", "watch",
                                     "--rules", rules.appendingPathComponent("falco_rules.yaml").path,
                                     "--rules", rules.appendingPathComponent("falco-sandbox_rules.yaml").path, "--with-default-rules",
                                     "--rule-matching", "all", "--quiet", "--alerts-file", alerts.path, "--ready-file", ready.path,
                                     "--stats-file", stats.path, "--container-storage", "\(dir.path)/root", "--duration", "120"],
                                    log: sensorLog, cwd: dir)
        var sensorRunning = true
        defer { if sensorRunning { kill(sensor, SIGKILL); _ = Self.wait(sensor) } }
        var waited = 0
        while !FileManager.default.fileExists(atPath: ready.path), kill(sensor, 0) == 0, waited < 300 {
            usleep(100_000)
            waited += 1
        }
        try #require(FileManager.default.fileExists(atPath: ready.path),
                     "sensor did not start: \((try? String(contentsOf: sensorLog, encoding: .utf8)) ?? "")")

        // The attacks.
        let exec = "\(podman) exec \(name)"
        let steps = [
            "\(podman) exec -t \(name) /bin/sh -c 'exit 0'",                       // shell with a terminal
            "\(exec) /bin/cat /etc/shadow",                                         // credential read
            "\(exec) /bin/sh -c 'echo x > /etc/bh-scenario'",                       // write below /etc
            "\(podman) exec -d \(name) /bin/nc -l -p 9 && sleep 1",                  // the attacker's end, in the container
            "\(exec) /bin/nc 127.0.0.1 9 -e /bin/true || true",                     // reverse shell: connect, dup2 onto 0-2, exec
            "\(podman) exec -d \(name) /bin/nc -l -p 8080 && sleep 1",              // listener
            "\(exec) /bin/cp /bin/busybox /tmp/dropped && \(exec) /tmp/dropped true || true",   // dropped binary
            "cp /bin/true /dev/shm/\(name) && /dev/shm/\(name)",                    // execution from /dev/shm (host)
            """
            python3 -c '
            import ctypes, os, time
            fd = os.memfd_create("bh-scn")
            os.write(fd, open("/bin/true", "rb").read())
            pid = os.fork()
            if pid == 0:
                os.execv("/proc/self/fd/%d" % fd, ["payload"])
            os.waitpid(pid, 0)
            libc = ctypes.CDLL(None, use_errno=True)
            child = os.fork()
            if child == 0:
                time.sleep(2)
                os._exit(0)
            libc.ptrace(16, child, None, None)
            os.kill(child, 9)
            os.waitpid(child, 0)
            '
            """,                                                                    // fileless exec, ptrace attach
        ]
        for step in steps {
            let r = try Self.sh(step, in: dir)
            if r.status != 0 { Issue.record("step failed (\(r.status)): \(step)\n\(r.output)") }
        }
        sleep(2)
        kill(sensor, SIGINT)
        let exit = Self.wait(sensor)
        sensorRunning = false
        let log = (try? String(contentsOf: sensorLog, encoding: .utf8)) ?? ""
        #expect(exit == 0, "sensor exit \(exit): \(log)")

        let parsed: [Alert] = ((try? String(contentsOf: alerts, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Alert(rule: o["rule"] as? String ?? "", output: o["output"] as? String ?? "",
                         fields: o["output_fields"] as? [String: Any] ?? [:])
        }
        func find(_ rule: String, _ match: (Alert) -> Bool = { _ in true }) -> Alert? {
            parsed.first { $0.rule == rule && match($0) }
        }
        let short = String(containerID.prefix(12))
        func inContainer(_ a: Alert) -> Bool { a.string("container.id") == short }
        let summary = parsed.map { "\($0.rule): \($0.output.prefix(160))" }.joined(separator: "\n")

        // Upstream stable rules, in the container, with the container's id, name and image.
        for rule in ["Terminal shell in container", "Read sensitive file untrusted", "Netcat Remote Code Execution in Container",
                     "Drop and execute new binary in container"] {
            let a = find(rule, inContainer)
            #expect(a != nil, "no '\(rule)' alert for container \(short); alerts:\n\(summary)")
            if let a {
                #expect(a.string("container.name") == name, "\(rule): \(a.fields)")
                #expect(a.string("container.image") == "localhost/bh-scenario:1", "\(rule): \(a.fields)")
                #expect(a.output.contains("container_id=\(short) container_name=\(name)"), "\(a.output)")
            }
        }
        #expect(find("Terminal shell in container", inContainer)?.string("proc.name") == "sh")
        #expect(find("Read sensitive file untrusted", inContainer)?.string("fd.name") == "/etc/shadow")
        #expect(find("Drop and execute new binary in container", inContainer)?.string("proc.exepath") == "/tmp/dropped")
        // The socket made stdin/stdout/stderr of the reverse shell (dup2 onto 0-2).
        let redirect = find("Redirect STDOUT/STDIN to Network Connection in Container", inContainer)
        #expect(redirect != nil, "\(summary)")
        #expect(redirect?.string("fd.name")?.hasSuffix("->127.0.0.1:9") == true, "\(redirect?.fields ?? [:])")
        // The sandbox rule for writes below /etc.
        #expect(find("Write below etc") { inContainer($0) && $0.string("fd.name") == "/etc/bh-scenario" } != nil, "\(summary)")
        // Bulkhead's rules for what upstream has no stable rule for.
        #expect(find("Outbound connection by a network tool") { inContainer($0) && $0.string("fd.sip") == "127.0.0.1" } != nil, "\(summary)")
        #expect(find("Listening socket opened in a container") { inContainer($0) && ($0.string("fd.name") ?? "").hasSuffix(":8080") } != nil, "\(summary)")
        // Host attacks: upstream stable rules.
        #expect(find("Execution from /dev/shm") { ($0.string("proc.exepath") ?? "").hasPrefix("/dev/shm/bh-scn-") } != nil, "\(summary)")
        #expect(find("Fileless execution via memfd_create") { $0.string("container.id") == "host" } != nil, "\(summary)")
        #expect(find("PTRACE attached to process") != nil, "\(summary)")

        // Counters: events arrived, nothing was lost.
        let statsText = (try? String(contentsOf: stats, encoding: .utf8)) ?? ""
        let counters = try #require(try JSONSerialization.jsonObject(with: Data(statsText.utf8)) as? [String: Any], "no stats: \(log)")
        #expect((counters["events"] as? Int ?? 0) > 100)
        #expect(counters["ring_drops"] as? Int == 0)
    }

    static func rule(_ name: String, _ condition: String, priority: String = "WARNING") -> String {
        """
        - rule: \(name)
          desc: test rule
          condition: \(condition)
          output: \(name) | file=%fd.name proc=%proc.name
          priority: \(priority)

        """
    }

    static func alerts(_ file: URL) -> [[String: Any]] {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// `--hooks auto` takes fexit where the kernel allows BPF trampolines and falls back to the
    /// syscall tracepoints otherwise (this project's CI kernel refuses trampolines with EPERM, so
    /// there it is the fallback that runs: said loudly below). Either way writes are seen.
    @Test("--hooks auto: fexit where the kernel allows it, else tracepoints; events arrive either way; --hooks fexit fails clearly or works")
    func hookSelection() throws {
        try Self.requireSensorPrerequisites()
        let dir = try Self.workDirectory("bh-hooks")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rulesFile = dir.appendingPathComponent("rules.yaml")
        let marker = dir.appendingPathComponent("marker").path
        try Self.rule("Marker written", "evt.type in (open, openat, openat2, creat) and evt.is_open_write=true and fd.name = \(marker)")
            .write(to: rulesFile, atomically: true, encoding: .utf8)
        let alerts = dir.appendingPathComponent("alerts.jsonl"), ready = dir.appendingPathComponent("ready")
        let stats = dir.appendingPathComponent("stats.json"), log = dir.appendingPathComponent("sensor.log")
        let sensor = try Self.spawn([CLITests.binary!.path, "runtime", "watch", "--hooks", "auto", "--rules", rulesFile.path, "--quiet",
                                     "--alerts-file", alerts.path, "--ready-file", ready.path, "--stats-file", stats.path,
                                     "--duration", "60"], log: log, cwd: dir)
        var running = true
        defer { if running { kill(sensor, SIGKILL); _ = Self.wait(sensor) } }
        try #require(Self.waitFor(30) { FileManager.default.fileExists(atPath: ready.path) },
                     "sensor did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        try Self.sh("echo x > \(marker)", in: dir)
        let seen = Self.waitFor(10) { Self.alerts(alerts).contains { ($0["rule"] as? String) == "Marker written" } }
        kill(sensor, SIGINT)
        #expect(Self.wait(sensor) == 0)
        running = false
        #expect(seen, "no alert for the marker write: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any]
        let hooks = object?["syscall_hooks"] as? String
        #expect(["fexit", "tracepoint", "mixed"].contains(hooks ?? ""), "\(object ?? [:])")
        if hooks != "fexit" {
            FileHandle.standardError.write(Data("\n*** --hooks auto used \(hooks ?? "?") here: the fexit path was NOT exercised (the kernel refuses BPF trampolines) ***\n\n".utf8))
        }

        // Strict fexit: works on a kernel with trampolines, else exits 3 saying why.
        let strictLog = dir.appendingPathComponent("strict.log")
        let strict = try Self.spawn([CLITests.binary!.path, "runtime", "watch", "--hooks", "fexit", "--rules", rulesFile.path,
                                     "--quiet", "--duration", "1"], log: strictLog, cwd: dir)
        let status = Self.wait(strict)
        let text = (try? String(contentsOf: strictLog, encoding: .utf8)) ?? ""
        if hooks == "fexit" {
            #expect(status == 0, "\(text)")
        } else {
            #expect(status == 3 && text.contains("BPF trampolines"), "status \(status): \(text)")
        }
    }

    @Test("operations: /healthz and /metrics, SIGHUP reloads the rules, --action kill, --record replays to the same alerts")
    func operations() throws {
        try Self.requireSensorPrerequisites()
        let dir = try Self.workDirectory("bh-ops")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rulesFile = dir.appendingPathComponent("rules.yaml")
        let markerA = dir.appendingPathComponent("marker-a").path, markerB = dir.appendingPathComponent("marker-b").path
        try (Self.rule("Marker A written", "evt.type in (open, openat) and evt.is_open_write=true and fd.name = \(markerA)")
             + Self.rule("Victim started", "evt.type = execve and proc.name = bh-victim", priority: "CRITICAL"))
            .write(to: rulesFile, atomically: true, encoding: .utf8)
        let alerts = dir.appendingPathComponent("alerts.jsonl"), ready = dir.appendingPathComponent("ready")
        let record = dir.appendingPathComponent("events.jsonl"), log = dir.appendingPathComponent("sensor.log")
        // The response comes from the configuration file's runtime.actions.
        let configFile = dir.appendingPathComponent(".bulkhead.yaml")
        try "runtime:\n  actions:\n    \"Victim started\": kill\n".write(to: configFile, atomically: true, encoding: .utf8)
        let port = 20_000 + Int(getpid() % 20_000)
        let sensor = try Self.spawn([CLITests.binary!.path, "runtime", "watch", "--rules", rulesFile.path, "--quiet",
                                     "--alerts-file", alerts.path, "--ready-file", ready.path, "--record", record.path,
                                     "--metrics", "127.0.0.1:\(port)", "--config", configFile.path, "--duration", "120"],
                                    log: log, cwd: dir)
        var running = true
        defer { if running { kill(sensor, SIGKILL); _ = Self.wait(sensor) } }
        try #require(Self.waitFor(30) { FileManager.default.fileExists(atPath: ready.path) },
                     "sensor did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")

        // Health and metrics.
        let health = try Self.sh("curl -s http://127.0.0.1:\(port)/healthz", in: dir)
        #expect(health.output == "ok\n", "\(health)")
        let metrics = try Self.sh("curl -s http://127.0.0.1:\(port)/metrics", in: dir)
        #expect(metrics.output.contains("# TYPE bulkhead_sensor_events_total counter"), "\(metrics.output.prefix(400))")
        #expect(metrics.output.contains("bulkhead_sensor_ring_drops_total 0"), "\(metrics.output.prefix(600))")
        #expect(metrics.output.contains("bulkhead_sensor_ring_size_bytes 16777216"))
        #expect(metrics.output.contains("# TYPE bulkhead_sensor_ring_used_bytes gauge"))
        #expect(try Self.sh("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:\(port)/nope", in: dir).output == "404")

        // Rule A fires; then SIGHUP swaps A for B.
        try Self.sh("echo a > \(markerA)", in: dir)
        // Generous waits (they return as soon as the alert is there): under a loaded CI machine the
        // whole suite runs beside others; on failure the sensor's counters and log say why.
        let diagnose = { () -> String in
            let m = (try? Self.sh("curl -s http://127.0.0.1:\(port)/metrics", in: dir).output) ?? ""
            let counters = m.split(separator: "\n").filter { $0.hasPrefix("bulkhead_sensor_") }.joined(separator: "; ")
            return "metrics: \(counters.prefix(1500)) log: \(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(1500))"
        }
        #expect(Self.waitFor(20) { Self.alerts(alerts).contains { $0["rule"] as? String == "Marker A written" } }, "no alert for rule A; \(diagnose())")
        try (Self.rule("Marker B written", "evt.type in (open, openat) and evt.is_open_write=true and fd.name = \(markerB)")
             + Self.rule("Victim started", "evt.type = execve and proc.name = bh-victim", priority: "CRITICAL"))
            .write(to: rulesFile, atomically: true, encoding: .utf8)
        kill(sensor, SIGHUP)
        #expect(Self.waitFor(10) { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("reloaded: 2 rule(s) active") })
        try Self.sh("echo a > \(markerA); echo b > \(markerB)", in: dir)
        #expect(Self.waitFor(20) { Self.alerts(alerts).contains { $0["rule"] as? String == "Marker B written" } }, "no alert for rule B; \(diagnose())")
        #expect(Self.alerts(alerts).filter { $0["rule"] as? String == "Marker A written" }.count == 1, "rule A still active after reload")

        // Response: the victim is killed by the sensor (SIGKILL), not by us.
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: dir.appendingPathComponent("bh-victim").path)
        let victim = try Self.spawn([dir.appendingPathComponent("bh-victim").path, "30"], log: dir.appendingPathComponent("victim.log"), cwd: dir)
        let started = Date()
        let status = Self.wait(victim)
        #expect(status == 128 + SIGKILL, "victim exit status \(status)")
        #expect(Date().timeIntervalSince(started) < 10)

        kill(sensor, SIGINT)
        #expect(Self.wait(sensor) == 0)
        running = false
        let sensorLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(sensorLog.contains("response: rule 'Victim started': killed pid \(victim)"), "\(sensorLog)")

        // The recording is private to its owner and replays through the same rules to the same alerts.
        #expect((try FileManager.default.attributesOfItem(atPath: record.path))[.posixPermissions] as? Int == 0o600)
        let replayed = try CLITests().run(["runtime", "replay", record.path, "--rules", rulesFile.path, "--format", "json"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(!replayed.stderr.contains("bad line"), "every recorded line replays (proc_ref included): \(replayed.stderr)")
        let live = Self.alerts(alerts).filter { $0["rule"] as? String != "Marker A written" }
        let again = replayed.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(again.map { $0["rule"] as? String ?? "" }.sorted() == live.map { $0["rule"] as? String ?? "" }.sorted(),
                "live: \(live.map { $0["output"] ?? "" })\nreplayed: \(again.map { $0["output"] ?? "" })")
        // Live alerts carry the appended container context (append_output); the rest is identical.
        func base(_ o: Any?) -> String {
            let text = o as? String ?? ""
            return text.range(of: " container_id=").map { String(text[..<$0.lowerBound]) } ?? text
        }
        #expect(again.map { base($0["output"]) }.sorted() == live.map { base($0["output"]) }.sorted())
    }

    @Test("without root the sensor says what it needs and exits 3")
    func refusesWithoutRoot() throws {
        guard geteuid() == 0, let bin = CLITests.binary, access("/usr/bin/setpriv", X_OK) == 0 else {
            FileHandle.standardError.write(Data("*** sensor non-root test NOT RUN: needs root (to drop it) and setpriv ***\n".utf8))
            try Test.cancel("NOT RUN: needs root (to drop it) and setpriv")
        }
        let dir = try Self.workDirectory("bh-nonroot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.sh("setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \(bin.path) runtime watch --duration 1", in: dir)
        #expect(r.status == 3, "\(r)")
        #expect(r.output.contains("the sensor needs root"), "\(r.output)")
    }
}

import ArgumentParser
import BulkheadConfig
import BulkheadFalco
import BulkheadSensor
import Foundation

nonisolated(unsafe) private var watchStop: sig_atomic_t = 0
nonisolated(unsafe) private var watchReload: sig_atomic_t = 0

extension SyscallHooks: ExpressibleByArgument {}

struct RuntimeWatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch this machine with the eBPF sensor and raise alerts from Falco-language rules (root).",
        discussion: """
            Loads Bulkhead's eBPF programs (CO-RE; kernel 5.17+ with BTF), which report process \
            execs, forks and exits, file opens, renames, links, permission changes, mounts, \
            connects, accepts, binds and listens, ptrace, set*id, memfd_create, bpf and module \
            loads, each with its result. Events get their process ancestry, container (podman, \
            docker, cri-o, containerd: id, name, image, labels) and Kubernetes pod context, are \
            evaluated against the rules, and alerts go to the outputs below in Falco's JSON \
            shape. Without --rules, Bulkhead's shipped rules are used \
            (`bulkhead runtime rules show-default`).

            Read-only opens outside sensitive prefixes (/etc, /root, /home, secrets, /dev/shm, \
            ...) are dropped in the kernel unless --open-filter all; writes always pass.

            SIGINT/SIGTERM stop cleanly (programs detached, outputs flushed, --stats-file \
            written); SIGHUP reloads the rules files without losing events.

            EXAMPLES
              sudo bulkhead runtime watch
              sudo bulkhead runtime watch --rules falco_rules.yaml --rules my_rules.yaml --min-priority warning
              sudo bulkhead runtime watch --metrics 0.0.0.0:9376 --webhook http://sidekick:2801/
              sudo bulkhead runtime watch --record events.jsonl --duration 60   # then: bulkhead runtime replay events.jsonl
              sudo bulkhead runtime watch --action 'Fileless execution from memory=kill'

            RESPONSES
              Per rule, in .bulkhead.yaml (or --action): alert (default), kill (SIGKILL the
              process), stop (podman/docker stop of its container). Each action is logged on
              stderr, at most one per target every 5 s; the sensor, its parent and PID 1 are
              never killed.
                runtime:
                  actions:
                    "Fileless execution from memory": kill

            EXIT CODES
              0  stopped by a signal or --duration
              2  usage error, or rules files with errors
              3  the sensor cannot run here (not root, no BTF, BPF not permitted, tracefs missing)
            """)

    @OptionGroup(title: "Rules") var selection: RuleSelectionOptions
    @OptionGroup(title: "Alerts") var outputs: AlertOutputOptions

    @Option(name: .long, help: ArgumentHelp("Stop after this many seconds (default: until SIGINT/SIGTERM).", valueName: "seconds"))
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("Write every event in the replay format (docs/runtime-events.md) to this file.", valueName: "path"))
    var record: String?

    @Option(name: .long, help: ArgumentHelp("Serve Prometheus metrics at /metrics and a health check at /healthz.", valueName: "host:port"))
    var metrics: String?

    @Option(name: .long, help: "Kernel-side open filter: default (drop read-only opens outside --open-prefix paths), all (send every open).")
    var openFilter: String = "default"

    @Option(name: .long, help: ArgumentHelp("Path prefix whose read-only opens are reported (repeatable; replaces the defaults).", valueName: "prefix"))
    var openPrefix: [String] = []

    @Option(name: .long, help: ArgumentHelp("""
        How system calls are hooked: tracepoint (default; the classic sys_exit tracepoints), \
        auto (fexit on the kernel's syscall functions where the kernel allows BPF trampolines, \
        tracepoints otherwise), or fexit (fexit only). Any attached syscall tracepoint slows \
        every system call of the machine a little (the kernel's tracing slow path); fexit does \
        not. The fexit path has not been verified on a kernel that allows trampolines yet.
        """, valueName: "tracepoint|auto|fexit"))
    var hooks: SyscallHooks = .tracepoint

    @Option(name: .long, help: ArgumentHelp("Ring buffer size in MiB (rounded up to a power of two).", valueName: "MiB"))
    var ringSize: Int = 16

    @Option(name: .long, help: ArgumentHelp("containers/storage root of podman or cri-o (repeatable; default /var/lib/containers/storage).", valueName: "dir"))
    var containerStorage: [String] = []

    @Option(name: .long, help: ArgumentHelp("Response for a rule: 'RULE=kill' (SIGKILL the process), 'RULE=stop' (stop its container) or 'RULE=alert'. Repeatable; overrides runtime.actions of the configuration.", valueName: "rule=action"))
    var action: [String] = []

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: .bulkhead.yaml found from the working directory up); its runtime.actions map rules to responses.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Appended to every alert's output, its fields added to output_fields (Falco's append_output); '' disables.", valueName: "template"))
    var appendOutput: String = SensorOptions.defaultAppendOutput

    @Option(name: .long, help: ArgumentHelp("Write counters as JSON here on exit (events by type, drops, alerts, memory).", valueName: "path"))
    var statsFile: String?

    @Option(name: .long, help: ArgumentHelp("Create this file once the programs are attached (for scripts and probes).", valueName: "path"))
    var readyFile: String?

    func validate() throws {
        guard ["default", "all"].contains(openFilter) else { throw ValidationError("--open-filter must be default or all") }
        guard (1...4096).contains(ringSize) else { throw ValidationError("--ring-size must be between 1 and 4096 MiB") }
        if let d = duration, d <= 0 { throw ValidationError("--duration must be positive") }
        for a in action { _ = try Self.parseAction(a) }
    }

    static func parseAction(_ text: String) throws -> (String, ResponseAction) {
        guard let eq = text.lastIndex(of: "="), let act = ResponseAction(rawValue: String(text[text.index(after: eq)...])) else {
            throw ValidationError("--action '\(text)': expected RULE=kill, RULE=stop or RULE=alert")
        }
        return (String(text[..<eq]), act)
    }

    func buildRuleset() throws -> Ruleset<SyscallFields> {
        let rules = try selection.load(defaultRules: true)
        let minimum = FalcoPriority(name: outputs.minPriority) ?? .debug
        return Ruleset(source: SyscallFields(), rules: rules) { selection.include($0, minimum: minimum) }
    }

    func run() throws {
        var ruleset = try buildRuleset()
        let pipeline = try AlertOutputOptions.Pipeline(outputs)
        var options = SensorOptions()
        options.ringBytes = ringSize << 20
        options.openFilter = openFilter == "default"
        options.hooks = hooks
        if !openPrefix.isEmpty { options.openPrefixes = openPrefix }
        if !containerStorage.isEmpty { options.storageRoots = containerStorage }
        options.matching = selection.matching
        options.appendOutput = appendOutput
        if let path = config ?? ConfigurationLoader.find(from: FileManager.default.currentDirectoryPath,
                                                         environment: ProcessInfo.processInfo.environment),
           path.hasSuffix(".bulkhead.yaml") || path.hasSuffix(".bulkhead.yml") || config != nil {
            do {
                let c = try ConfigurationLoader.load(path: path)
                for (rule, a) in c.runtimeActions { options.actions[rule] = ResponseAction(rawValue: a) }
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw BulkheadExit.usage
            }
        }
        for a in action {
            let (rule, act) = try Self.parseAction(a)
            options.actions[rule] = act
        }
        for (rule, act) in options.actions.sorted(by: { $0.key < $1.key }) where act != .alert {
            if !ruleset.entries.contains(where: { $0.rule.name == rule }) {
                FileHandle.standardError.write(Data("warning: response '\(act.rawValue)' is set for rule '\(rule)', which is not active\n".utf8))
            }
        }
        var recordHandle: FileHandle?
        var recordBuffer = Data()
        if let record {
            // Recordings hold command lines and paths: readable by the owner only.
            guard FileManager.default.createFile(atPath: record, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let h = FileHandle(forWritingAtPath: record) else {
                FileHandle.standardError.write(Data("error: cannot create \(record)\n".utf8))
                throw BulkheadExit.operational
            }
            recordHandle = h
        }
        let recorder: ((SyscallEvent) -> Void)? = recordHandle.map { h in
            let encoder = ReplayEncoder.Recorder()
            return { event in
                recordBuffer.append(contentsOf: encoder.line(event).utf8)
                recordBuffer.append(0x0a)
                if recordBuffer.count > 1 << 20 {
                    try? h.write(contentsOf: recordBuffer)
                    recordBuffer.removeAll(keepingCapacity: true)
                }
            }
        }
        let sensor = Sensor(options: options, ruleset: ruleset, onAlert: { pipeline.send($0) }, recorder: recorder)
        do { try sensor.start() } catch let e as SensorError {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw BulkheadExit.operational
        }
        var server: MetricsServer?
        if let metrics {
            do {
                let s = try MetricsServer(address: metrics, metrics: { sensor.snapshot().prometheus }, healthy: { true })
                s.start()
                server = s
            } catch let e as SensorError {
                sensor.stop()
                FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
                throw BulkheadExit.operational
            }
        }
        signal(SIGINT) { _ in watchStop = 1 }
        signal(SIGTERM) { _ in watchStop = 1 }
        signal(SIGHUP) { _ in watchReload = 1 }
        StopSignals.unblock()
        signal(SIGPIPE, SIG_IGN)
        for s in sensor.skippedPrograms { FileHandle.standardError.write(Data("note: \(s)\n".utf8)) }
        FileHandle.standardError.write(Data("watching: \(ruleset.entries.count) rule(s) active\(metrics.map { ", metrics on \($0)" } ?? "")\n".utf8))
        if let readyFile { FileManager.default.createFile(atPath: readyFile, contents: Data()) }
        let deadline = duration.map { DispatchTime.now().uptimeNanoseconds + UInt64($0 * 1e9) }
        var lastFlush = DispatchTime.now().uptimeNanoseconds
        sensor.run {
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastFlush > 200_000_000 {
                pipeline.flushAll()
                lastFlush = now
            }
            if watchReload != 0 {
                watchReload = 0
                do {
                    ruleset = try buildRuleset()
                    sensor.replace(ruleset: ruleset)
                    FileHandle.standardError.write(Data("reloaded: \(ruleset.entries.count) rule(s) active\n".utf8))
                } catch {
                    FileHandle.standardError.write(Data("reload failed, keeping the previous rules: \(error)\n".utf8))
                }
            }
            if let deadline, now >= deadline { return false }
            return watchStop == 0
        }
        sensor.stop()
        server?.stop()
        pipeline.finish()
        if let h = recordHandle {
            try? h.write(contentsOf: recordBuffer)
            try? h.close()
        }
        let stats = sensor.snapshot()
        if let statsFile { try? Data((stats.json + "\n").utf8).write(to: URL(fileURLWithPath: statsFile)) }
        FileHandle.standardError.write(Data("watched \(String(format: "%.1f", stats.elapsed)) s: \(stats.events) event(s) (\(Int(Double(stats.events) / max(stats.elapsed, 1e-9)))/s), \(stats.ringDrops) dropped, \(stats.filteredInKernel) filtered in the kernel, \(stats.alerts) alert(s)\n".utf8))
    }
}

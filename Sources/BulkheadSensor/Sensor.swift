import BulkheadCore
import BulkheadFalco
import CLibBPF
import Foundation

public struct SensorOptions: Sendable {
    /// Read-only opens outside these prefixes are dropped in the kernel (`openFilter`); writes,
    /// creations and relative paths always reach user space.
    public static let defaultOpenPrefixes = ["/etc/", "/root/", "/home/", "/run/secrets/", "/var/run/secrets/",
                                             "/dev/shm/", "/boot/", "/var/log/", "/usr/share/keyrings/", "/proc/self/environ"]
    public var ringBytes = 16 << 20
    public var wakeupBytes: UInt64 = 256 << 10
    public var openFilter = true
    public var openPrefixes = SensorOptions.defaultOpenPrefixes
    /// How system calls are hooked (`SyscallHooks`).
    public var hooks: SyscallHooks = .tracepoint
    public var storageRoots = ["/var/lib/containers/storage"]
    public var matching: Ruleset<SyscallFields>.Matching = .first
    public var actions: [String: ResponseAction] = [:]
    /// Falco's `append_output` for syscall alerts: container context on every alert.
    public var appendOutput = SensorOptions.defaultAppendOutput
    public static let defaultAppendOutput = "container_id=%container.id container_name=%container.name container_image=%container.image"

    public init() {}
}

/// Counters the sensor exposes (`--stats-file`, `/metrics`).
public struct SensorStats: Sendable {
    public var elapsed: Double = 0
    public var events: UInt64 = 0
    public var eventsByType: [String: UInt64] = [:]
    public var ringDrops: UInt64 = 0
    public var filteredInKernel: UInt64 = 0
    public var readFailures: UInt64 = 0
    public var ringBytes = 0
    /// Bytes waiting in the ring at the last submission seen, and the peak over the run.
    public var ringUsedBytes: UInt64 = 0
    public var ringUsedPeak: UInt64 = 0
    public var alerts: UInt64 = 0
    public var ruleHits: [String: UInt64] = [:]
    public var actions: UInt64 = 0
    public var processes = 0
    public var maxRSS: Int = 0
    public var attachedPrograms = 0
    public var skippedPrograms: [String] = []
    /// What the system-call programs were attached to: `fexit`, `tracepoint`, or `mixed`.
    public var syscallHooks = ""

    public var json: String {
        func obj(_ d: [String: UInt64]) -> String {
            "{" + d.sorted { $0.key < $1.key }.map { jsonQuote($0.key) + ":\($0.value)" }.joined(separator: ",") + "}"
        }
        let rate = elapsed > 0 ? Double(events) / elapsed : 0
        return """
            {"elapsed_seconds":\(String(format: "%.3f", elapsed)),"events":\(events),"events_per_second":\(String(format: "%.1f", rate)),\
            "events_by_type":\(obj(eventsByType)),"ring_drops":\(ringDrops),"filtered_in_kernel":\(filteredInKernel),\
            "read_failures":\(readFailures),"ring_bytes":\(ringBytes),"ring_used_peak_bytes":\(ringUsedPeak),"alerts":\(alerts),"rule_hits":\(obj(ruleHits)),\
            "actions":\(actions),"processes":\(processes),"max_rss_bytes":\(maxRSS),"attached_programs":\(attachedPrograms),\
            "syscall_hooks":\(jsonQuote(syscallHooks)),"skipped_programs":[\(skippedPrograms.map(jsonQuote).joined(separator: ","))]}
            """
    }

    /// Prometheus text exposition.
    public var prometheus: String {
        var s = "# HELP bulkhead_sensor_events_total Events received from the kernel, by Falco event type.\n# TYPE bulkhead_sensor_events_total counter\n"
        for (t, n) in eventsByType.sorted(by: { $0.key < $1.key }) { s += "bulkhead_sensor_events_total{type=\"\(t)\"} \(n)\n" }
        s += "# HELP bulkhead_sensor_ring_drops_total Records lost because the ring buffer was full.\n# TYPE bulkhead_sensor_ring_drops_total counter\nbulkhead_sensor_ring_drops_total \(ringDrops)\n"
        s += "# HELP bulkhead_sensor_filtered_total Opens dropped in the kernel by the open filter.\n# TYPE bulkhead_sensor_filtered_total counter\nbulkhead_sensor_filtered_total \(filteredInKernel)\n"
        s += "# HELP bulkhead_sensor_read_failures_total User strings the kernel could not read.\n# TYPE bulkhead_sensor_read_failures_total counter\nbulkhead_sensor_read_failures_total \(readFailures)\n"
        s += "# HELP bulkhead_sensor_ring_size_bytes Ring buffer size.\n# TYPE bulkhead_sensor_ring_size_bytes gauge\nbulkhead_sensor_ring_size_bytes \(ringBytes)\n"
        s += "# HELP bulkhead_sensor_ring_used_bytes Bytes waiting in the ring buffer (at the last submission).\n# TYPE bulkhead_sensor_ring_used_bytes gauge\nbulkhead_sensor_ring_used_bytes \(ringUsedBytes)\n"
        s += "# HELP bulkhead_sensor_ring_used_peak_bytes Most bytes seen waiting in the ring buffer since start.\n# TYPE bulkhead_sensor_ring_used_peak_bytes gauge\nbulkhead_sensor_ring_used_peak_bytes \(ringUsedPeak)\n"
        s += "# HELP bulkhead_sensor_rule_hits_total Alerts raised, by rule.\n# TYPE bulkhead_sensor_rule_hits_total counter\n"
        for (r, n) in ruleHits.sorted(by: { $0.key < $1.key }) { s += "bulkhead_sensor_rule_hits_total{rule=\"\(Self.escape(r))\"} \(n)\n" }
        s += "# HELP bulkhead_sensor_actions_total Response actions taken.\n# TYPE bulkhead_sensor_actions_total counter\nbulkhead_sensor_actions_total \(actions)\n"
        s += "# HELP bulkhead_sensor_processes Processes in the sensor's table.\n# TYPE bulkhead_sensor_processes gauge\nbulkhead_sensor_processes \(processes)\n"
        s += "# HELP bulkhead_sensor_max_rss_bytes Peak resident memory of the sensor.\n# TYPE bulkhead_sensor_max_rss_bytes gauge\nbulkhead_sensor_max_rss_bytes \(maxRSS)\n"
        return s
    }

    /// A Prometheus label value: backslash, double quote and newline escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// The runtime sensor: loads the BPF programs, consumes the ring buffer on the calling thread,
/// rebuilds events with process, container and user context, evaluates the rules and hands
/// alerts to `onAlert`. `run` returns when `tick` says stop (SIGINT/SIGTERM, duration).
public final class Sensor: @unchecked Sendable {
    public let options: SensorOptions
    private var ruleset: Ruleset<SyscallFields>
    private let decoder: RecordDecoder
    private let responder: Responder
    private var session: BPFSession?
    private var ring: OpaquePointer?
    private let onAlert: (Alert) -> Void
    private let recorder: ((SyscallEvent) -> Void)?
    private var counts = [UInt64](repeating: 0, count: SyscallEventTypes.count + 1)
    private var wantedTypes: [Bool] = []
    private var stats = SensorStats()
    private let lock = NSLock()
    private var published = SensorStats()
    private var startUptime: UInt64 = 0
    private let extraOutput: OutputTemplate<SyscallEvent>?

    public init(options: SensorOptions, ruleset: Ruleset<SyscallFields>, onAlert: @escaping (Alert) -> Void,
                recorder: ((SyscallEvent) -> Void)? = nil) {
        self.options = options
        self.ruleset = ruleset
        self.onAlert = onAlert
        self.recorder = recorder
        let containers = ContainerResolver(storageRoots: options.storageRoots)
        decoder = RecordDecoder(containers: containers, clockOffset: Self.clockOffset())
        responder = Responder(actions: options.actions)
        extraOutput = options.appendOutput.isEmpty ? nil : OutputTemplate<SyscallEvent>.compile(options.appendOutput, source: SyscallFields())
        computeWanted()
    }

    /// Wall clock minus CLOCK_MONOTONIC, in ns (BPF timestamps are monotonic).
    static func clockOffset() -> Int64 {
        var mono = timespec(), real = timespec()
        clock_gettime(CLOCK_MONOTONIC, &mono)
        clock_gettime(CLOCK_REALTIME, &real)
        return (Int64(real.tv_sec) - Int64(mono.tv_sec)) * 1_000_000_000 + Int64(real.tv_nsec) - Int64(mono.tv_nsec)
    }

    private func computeWanted() {
        wantedTypes = (0..<SyscallEventTypes.count).map { recorder != nil || ruleset.mayMatch(typeIndex: $0) }
    }

    /// Swaps the rules between two records (SIGHUP); the ring keeps filling meanwhile.
    public func replace(ruleset: Ruleset<SyscallFields>) {
        self.ruleset = ruleset
        computeWanted()
    }

    /// A consistent copy of the counters, safe from any thread.
    public func snapshot() -> SensorStats {
        lock.lock()
        defer { lock.unlock() }
        return published
    }

    /// Loads and attaches the programs. Throws `SensorError` with the reason when the machine
    /// cannot run them.
    public func start() throws {
        var o = BPFSession.Options()
        o.ringBytes = options.ringBytes
        o.wakeupBytes = options.wakeupBytes
        o.openFilter = options.openFilter
        o.openPrefixes = options.openPrefixes
        o.hooks = options.hooks
        let s = try BPFSession(o, selfPID: getpid())
        session = s
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        let callback: ring_buffer_sample_fn = { ctx, data, size in
            guard let ctx, let data else { return 0 }
            return Unmanaged<Sensor>.fromOpaque(ctx).takeUnretainedValue().handle(UnsafeRawPointer(data), size)
        }
        guard let rb = ring_buffer__new(s.eventsFD, callback, ctx, nil) else {
            throw SensorError("cannot create the ring-buffer consumer: \(String(cString: strerror(errno)))")
        }
        ring = rb
        // After attaching: anything that starts from now on is seen by exec/fork records.
        decoder.processes.scanProc()
        stats.ringBytes = options.ringBytes
        stats.attachedPrograms = s.attached.count
        stats.skippedPrograms = s.skipped.map { "\($0.program): \($0.reason)" }
        stats.syscallHooks = s.syscallHooks
        startUptime = DispatchTime.now().uptimeNanoseconds
        publish()
    }

    public var skippedPrograms: [String] { stats.skippedPrograms }

    /// Consumes events until `tick` returns false (called every ~10 ms between polls).
    public func run(tick: () -> Bool) {
        guard let ring else { return }
        var lastPublish = DispatchTime.now().uptimeNanoseconds
        withExtendedLifetime(self) {
            while tick() {
                batch = 0
                _ = ring_buffer__poll(ring, 10)
                // Records submitted without a wake-up are waiting: drain them too. Each call
                // stops after `batchLimit` records (the callback bails out), so signals,
                // deadlines and metrics are served even when the producer never pauses.
                if batch < Self.batchLimit {
                    batch = 0
                    _ = ring_buffer__consume(ring)
                }
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastPublish > 250_000_000 {
                    publish()
                    lastPublish = now
                    decoder.clockOffset = Self.clockOffset()
                }
            }
            batch = 0
            _ = ring_buffer__consume(ring)
        }
        publish()
    }

    public func stop() {
        if let ring { ring_buffer__free(ring) }
        ring = nil
        session?.close()
        session = nil
    }

    private func publish() {
        if let s = session {
            let c = s.counters()
            stats.ringDrops = c[Int(BH_STAT_RB_DROPS.rawValue)]
            stats.readFailures = c[Int(BH_STAT_READ_FAILURES.rawValue)]
            stats.filteredInKernel = c[Int(BH_STAT_FILTERED.rawValue)]
            stats.ringUsedBytes = c[Int(BH_STAT_RING_USED.rawValue)]
            stats.ringUsedPeak = max(stats.ringUsedPeak, stats.ringUsedBytes)
        }
        stats.elapsed = Double(DispatchTime.now().uptimeNanoseconds - startUptime) / 1e9
        var byType: [String: UInt64] = [:]
        for (i, n) in counts.enumerated() where n > 0 {
            byType[i < SyscallEventTypes.count ? SyscallEventTypes.all[i] : "other"] = n
        }
        stats.eventsByType = byType
        stats.processes = decoder.processes.count
        var ru = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ru)
        stats.maxRSS = ru.ru_maxrss * 1024
        stats.actions = responder.taken
        lock.lock()
        published = stats
        lock.unlock()
    }

    private var batch = 0
    static let batchLimit = 16_384

    /// Returns non-zero to make libbpf stop this poll after the batch limit (the record itself
    /// is consumed).
    @inline(__always)
    private func handle(_ data: UnsafeRawPointer, _ size: Int) -> Int32 {
        batch += 1
        handleRecord(data, size)
        return batch >= Self.batchLimit ? -11 : 0
    }

    @inline(__always)
    private func handleRecord(_ data: UnsafeRawPointer, _ size: Int) {
        stats.events &+= 1
        let kind = data.load(fromByteOffset: MemoryLayout<bh_header>.offset(of: \bh_header.kind)!, as: UInt32.self)
        let sys = data.load(fromByteOffset: MemoryLayout<bh_header>.offset(of: \bh_header.syscall)!, as: UInt32.self)
        let type = RecordDecoder.typeIndex(kind: kind, syscall: sys)
        counts[type] &+= 1
        let wanted = type < wantedTypes.count && wantedTypes[type]
        guard let event = decoder.decode(data, size: size, typeIndex: type, wanted: wanted) else { return }
        recorder?(event)
        ruleset.evaluate(event, matching: options.matching) { entry in
            stats.alerts &+= 1
            stats.ruleHits[entry.rule.name, default: 0] &+= 1
            var alert = Alert.make(entry, event, time: event.timestamp, hostname: event.hostname ?? TimeFormat.hostname)
            if let extraOutput { alert.append(extraOutput, event: event) }
            onAlert(alert)
            responder.respond(rule: entry.rule.name, event: event)
        }
    }
}

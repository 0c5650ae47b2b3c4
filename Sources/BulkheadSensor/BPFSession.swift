import CLibBPF
import Foundation

/// How the sensor hooks system calls. Each call has a program for its classic `sys_exit_*`
/// tracepoint and one for fexit on the kernel's syscall function; both see the same registers
/// and result. Any attached syscall tracepoint puts every task on the kernel's syscall-tracing
/// slow path, which costs each system call of the machine more than the probes do, so fexit
/// is preferred.
public enum SyscallHooks: String, Sendable, CaseIterable {
    /// fexit where the kernel has the function and can attach it; if the kernel refuses fexit
    /// programs altogether, everything is loaded again on tracepoints.
    case auto
    /// fexit only: a call whose function is missing is skipped (listed), never a tracepoint.
    case fexit
    /// Tracepoints only (the default: the path verified on real kernels so far).
    case tracepoint
}

/// Errors that stop the sensor before it runs, each saying what to fix.
public struct SensorError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ d: String) { description = d }
}

/// The loaded and attached BPF object: programs whose tracepoints this kernel lacks are not
/// loaded (listed in `skipped`), the ring buffer is sized before load, the configuration map
/// filled after load. Detaches everything on `close()`.
final class BPFSession {
    struct Options {
        var ringBytes = 16 << 20
        var wakeupBytes: UInt64 = 256 << 10
        var openFilter = true
        var openPrefixes = SensorOptions.defaultOpenPrefixes
        var hooks: SyscallHooks = .tracepoint
    }

    private(set) var object: OpaquePointer?
    private var objectBytes: UnsafeMutableRawBufferPointer?
    private(set) var links: [OpaquePointer] = []
    private(set) var attached: [String] = []
    private(set) var skipped: [(program: String, reason: String)] = []
    /// `fexit`, `tracepoint` or `mixed`: what the system-call programs are attached to.
    private(set) var syscallHooks = "tracepoint"
    private(set) var statsFD: Int32 = -1
    private(set) var eventsFD: Int32 = -1
    private(set) var configFD: Int32 = -1

    static let tracefsCandidates = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]

    /// Checks that the machine can run the sensor; throws a readable reason otherwise.
    static func preflight() throws {
        if geteuid() != 0 {
            throw SensorError("the sensor needs root (CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN to load eBPF programs and mount tracefs); run it with sudo or as the DaemonSet in deploy/")
        }
        if access("/sys/kernel/btf/vmlinux", R_OK) != 0 {
            throw SensorError("this kernel exposes no BTF (/sys/kernel/btf/vmlinux is missing): the sensor's CO-RE program needs CONFIG_DEBUG_INFO_BTF=y (kernel 5.8 or later)")
        }
    }

    /// tracefs location, mounting it at /sys/kernel/tracing when nothing is mounted.
    static func tracefs() throws -> String {
        for c in tracefsCandidates where access(c + "/events", F_OK) == 0 { return c }
        if mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nil) == 0, access("/sys/kernel/tracing/events", F_OK) == 0 {
            return "/sys/kernel/tracing"
        }
        throw SensorError("tracefs is not available: mount it with `mount -t tracefs nodev /sys/kernel/tracing` (\(String(cString: strerror(errno))))")
    }

    init(_ options: Options, selfPID: Int32) throws {
        try Self.preflight()
        let tracing = try Self.tracefs()
        var base64 = ""
        sensorBPFObjectBase64.withUTF8Buffer { base64 = String(decoding: $0, as: UTF8.self) }
        guard let data = Data(base64Encoded: base64) else { throw SensorError("the embedded BPF object is corrupt") }
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 8)
        data.copyBytes(to: buf)
        objectBytes = buf
        // A throwing initializer never runs deinit: release what was made on every way out.
        var ready = false
        defer { if !ready { close() } }
        var useFexit = options.hooks != .tracepoint
        while true {
            if try attempt(options, selfPID: selfPID, tracing: tracing, fexit: useFexit) { break }
            // `auto` and the fexit programs did not load or attach: the same on tracepoints.
            closeObject()
            useFexit = false
        }
        if !attached.contains("bh_exec") {
            throw SensorError("could not attach the exec tracepoint (sched/sched_process_exec); nothing to watch")
        }
        ready = true
    }

    /// Opens, loads, configures and attaches the object once. Returns false when `auto` should
    /// try again without fexit (the kernel refused an fexit program); throws otherwise.
    private func attempt(_ options: Options, selfPID: Int32, tracing: String, fexit: Bool) throws -> Bool {
        let fallback = fexit && options.hooks == .auto
        guard let buf = objectBytes, let obj = bpf_object__open_mem(buf.baseAddress, buf.count, nil) else {
            throw SensorError("libbpf could not open the BPF object: \(String(cString: strerror(errno)))")
        }
        object = obj
        guard let events = bpf_object__find_map_by_name(obj, "events") else { throw SensorError("BPF object has no events map") }
        var ring = max(options.ringBytes, 1 << 16)
        ring = 1 << (Int.bitWidth - (ring - 1).leadingZeroBitCount)   // power of two
        bpf_map__set_max_entries(events, UInt32(ring))
        skipped = []
        attached = []
        guard let hooks = Self.choosePrograms(obj, fexit: fexit, strict: options.hooks == .fexit, tracing: tracing, skipped: &skipped) else {
            if fallback { return false }
            throw SensorError("the kernel exposes no readable vmlinux BTF, which fexit programs need; use --hooks tracepoint")
        }
        syscallHooks = hooks
        let rc = bpf_object__load(obj)
        if rc != 0 {
            let e = -rc
            if fallback, hooks != "tracepoint" {
                FileHandle.standardError.write(Data("note: fexit programs did not load (\(String(cString: strerror(e)))); using syscall tracepoints\n".utf8))
                return false
            }
            if options.hooks == .fexit {
                throw SensorError("the kernel refused the fexit programs (\(String(cString: strerror(e)))): it does not allow BPF trampolines (fentry/fexit) here; use --hooks auto or tracepoint")
            }
            if e == EPERM || e == EACCES {
                throw SensorError("the kernel refused to load eBPF programs (\(String(cString: strerror(e)))): root with CAP_BPF/CAP_SYS_ADMIN is needed, and kernel lockdown or a seccomp profile may forbid bpf()")
            }
            throw SensorError("loading the BPF programs failed (\(String(cString: strerror(e)))); the verifier log is above")
        }
        eventsFD = bpf_map__fd(events)
        statsFD = bpf_map__fd(bpf_object__find_map_by_name(obj, "stats"))
        configFD = bpf_map__fd(bpf_object__find_map_by_name(obj, "config"))

        var cfg = bh_config()
        cfg.self_tgid = UInt32(selfPID)
        cfg.open_filter = options.openFilter ? 1 : 0
        cfg.wakeup_bytes = min(options.wakeupBytes, UInt64(ring / 4))
        let prefixes = options.openPrefixes.prefix(Int(BH_MAX_PREFIXES))
        cfg.prefix_count = UInt32(prefixes.count)
        withUnsafeMutableBytes(of: &cfg.prefixes) { raw in
            for (i, p) in prefixes.enumerated() {
                let bytes = Array(p.utf8.prefix(Int(BH_PREFIX_LEN) - 1))
                for (j, b) in bytes.enumerated() { raw[i * Int(BH_PREFIX_LEN) + j] = b }
            }
        }
        withUnsafeMutableBytes(of: &cfg.second_chars) { bits in
            for p in prefixes {
                let b = Array(p.utf8)
                if b.count < 2 || b[0] != UInt8(ascii: "/") {
                    for i in 0..<bits.count { bits[i] = 0xff }   // "/" or a relative prefix: no pre-filter
                } else {
                    bits[Int(b[1] >> 3)] |= 1 << (b[1] & 7)
                }
            }
        }
        var key: UInt32 = 0
        if bpf_map_update_elem(configFD, &key, &cfg, 0) != 0 {
            throw SensorError("cannot write the sensor configuration map: \(String(cString: strerror(errno)))")
        }

        var prog = bpf_object__next_program(obj, nil)
        while let p = prog {
            if bpf_program__autoload(p) {
                let name = String(cString: bpf_program__name(p))
                if let link = bpf_program__attach(p) {
                    links.append(link)
                    attached.append(name)
                } else {
                    let why = String(cString: strerror(errno))
                    // An fexit program that loads but does not attach would leave its call
                    // unwatched (its tracepoint program was not loaded).
                    if fallback, name.hasSuffix("_fx") {
                        FileHandle.standardError.write(Data("note: \(name) did not attach (\(why)); using syscall tracepoints\n".utf8))
                        return false
                    }
                    skipped.append((name, "attach failed: \(why)"))
                }
            }
            prog = bpf_object__next_program(obj, p)
        }
        return true
    }

    /// Picks one program per system call before load: the fexit one (`bh_NAME_fx`, section
    /// `fexit/FUNCTION`) when `fexit` is on and vmlinux BTF has the function, else the
    /// tracepoint one (`bh_NAME`) when tracefs has its tracepoint (`strict`: never a
    /// tracepoint). Other programs (scheduler tracepoints, tp_btf) load when their hook exists.
    /// Returns `fexit`, `tracepoint` or `mixed` for the system-call programs kept, or nil when
    /// `fexit` is asked for and vmlinux BTF cannot be read.
    static func choosePrograms(_ obj: OpaquePointer, fexit: Bool, strict: Bool, tracing: String,
                               skipped: inout [(program: String, reason: String)]) -> String? {
        let btf = fexit ? btf__load_vmlinux_btf() : nil
        defer { if let btf { btf__free(btf) } }
        if fexit, btf == nil { return nil }
        var viaFexit = Set<String>()
        var programs: [(OpaquePointer, String, String)] = []
        var prog = bpf_object__next_program(obj, nil)
        while let p = prog {
            programs.append((p, String(cString: bpf_program__section_name(p)), String(cString: bpf_program__name(p))))
            prog = bpf_object__next_program(obj, p)
        }
        for (p, section, name) in programs where section.hasPrefix("fexit/") {
            let function = String(section.dropFirst("fexit/".count))
            let base = name.hasSuffix("_fx") ? String(name.dropLast(3)) : name
            if let btf, btf__find_by_name_kind(btf, function, 12 /* BTF_KIND_FUNC */) > 0 {
                viaFexit.insert(base)
            } else {
                bpf_program__set_autoload(p, false)
                if fexit, strict { skipped.append((base, "no function \(function) in this kernel")) }
            }
        }
        var viaTracepoint = 0
        for (p, section, name) in programs where section.hasPrefix("tracepoint/") {
            let tp = section.dropFirst("tracepoint/".count)
            let isSyscall = tp.hasPrefix("syscalls/")
            if isSyscall, viaFexit.contains(name) || strict {
                bpf_program__set_autoload(p, false)
            } else if access("\(tracing)/events/\(tp)/id", F_OK) != 0 {
                // e.g. init_module without CONFIG_MODULES
                bpf_program__set_autoload(p, false)
                skipped.append((name, "no tracepoint \(tp) in this kernel"))
            } else if isSyscall {
                viaTracepoint += 1
            }
        }
        if viaFexit.isEmpty { return "tracepoint" }
        return viaTracepoint == 0 ? "fexit" : "mixed"
    }

    /// Sum over CPUs of the per-CPU counters (BH_STAT_*); the maximum for the ring gauge.
    func counters() -> [UInt64] {
        let cpus = Int(libbpf_num_possible_cpus())
        var out = [UInt64](repeating: 0, count: Int(BH_STAT_COUNT.rawValue))
        guard cpus > 0 else { return out }
        var values = [UInt64](repeating: 0, count: cpus)
        for i in 0..<out.count {
            var key = UInt32(i)
            guard bpf_map_lookup_elem(statsFD, &key, &values) == 0 else { continue }
            out[i] = i == Int(BH_STAT_RING_USED.rawValue) ? (values.max() ?? 0) : values.reduce(0, &+)
        }
        return out
    }

    /// Detaches and unloads the programs (the object's bytes are kept for another attempt).
    private func closeObject() {
        for l in links { bpf_link__destroy(l) }
        links.removeAll()
        attached.removeAll()
        if let o = object { bpf_object__close(o) }
        object = nil
    }

    func close() {
        closeObject()
        objectBytes?.deallocate()
        objectBytes = nil
    }

    deinit { close() }
}

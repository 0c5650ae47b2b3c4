import Foundation

/// The syscall source's field table: every Falco field Bulkhead's events carry
/// (docs/runtime-events.md). Fields Falco defines but the events do not carry resolve to
/// `.unavailable`, so rules using them are skipped with a warning and listed by coverage.
public struct SyscallFields: FalcoFieldSource {
    public typealias Event = SyscallEvent
    public var name: String { "syscall" }
    public var aliases: [String] { [] }
    public var eventTypes: Set<String>? { FalcoCatalog.eventTypes }
    public func eventTypeIndex(_ event: SyscallEvent) -> Int? { event.typeIndex >= 0 ? event.typeIndex : nil }

    public init() {}

    /// Fields whose argument may follow a dot (`evt.arg.flags`, `k8s.pod.label.app`).
    private static let dottedArgumentFields = ["evt.arg", "evt.rawarg", "k8s.pod.label", "k8s.ns.label", "container.label",
                                               "proc.env", "proc.aenv"]

    /// Fields that take an argument (`[N]`, `[name]` or `.name`); the others refuse one.
    private static let argumentFields: Set<String> = [
        "evt.arg", "evt.rawarg", "proc.aname", "proc.aexe", "proc.aexepath", "proc.acmdline", "proc.aargs", "proc.apid",
        "proc.aenv", "proc.env", "proc.args", "fd.types", "container.mount", "container.mount.source", "container.mount.dest",
        "container.mount.mode", "container.mount.rdwr", "container.mount.propagation", "container.label", "k8s.pod.label",
        "k8s.ns.label", "k8s.rc.label", "k8s.rs.label", "k8s.svc.label", "k8s.deployment.label",
    ]

    public func resolve(field: String, argument: String?) -> FieldResolution<SyscallEvent> {
        if argument != nil, FalcoCatalog.syscallFields[field] != nil, !Self.argumentFields.contains(field) {
            return .invalid("filter_check field \(field) does not take an argument")
        }
        if FalcoCatalog.syscallFields[field] == nil {
            for base in Self.dottedArgumentFields where field.hasPrefix(base + ".") && argument == nil {
                return resolve(field: base, argument: String(field.dropFirst(base.count + 1)))
            }
            return .unknown
        }
        if let r = resolveEvent(field, argument) ?? resolveProcess(field, argument) ?? resolveFD(field, argument)
            ?? resolveOther(field, argument) {
            return r
        }
        return .unavailable
    }

    private typealias R = FieldResolution<SyscallEvent>

    // MARK: evt.*

    private func resolveEvent(_ field: String, _ arg: String?) -> R? {
        switch field {
        case "evt.type": return .field(.string { $0.type })
        case "evt.num": return .field(.number { $0.number })
        case "evt.dir": return .field(.string { _ in "<" })
        case "evt.is_async": return .field(.bool { _ in false })
        case "evt.rawtime", "evt.rawtime.s", "evt.rawtime.ns":
            switch field {
            case "evt.rawtime.s": return .field(.number { $0.timestamp / 1_000_000_000 })
            case "evt.rawtime.ns": return .field(.number { $0.timestamp % 1_000_000_000 })
            default: return .field(.number { $0.timestamp })
            }
        case "evt.time", "evt.time.iso8601", "evt.datetime", "evt.time.s", "evt.datetime.s":
            let style = field
            return .field(.string { e in TimeFormat.render(e.timestamp, style: style) })
        case "evt.hostname": return .field(.string { $0.hostname ?? TimeFormat.hostname })
        case "evt.res":
            return .field(.string { e in e.result.map { $0 >= 0 ? "SUCCESS" : Errno.name(-$0) } })
        case "evt.rawres": return .field(.number { $0.result })
        case "evt.failed": return .field(.bool { e in e.result.map { $0 < 0 } })
        case "evt.args":
            return .field(.string { e in e.args.map { "\($0.name)=\($0.text)" }.joined(separator: " ") })
        case "evt.arg":
            guard let arg else { return .invalid("filter_check field evt.arg requires an argument") }
            if let n = Int(arg) {
                return .field(.string { e in n < e.args.count ? e.args[n].text : nil })
            }
            return .field(.string { e in e.argument(arg)?.text })
        case "evt.rawarg":
            guard let arg else { return .invalid("filter_check field evt.rawarg requires an argument") }
            return .field(.number { e in
                guard let a = e.argument(arg) else { return nil }
                return a.raw ?? Int64(a.text)
            })
        case "evt.is_open_read":
            return .field(.bool { e in e.openFlags & OpenFlags.read != 0 })
        case "evt.is_open_write":
            return .field(.bool { e in e.openFlags & (OpenFlags.write | OpenFlags.readWrite) != 0 && e.type != "creat" })
        case "evt.is_open_create":
            // Created means the kernel reported O_F_CREATED (or an O_TMPFILE open that succeeded),
            // not merely that O_CREAT was asked for.
            return .field(.bool { e in
                e.type != "creat" && (e.openFlags & OpenFlags.created != 0 || (e.openFlags & OpenFlags.tmpfile != 0 && (e.result ?? -1) >= 0))
            })
        case "evt.is_open_exec":
            return .field(.bool { e in
                guard OpenFlags.isOpen(e), e.type != "creat", e.type != "open_by_handle_at",
                      e.openFlags & (OpenFlags.create | OpenFlags.tmpfile) != 0 else { return false }
                guard let mode = e.argument("mode") else { return false }
                let m = mode.raw ?? Int64(mode.text.hasPrefix("0") ? String(Int64(mode.text, radix: 8) ?? 0) : mode.text) ?? 0
                return m & 0o111 != 0
            })
        case "evt.category":
            return .field(.string { e in EventCategory.of(e.type) })
        case "evt.buffer", "evt.rawarg.data": return .field(.string { e in e.argument("data")?.text })
        default: return nil
        }
    }

    // MARK: proc.*, thread.*, user.*, group.*

    private func resolveProcess(_ field: String, _ arg: String?) -> R? {
        switch field {
        case "proc.name": return .field(.string { $0.process.name })
        case "proc.exe": return .field(.string { $0.process.exe })
        case "proc.exepath": return .field(.string { $0.process.exePath })
        case "proc.args":
            if let arg {
                guard let n = Int(arg), n >= 0 else { return .invalid("wrong argument '\(arg)' for field proc.args: expected a number") }
                // proc.args[N]: the Nth argument (1 = first), "" when there is none.
                return .field(.string { e in n >= 1 && n <= e.process.args.count ? e.process.args[n - 1] : "" })
            }
            return .field(.string { $0.process.joinedArgs })
        case "proc.cmdline": return .field(.string { $0.process.cmdline })
        case "proc.exeline": return .field(.string { e in ([e.process.exe] + e.process.args).joined(separator: " ") })
        case "proc.cmdnargs": return .field(.number { Int64($0.process.args.count) })
        case "proc.cmdlenargs": return .field(.number { e in Int64(e.process.args.reduce(0) { $0 + $1.utf8.count }) })
        case "proc.cwd": return .field(.string { $0.process.cwd })
        case "proc.pid": return .field(.number { $0.process.pid })
        case "proc.vpid": return .field(.number { $0.process.vpid })
        case "proc.ppid": return .field(.number { $0.process.ppid })
        case "proc.pvpid": return .field(.number { $0.process.parent?.vpid })
        case "proc.sid": return .field(.number { $0.process.sid })
        case "proc.vpgid": return .field(.number { $0.process.vpgid })
        case "proc.pgid": return .field(.number { $0.process.pgid })
        case "proc.tty": return .field(.number { $0.process.tty })
        case "proc.is_vpgid_leader":
            return .field(.bool { e in
                guard let g = e.process.vpgid, let v = e.process.vpid else { return nil }
                return g == v
            })
        case "proc.is_sid_leader":
            return .field(.bool { e in e.process.sid.map { $0 == (e.process.vpid ?? e.process.pid) } })
        case "proc.is_pgid_leader":
            return .field(.bool { e in e.process.pgid.map { $0 == e.process.pid } })
        case "proc.sname", "proc.sid.exe", "proc.sid.exepath":
            return .field(.string { e in
                guard let sid = e.process.sid, let leader = e.process.selfOrAncestor(where: { $0.pid == sid }) else { return nil }
                return field == "proc.sname" ? leader.name : (field == "proc.sid.exe" ? leader.exe : leader.exePath)
            })
        case "proc.vpgid.name", "proc.vpgid.exe", "proc.vpgid.exepath":
            return .field(.string { e in
                guard let g = e.process.vpgid, let leader = e.process.selfOrAncestor(where: { $0.vpid == g }) else { return nil }
                return field == "proc.vpgid.name" ? leader.name : (field == "proc.vpgid.exe" ? leader.exe : leader.exePath)
            })
        case "proc.pgid.name", "proc.pgid.exe", "proc.pgid.exepath":
            return .field(.string { e in
                guard let g = e.process.pgid, let leader = e.process.selfOrAncestor(where: { $0.pid == g }) else { return nil }
                return field == "proc.pgid.name" ? leader.name : (field == "proc.pgid.exe" ? leader.exe : leader.exePath)
            })
        case "proc.pname": return .field(.string { $0.process.parent?.name })
        case "proc.pexe": return .field(.string { $0.process.parent?.exe })
        case "proc.pexepath": return .field(.string { $0.process.parent?.exePath })
        case "proc.pcmdline": return .field(.string { $0.process.parent?.cmdline })
        case "proc.aenv" where arg != nil && Int(arg!) == nil:
            // proc.aenv[NAME]: the variable as the process or its nearest ancestor has it.
            let prefix = arg! + "="
            return .field(.string { e in
                var p: SyscallProcess? = e.process
                var depth = 0
                while let cur = p, depth < 256 {
                    for kv in cur.env where kv.hasPrefix(prefix) { return String(kv.dropFirst(prefix.count)).trimmingWhitespace }
                    p = cur.parent
                    depth += 1
                }
                return ""
            })
        case "proc.aname", "proc.aexe", "proc.aexepath", "proc.acmdline", "proc.aargs", "proc.apid", "proc.aenv":
            let pick: @Sendable (SyscallProcess) -> String = switch field {
            case "proc.aname": { $0.name }
            case "proc.aexe": { $0.exe }
            case "proc.aexepath": { $0.exePath }
            case "proc.acmdline": { $0.cmdline }
            case "proc.aargs": { $0.joinedArgs }
            case "proc.aenv": { $0.env.joined(separator: " ") }
            default: { String($0.pid) }
            }
            if let arg {
                guard let n = Int(arg), n >= 0 else { return .invalid("wrong argument '\(arg)' for field \(field): expected a number") }
                if field == "proc.apid" {
                    return .field(.number { e in n == 0 ? e.process.pid : e.process.ancestor(n)?.pid })
                }
                return .field(.string { e in (n == 0 ? e.process : e.process.ancestor(n)).map(pick) })
            }
            return .field(.anyOf { e, visit in
                var p = e.process.parent
                var depth = 0
                while let cur = p, depth < 256 {
                    if visit(pick(cur)) { return true }
                    p = cur.parent
                    depth += 1
                }
                return false
            })
        case "proc.env":
            if let arg {
                let prefix = arg + "="
                // Unset is the empty string (so `proc.env[X] != foo` holds), values are trimmed.
                return .field(.string { e in
                    for kv in e.process.env where kv.hasPrefix(prefix) { return String(kv.dropFirst(prefix.count)).trimmingWhitespace }
                    return ""
                })
            }
            return .field(.string { $0.process.env.joined(separator: " ") })
        case "proc.duration":
            return .field(.number { e in e.process.startTime.map { e.timestamp - $0 } })
        case "proc.ppid.duration":
            return .field(.number { e in e.process.parent?.startTime.map { e.timestamp - $0 } })
        case "proc.pid.ts": return .field(.number { $0.process.startTime })
        case "proc.ppid.ts": return .field(.number { $0.process.parent?.startTime })
        case "proc.exe_ino": return .field(.number { $0.process.exeIno })
        case "proc.exe_ino.ctime": return .field(.number { $0.process.exeInoCtime })
        case "proc.exe_ino.mtime": return .field(.number { $0.process.exeInoMtime })
        case "proc.exe_ino.ctime_duration_proc_start":
            return .field(.number { e in
                guard let start = e.process.startTime, let ctime = e.process.exeInoCtime else { return nil }
                return start - ctime
            })
        case "proc.is_exe_writable": return .field(.bool { $0.process.exeWritable })
        case "proc.is_exe_upper_layer": return .field(.bool { $0.process.exeUpperLayer })
        case "proc.is_exe_lower_layer": return .field(.bool { $0.process.exeLowerLayer })
        case "proc.is_exe_from_memfd": return .field(.bool { $0.process.exeFromMemfd })
        case "thread.tid": return .field(.number { $0.process.tid ?? $0.process.pid })
        case "thread.vtid": return .field(.number { $0.process.vtid ?? $0.process.vpid })
        case "thread.ismain": return .field(.bool { e in (e.process.tid ?? e.process.pid) == e.process.pid })
        case "thread.cap_effective": return .field(.string { $0.process.capEffective?.joined(separator: " ") })
        case "thread.cap_permitted": return .field(.string { $0.process.capPermitted?.joined(separator: " ") })
        case "thread.cap_inheritable": return .field(.string { $0.process.capInheritable?.joined(separator: " ") })
        case "user.uid": return .field(.number { $0.user?.uid })
        case "user.name": return .field(.string { $0.user?.name })
        case "user.loginuid": return .field(.number { $0.user?.loginUID })
        case "user.loginname": return .field(.string { $0.user?.loginName })
        case "user.homedir": return .field(.string { $0.user?.homeDir })
        case "user.shell": return .field(.string { $0.user?.shell })
        case "group.gid": return .field(.number { $0.group?.gid })
        case "group.name": return .field(.string { $0.group?.name })
        default: return nil
        }
    }

    // MARK: fd.*, fs.path.*

    private func resolveFD(_ field: String, _ arg: String?) -> R? {
        switch field {
        case "fd.num": return .field(.number { $0.fd?.num })
        case "fd.type": return .field(.string { $0.fd?.type })
        case "fd.typechar": return .field(.string { $0.fd?.typeChar })
        case "fd.name": return .field(.string { $0.fd?.name })
        case "fd.nameraw": return .field(.string { $0.fd?.nameRaw })
        case "fd.directory": return .field(.string { $0.fd?.directory })
        case "fd.filename": return .field(.string { $0.fd?.filename })
        case "fd.sip": return .field(.address { e in e.fd?.serverIP.map { [$0] } })
        case "fd.cip": return .field(.address { e in e.fd?.clientIP.map { [$0] } })
        case "fd.lip": return .field(.address { e in e.fd?.localIP.map { [$0] } })
        case "fd.rip": return .field(.address { e in e.fd?.remoteIP.map { [$0] } })
        case "fd.ip":
            return .field(.address { e in
                guard let fd = e.fd else { return nil }
                let ips = [fd.clientIP, fd.serverIP].compactMap { $0 }
                return ips.isEmpty ? nil : ips
            })
        case "fd.net": return .field(.address { e in
                guard let fd = e.fd else { return nil }
                let ips = [fd.clientIP, fd.serverIP].compactMap { $0 }
                return ips.isEmpty ? nil : ips
            })
        case "fd.snet": return .field(.address { e in e.fd?.serverIP.map { [$0] } })
        case "fd.cnet": return .field(.address { e in e.fd?.clientIP.map { [$0] } })
        case "fd.lnet": return .field(.address { e in e.fd?.localIP.map { [$0] } })
        case "fd.rnet": return .field(.address { e in e.fd?.remoteIP.map { [$0] } })
        case "fd.sport": return .field(.number { $0.fd?.serverPort })
        case "fd.cport": return .field(.number { $0.fd?.clientPort })
        case "fd.lport": return .field(.number { $0.fd?.localPort })
        case "fd.rport": return .field(.number { $0.fd?.remotePort })
        case "fd.port":
            return .field(.anyOf({ e, visit in
                guard let fd = e.fd, fd.clientPort != nil || fd.serverPort != nil else { return nil }
                if let c = fd.clientPort, visit(String(c)) { return true }
                if let s = fd.serverPort, visit(String(s)) { return true }
                return false
            }, allEndsForNotEqual: true))
        case "fd.proto":
            // A port field that also accepts service names (fd.proto = http means port 80).
            return .field(.anyOf({ e, visit in
                guard let fd = e.fd, fd.clientPort != nil || fd.serverPort != nil else { return nil }
                for p in [fd.clientPort, fd.serverPort].compactMap({ $0 }) {
                    if visit(String(p)) { return true }
                    if let name = Services.name(p), visit(name) { return true }
                }
                return false
            }, allEndsForNotEqual: true))
        case "fd.l4proto": return .field(.string { $0.fd?.l4proto })
        case "fd.sockfamily":
            return .field(.string { e in
                switch e.fd?.type {
                case "ipv4", "ipv6": return "ip"
                case "unix": return "unix"
                default: return nil
                }
            })
        case "fd.is_server": return .field(.bool { e in e.fd.map { $0.role == .server } })
        case "fd.connected": return .field(.bool { $0.fd?.connected })
        case "fd.name_changed": return .field(.bool { $0.fd?.nameChanged })
        case "fd.sip.name": return .field(.string { $0.fd?.serverName })
        case "fd.cip.name": return .field(.string { $0.fd?.clientName })
        case "fd.lip.name": return .field(.string { $0.fd?.localName })
        case "fd.rip.name": return .field(.string { $0.fd?.remoteName })
        case "fd.types":
            if let arg {
                guard let n = Int64(arg) else { return .invalid("wrong argument '\(arg)' for field fd.types: expected a number") }
                return .field(.list { e in e.process.fdTypes[n].map { [$0] } })
            }
            return .field(.list { e in
                let types = Set(e.process.fdTypes.values).sorted()
                return types.isEmpty ? nil : types
            })
        case "fs.path.name": return .field(.string { $0.fsPath?.name })
        case "fs.path.source": return .field(.string { $0.fsPath?.source })
        case "fs.path.target": return .field(.string { $0.fsPath?.target })
        case "fs.path.nameraw": return .field(.string { $0.fsPath?.name })
        case "fs.path.sourceraw": return .field(.string { $0.fsPath?.source })
        case "fs.path.targetraw": return .field(.string { $0.fsPath?.target })
        default: return nil
        }
    }

    // MARK: container.*, k8s.*

    private func resolveOther(_ field: String, _ arg: String?) -> R? {
        switch field {
        case "container.id": return .field(.string { $0.container?.id ?? "host" })
        case "container.full_id": return .field(.string { $0.container?.fullID ?? "host" })
        case "container.name": return .field(.string { $0.container == nil ? "host" : $0.container?.name })
        case "container.type": return .field(.string { $0.container?.type })
        case "container.image": return .field(.string { $0.container?.image })
        case "container.image.id": return .field(.string { $0.container?.imageID })
        case "container.image.repository": return .field(.string { $0.container?.imageRepository })
        case "container.image.tag": return .field(.string { $0.container?.imageTag })
        case "container.image.digest": return .field(.string { $0.container?.imageDigest })
        case "container.privileged": return .field(.bool { $0.container?.privileged })
        case "container.start_ts": return .field(.number { $0.container?.startTime })
        case "container.duration": return .field(.number { e in e.container?.startTime.map { e.timestamp - $0 } })
        case "container.healthcheck": return .field(.string { $0.container?.healthcheck })
        case "container.liveness_probe": return .field(.string { $0.container?.livenessProbe })
        case "container.readiness_probe": return .field(.string { $0.container?.readinessProbe })
        case "container.ip": return .field(.string { $0.container?.ip })
        case "container.label":
            guard let arg else { return .invalid("filter_check field container.label requires an argument") }
            return .field(.string { $0.container?.labels[arg] })
        case "container.labels":
            return .field(.string { e in e.container.map { $0.labels.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") } })
        case "container.mounts":
            return .field(.string { e in
                e.container?.mounts.map { ms in ms.map(Self.mountText).joined(separator: ",") }
            })
        case "container.mount", "container.mount.source", "container.mount.dest", "container.mount.mode",
             "container.mount.rdwr", "container.mount.propagation":
            guard let arg else { return .invalid("filter_check field \(field) requires an argument") }
            let render: @Sendable (ContainerMount) -> String = switch field {
            case "container.mount": Self.mountText
            case "container.mount.source": { $0.source }
            case "container.mount.dest": { $0.dest }
            case "container.mount.mode": { $0.mode }
            case "container.mount.rdwr": { $0.readWrite ? "true" : "false" }
            default: { $0.propagation }
            }
            // By index, or by path (a glob): .source[...] looks a mount up by its destination, the
            // others by its source (libsinsp's container filtercheck).
            let bySource = field != "container.mount.source"
            return .field(.string { e in
                guard let mounts = e.container?.mounts else { return nil }
                if let n = Int(arg) { return n < mounts.count ? render(mounts[n]) : nil }
                for m in mounts where fnmatch(arg, bySource ? m.source : m.dest, 0) == 0 { return render(m) }
                return nil
            })
        case "k8s.ns.name": return .field(.string { $0.k8s?.namespace })
        case "k8s.pod.name": return .field(.string { $0.k8s?.podName })
        case "k8s.pod.uid", "k8s.pod.id": return .field(.string { $0.k8s?.podUID })
        case "k8s.pod.label":
            guard let arg else { return .invalid("filter_check field k8s.pod.label requires an argument") }
            return .field(.string { $0.k8s?.podLabels[arg] })
        case "k8s.pod.labels":
            return .field(.string { e in e.k8s.map { $0.podLabels.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") } })
        case "k8s.ns.label":
            guard let arg else { return .invalid("filter_check field k8s.ns.label requires an argument") }
            return .field(.string { $0.k8s?.namespaceLabels[arg] })
        default: return nil
        }
    }

    @Sendable static func mountText(_ m: ContainerMount) -> String {
        "\(m.source):\(m.dest):\(m.mode):\(m.readWrite ? "true" : "false"):\(m.propagation)"
    }
}

/// Open-family helpers: which events are opens and whether a flag is set in `evt.arg.flags`.
enum OpenFlags {
    static let openTypes: Set<String> = ["open", "openat", "openat2", "open_by_handle_at", "creat"]

    static func isOpen(_ e: SyscallEvent) -> Bool { openTypes.contains(e.type) }

    static let write: UInt8 = 1, readWrite: UInt8 = 2, create: UInt8 = 4, created: UInt8 = 8, isOpenBit: UInt8 = 16,
               read: UInt8 = 32, tmpfile: UInt8 = 64

    /// The same bits from the kernel's flags (x86-64/generic `O_*` values), as the text
    /// renderer of live events spells them.
    static func bits(linux f: UInt64, type: String) -> UInt8 {
        guard openTypes.contains(type) else { return 0 }
        if type == "creat" { return write | create | isOpenBit }
        var b: UInt8 = isOpenBit
        switch f & 3 {
        case 0: b |= read
        case 1: b |= write
        default: b |= readWrite | read
        }
        if f & 0o20200000 == 0o20200000 { b |= tmpfile }
        if f & 0o100 != 0 { b |= create }
        return b
    }

    /// The open-mode bits of an event's `flags` argument, computed once per event.
    static func bits(type: String, args: [SyscallArgument]) -> UInt8 {
        guard openTypes.contains(type) else { return 0 }
        if type == "creat" { return write | create | isOpenBit }
        // No flags (or "0") is not a read: libsinsp tests the O_RDONLY bit it renders.
        guard let text = args.first(where: { $0.name == "flags" })?.text else { return isOpenBit }
        var b: UInt8 = isOpenBit
        for part in text.utf8.split(separator: UInt8(ascii: "|")) {
            switch String(decoding: part, as: UTF8.self) {
            case "O_RDONLY": b |= read
            case "O_WRONLY": b |= write
            case "O_RDWR": b |= readWrite | read
            case "O_TMPFILE": b |= tmpfile
            case "O_CREAT": b |= create
            case "O_F_CREATED": b |= created
            default: continue
            }
        }
        return b
    }
}

enum EventCategory {
    static func of(_ type: String) -> String {
        switch type {
        case "open", "openat", "openat2", "creat", "close", "read", "write", "pread", "pwrite": return "file"
        case "connect", "accept", "accept4", "bind", "listen", "socket", "sendto", "recvfrom", "sendmsg", "recvmsg": return "net"
        case "execve", "execveat", "clone", "clone3", "fork", "vfork", "procexit": return "process"
        default: return "other"
        }
    }
}

/// Linux errno names for `evt.res`.
enum Errno {
    static let names: [Int64: String] = [
        1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO", 6: "ENXIO", 7: "E2BIG", 8: "ENOEXEC", 9: "EBADF",
        10: "ECHILD", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES", 14: "EFAULT", 16: "EBUSY", 17: "EEXIST", 18: "EXDEV",
        19: "ENODEV", 20: "ENOTDIR", 21: "EISDIR", 22: "EINVAL", 23: "ENFILE", 24: "EMFILE", 25: "ENOTTY", 26: "ETXTBSY",
        27: "EFBIG", 28: "ENOSPC", 29: "ESPIPE", 30: "EROFS", 31: "EMLINK", 32: "EPIPE", 36: "ENAMETOOLONG", 38: "ENOSYS",
        39: "ENOTEMPTY", 40: "ELOOP", 95: "EOPNOTSUPP", 97: "EAFNOSUPPORT", 98: "EADDRINUSE", 99: "EADDRNOTAVAIL",
        101: "ENETUNREACH", 103: "ECONNABORTED", 104: "ECONNRESET", 110: "ETIMEDOUT", 111: "ECONNREFUSED",
        113: "EHOSTUNREACH", 115: "EINPROGRESS",
    ]

    static func name(_ n: Int64) -> String { names[n] ?? "E\(n)" }
}

/// Timestamp rendering for `evt.time` and friends (UTC).
public enum TimeFormat {
    /// This machine's host name (gethostname), the default `hostname` of alerts.
    public static let hostname: String = {
        var buf = [CChar](repeating: 0, count: 256)
        return gethostname(&buf, 255) == 0 ? String(cString: buf) : "localhost"
    }()

    static func render(_ ns: Int64, style: String) -> String {
        var t = time_t(ns / 1_000_000_000)
        var tm = tm()
        gmtime_r(&t, &tm)
        let nanos = ns % 1_000_000_000
        let hms = String(format: "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec)
        let date = String(format: "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)
        switch style {
        case "evt.time.s": return hms
        case "evt.time.iso8601": return "\(date)T\(hms).\(String(format: "%09lld", nanos))Z"
        case "evt.datetime": return "\(date) \(hms).\(String(format: "%09lld", nanos))"
        case "evt.datetime.s": return "\(date) \(hms)"
        default: return "\(hms).\(String(format: "%09lld", nanos))"
        }
    }
}

/// Well-known service ports for `fd.proto` (the names libsinsp resolves most often).
enum Services {
    static let byPort: [Int64: String] = [
        20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain", 67: "bootps", 68: "bootpc", 69: "tftp",
        80: "http", 110: "pop3", 123: "ntp", 143: "imap2", 161: "snmp", 389: "ldap", 443: "https", 445: "microsoft-ds",
        465: "submissions", 514: "syslog", 587: "submission", 636: "ldaps", 993: "imaps", 995: "pop3s", 2049: "nfs",
        3306: "mysql", 5432: "postgresql", 6379: "redis", 8080: "http-alt",
    ]

    static func name(_ port: Int64) -> String? { byPort[port] }
}

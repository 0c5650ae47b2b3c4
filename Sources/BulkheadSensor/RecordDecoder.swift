import BulkheadFalco
import CLibBPF
import Foundation

/// Turns ring-buffer records (CLibBPF/bulkhead_events.h) into the engine's syscall events,
/// keeping the process table current. Records are read in place; an event object is built
/// only when `wanted` says a rule (or the recorder) reads events of that type.
final class RecordDecoder {
    let processes: ProcessTable
    let containers: ContainerResolver
    let users = UserResolver()
    let hostname = TimeFormat.hostname
    var clockOffset: Int64 { didSet { processes.clockOffset = clockOffset } }
    private var number: Int64 = 0

    init(containers: ContainerResolver, clockOffset: Int64) {
        self.containers = containers
        self.clockOffset = clockOffset
        self.processes = ProcessTable(clockOffset: clockOffset)
    }

    /// `SyscallEventTypes` index per record kind and system call (no string hashing per event);
    /// `SyscallEventTypes.count` for records that are not events.
    static func typeIndex(kind: UInt32, syscall: UInt32) -> Int {
        switch kind {
        case BH_KIND_EXEC.rawValue: return execIndex
        case BH_KIND_FORK.rawValue: return cloneIndex
        case BH_KIND_EXIT.rawValue: return exitIndex
        default: return Int(syscall) < indexBySyscall.count ? indexBySyscall[Int(syscall)] : SyscallEventTypes.count
        }
    }

    private static let execIndex = SyscallEventTypes.index(of: "execve") ?? SyscallEventTypes.count
    private static let cloneIndex = SyscallEventTypes.index(of: "clone") ?? SyscallEventTypes.count
    private static let exitIndex = SyscallEventTypes.index(of: "procexit") ?? SyscallEventTypes.count
    private static let indexBySyscall: [Int] = (0..<Int(BH_SYS_MAX.rawValue)).map { n in
        syscallNames[n].flatMap(SyscallEventTypes.index(of:)) ?? SyscallEventTypes.count
    }

    static let syscallNames: [Int: String] = {
        var m: [Int: String] = [:]
        let pairs: [(bh_syscall, String)] = [
            (BH_SYS_OPEN, "open"), (BH_SYS_OPENAT, "openat"), (BH_SYS_OPENAT2, "openat2"), (BH_SYS_CREAT, "creat"),
            (BH_SYS_CONNECT, "connect"), (BH_SYS_ACCEPT, "accept"), (BH_SYS_ACCEPT4, "accept4"), (BH_SYS_BIND, "bind"),
            (BH_SYS_LISTEN, "listen"), (BH_SYS_SOCKET, "socket"), (BH_SYS_PTRACE, "ptrace"), (BH_SYS_SETUID, "setuid"),
            (BH_SYS_SETGID, "setgid"), (BH_SYS_SETREUID, "setreuid"), (BH_SYS_SETREGID, "setregid"),
            (BH_SYS_SETRESUID, "setresuid"), (BH_SYS_SETRESGID, "setresgid"), (BH_SYS_MOUNT, "mount"),
            (BH_SYS_UMOUNT2, "umount2"), (BH_SYS_UNLINK, "unlink"), (BH_SYS_UNLINKAT, "unlinkat"), (BH_SYS_RMDIR, "rmdir"),
            (BH_SYS_MKDIR, "mkdir"), (BH_SYS_MKDIRAT, "mkdirat"), (BH_SYS_RENAME, "rename"), (BH_SYS_RENAMEAT, "renameat"),
            (BH_SYS_RENAMEAT2, "renameat2"), (BH_SYS_LINK, "link"), (BH_SYS_LINKAT, "linkat"), (BH_SYS_SYMLINK, "symlink"),
            (BH_SYS_SYMLINKAT, "symlinkat"), (BH_SYS_CHMOD, "chmod"), (BH_SYS_FCHMOD, "fchmod"), (BH_SYS_FCHMODAT, "fchmodat"),
            (BH_SYS_FCHMODAT2, "fchmodat"), (BH_SYS_CHOWN, "chown"), (BH_SYS_LCHOWN, "lchown"), (BH_SYS_FCHOWN, "fchown"),
            (BH_SYS_FCHOWNAT, "fchownat"), (BH_SYS_MEMFD_CREATE, "memfd_create"), (BH_SYS_BPF, "bpf"),
            (BH_SYS_INIT_MODULE, "init_module"), (BH_SYS_FINIT_MODULE, "finit_module"), (BH_SYS_CHDIR, "chdir"),
            (BH_SYS_FCHDIR, "fchdir"), (BH_SYS_DUP, "dup"), (BH_SYS_DUP2, "dup2"), (BH_SYS_DUP3, "dup3"),
        ]
        for (k, v) in pairs { m[Int(k.rawValue)] = v }
        return m
    }()

    // MARK: - reading records

    @inline(__always)
    static func string(_ base: UnsafeRawPointer, _ offset: Int, _ max: Int) -> String {
        let p = (base + offset).assumingMemoryBound(to: CChar.self)
        let n = strnlen(p, max)
        return String(decoding: UnsafeRawBufferPointer(start: base + offset, count: n), as: UTF8.self)
    }

    @inline(__always)
    static func field<T>(_ base: UnsafeRawPointer, _ key: PartialKeyPath<T>) -> Int {
        MemoryLayout<T>.offset(of: key)!
    }

    /// Decodes one record; `wanted` says whether to build its event (a rule or the recorder
    /// reads that event type). Bookkeeping (process tree, cwd) happens either way. `typeIndex`
    /// is the record's `typeIndex(kind:syscall:)` when the caller has it already. Returns the
    /// event, or nil.
    func decode(_ base: UnsafeRawPointer, size: Int, typeIndex knownIndex: Int? = nil, wanted: Bool) -> SyscallEvent? {
        guard size >= MemoryLayout<bh_header>.size else { return nil }
        let h = base.load(as: bh_header.self)
        guard Int(h.size) <= size else { return nil }
        let pid = Int32(bitPattern: h.pid)
        let ts = Int64(h.ts) + clockOffset
        let comm = Self.string(base, Self.field(base, \bh_header.comm), Int(BH_COMM_LEN))
        let typeIndex = knownIndex ?? Self.typeIndex(kind: h.kind, syscall: h.syscall)
        guard typeIndex < SyscallEventTypes.count else { return nil }   // not an event record
        let type = SyscallEventTypes.all[typeIndex]
        switch h.kind {
        case BH_KIND_EXEC.rawValue:
            guard size >= MemoryLayout<bh_exec>.size else { return nil }
            let proc = execProcess(base, h, comm: comm)
            processes.exec(proc)
            guard wanted else { return nil }
            let leaf = Self.string(base, Self.field(base, \bh_exec.cgroup), Int(BH_CGROUP_LEN))
            let args = [SyscallArgument(name: "res", text: "0", raw: 0), SyscallArgument(name: "exe", text: proc.exe),
                        SyscallArgument(name: "args", text: proc.joinedArgs), SyscallArgument(name: "cwd", text: proc.cwd ?? ""),
                        SyscallArgument(name: "tty", text: String(proc.tty ?? 0), raw: proc.tty ?? 0),
                        SyscallArgument(name: "loginuid", text: String(Int32(bitPattern: h.loginuid)), raw: Int64(Int32(bitPattern: h.loginuid)))]
            return event(type, typeIndex, h, ts, result: 0, args: args, proc: proc, fd: nil, leaf: leaf)
        case BH_KIND_FORK.rawValue:
            guard size >= MemoryLayout<bh_fork>.size else { return nil }
            let f = base.load(as: bh_fork.self)
            let parent = processes.process(pid, comm: comm, ppid: Int32(bitPattern: h.ppid))
            processes.fork(parent: parent, childPid: Int32(bitPattern: f.child_pid), time: ts)
            guard wanted else { return nil }
            return event(type, typeIndex, h, ts, result: h.ret, args: [SyscallArgument(name: "res", text: String(h.ret), raw: h.ret)],
                         proc: parent, fd: nil, leaf: nil)
        case BH_KIND_EXIT.rawValue:
            defer { processes.exit(pid) }
            guard wanted else { return nil }
            let proc = processes.process(pid, comm: comm, ppid: Int32(bitPattern: h.ppid))
            return event(type, typeIndex, h, ts, result: nil, args: [], proc: proc, fd: nil, leaf: nil)
        case BH_KIND_FILE.rawValue:
            guard size >= MemoryLayout<bh_file>.size else { return nil }
            return fileEvent(base, h, type, typeIndex, ts, comm: comm, wanted: wanted)
        case BH_KIND_NET.rawValue:
            guard size >= MemoryLayout<bh_net>.size, wanted else { return nil }
            return netEvent(base, h, type, typeIndex, ts, comm: comm)
        case BH_KIND_PLAIN.rawValue:
            guard size >= MemoryLayout<bh_plain>.size else { return nil }
            let p = base.load(as: bh_plain.self)
            if h.syscall == BH_SYS_FCHDIR.rawValue, h.ret == 0, let cwd = ProcessTable.readlink("/proc/\(pid)/cwd") {
                processes.chdir(pid, to: cwd.hasSuffix("/") ? cwd : cwd + "/")
            }
            guard wanted else { return nil }
            return plainEvent(p, h, type, typeIndex, ts, comm: comm)
        default:
            return nil
        }
    }

    private func execProcess(_ base: UnsafeRawPointer, _ h: bh_header, comm: String) -> SyscallProcess {
        let e = base.load(as: bh_exec.self)
        let filename = Self.string(base, Self.field(base, \bh_exec.filename), Int(BH_PATH_LEN))
        var exePath = Self.string(base, Self.field(base, \bh_exec.exe_path), Int(BH_PATH_LEN))
        if e.flags & UInt32(BH_EXEC_FROM_MEMFD) != 0 || exePath.isEmpty { exePath = exePath.isEmpty ? filename : exePath }
        var cwd = Self.string(base, Self.field(base, \bh_exec.cwd), Int(BH_PATH_LEN))
        if !cwd.hasSuffix("/") { cwd += "/" }
        let parentComm = Self.string(base, Self.field(base, \bh_exec.parent_comm), Int(BH_COMM_LEN))
        var argv: [String] = []
        let argvLen = min(Int(e.argv_len), Int(BH_ARGV_LEN))
        if argvLen > 0 {
            let start = base + Self.field(base, \bh_exec.argv)
            let buf = UnsafeRawBufferPointer(start: start, count: argvLen)
            argv = buf.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if argv.last == "" { argv.removeLast() }
        }
        // The environment: the kernel copied at most BH_ENV_LEN bytes; a cut last entry is dropped.
        var env: [String] = []
        let envLen = min(Int(e.env_len), Int(BH_ENV_LEN))
        if envLen > 0 {
            let buf = UnsafeRawBufferPointer(start: base + Self.field(base, \bh_exec.env), count: envLen)
            var parts = buf.split(separator: 0, omittingEmptySubsequences: true)
            if envLen == Int(BH_ENV_LEN), buf[envLen - 1] != 0, !parts.isEmpty { parts.removeLast() }
            env = parts.map { String(decoding: $0, as: UTF8.self) }
        }
        let pid = Int32(bitPattern: h.pid)
        let parent = processes.parent(Int32(bitPattern: h.ppid), comm: parentComm)
        let deleted = e.flags & UInt32(BH_EXEC_DELETED) != 0
        let memfd = e.flags & UInt32(BH_EXEC_FROM_MEMFD) != 0
        return SyscallProcess(
            pid: Int64(pid), tid: Int64(h.tid), ppid: Int64(h.ppid), vpid: Int64(e.vpid), vtid: Int64(e.vpid),
            sid: Int64(e.sid), vpgid: Int64(e.vpgid), pgid: Int64(e.pgid), name: comm,
            exe: argv.first ?? filename, exePath: deleted && !memfd ? exePath + " (deleted)" : exePath,
            args: Array(argv.dropFirst()), cwd: cwd, env: env, tty: Int64(e.tty), startTime: Int64(e.start_time) + clockOffset,
            exeIno: Int64(e.exe_ino), exeWritable: nil,
            exeUpperLayer: e.flags & UInt32(BH_EXEC_UPPER_LAYER) != 0,
            exeLowerLayer: e.flags & UInt32(BH_EXEC_LOWER_LAYER) != 0, exeFromMemfd: memfd,
            capEffective: SyscallText.capabilities(e.cap_effective), capPermitted: SyscallText.capabilities(e.cap_permitted),
            capInheritable: SyscallText.capabilities(e.cap_inheritable), parent: parent)
    }

    private func event(_ type: String, _ typeIndex: Int, _ h: bh_header, _ ts: Int64, result: Int64?, args: [SyscallArgument],
                       proc: SyscallProcess, fd: FDInfo?, fsPath: FSPathInfo? = nil, leaf: String?,
                       openFlags: UInt64? = nil) -> SyscallEvent {
        number += 1
        let pid = Int32(bitPattern: h.pid)
        let c = containers.container(cgroupID: h.cgroup_id, leafName: leaf, pid: pid)
        let (user, group) = users.identity(uid: h.uid, gid: h.gid, loginUID: h.loginuid, pid: pid, containerID: c?.0.fullID)
        return SyscallEvent(type: type, typeIndex: typeIndex, linuxOpenFlags: openFlags, timestamp: ts, number: number,
                            result: result, args: args, hostname: hostname, process: proc, user: user, group: group, fd: fd,
                            fsPath: fsPath ?? ReplayDecoder.fsPath(type, args, result: result), container: c?.0, k8s: c?.1)
    }

    private func resolve(_ path: String, dirfd: Int64, pid: Int32, proc: SyscallProcess) -> String {
        if path.hasPrefix("/") || path.isEmpty { return SyscallText.absolutePath(path, base: nil) }
        var base = proc.cwd
        if dirfd != -100, let d = ProcessTable.readlink("/proc/\(pid)/fd/\(dirfd)") { base = d }
        return SyscallText.absolutePath(path, base: base)
    }

    private func fileEvent(_ base: UnsafeRawPointer, _ h: bh_header, _ type: String, _ typeIndex: Int, _ ts: Int64,
                           comm: String, wanted: Bool) -> SyscallEvent? {
        let f = base.load(as: bh_file.self)
        let pid = Int32(bitPattern: h.pid)
        let path1 = f.path1_len > 0 ? Self.string(base, Self.field(base, \bh_file.path1), Int(BH_PATH_LEN)) : ""
        if h.syscall == BH_SYS_CHDIR.rawValue, h.ret == 0 {
            let proc = processes.process(pid, comm: comm, ppid: Int32(bitPattern: h.ppid))
            var cwd = resolve(path1, dirfd: -100, pid: pid, proc: proc)
            if !cwd.hasSuffix("/") { cwd += "/" }
            processes.chdir(pid, to: cwd)
        }
        guard wanted else { return nil }
        let proc = processes.process(pid, comm: comm, ppid: Int32(bitPattern: h.ppid))
        let path2 = f.path2_len > 0 ? Self.string(base, Self.field(base, \bh_file.path2), Int(BH_PATH_LEN)) : ""
        let a = f.args
        let ret = h.ret
        func s(_ v: UInt64) -> Int64 { Int64(Int32(truncatingIfNeeded: v)) }
        func arg(_ n: String, _ t: String, _ raw: Int64? = nil) -> SyscallArgument { SyscallArgument(name: n, text: t, raw: raw) }
        func num(_ n: String, _ v: Int64) -> SyscallArgument { SyscallArgument(name: n, text: String(v), raw: v) }
        let res = num(ret >= 0 && ["open", "openat", "openat2", "creat", "memfd_create"].contains(type) ? "fd" : "res", ret)
        var args: [SyscallArgument] = []
        var fd: FDInfo?
        var openFlags: UInt64?
        let sys = Int(h.syscall)
        switch sys {
        case Int(BH_SYS_OPEN.rawValue), Int(BH_SYS_OPENAT.rawValue), Int(BH_SYS_OPENAT2.rawValue), Int(BH_SYS_CREAT.rawValue):
            let dirfd = s(a.2)
            let name = resolve(path1, dirfd: dirfd, pid: pid, proc: proc)
            let flags = a.0
            if sys != Int(BH_SYS_CREAT.rawValue) { openFlags = flags }
            args = [num("fd", ret)]
            if sys != Int(BH_SYS_OPEN.rawValue), sys != Int(BH_SYS_CREAT.rawValue) { args.append(num("dirfd", dirfd)) }
            args.append(arg("name", name))
            if sys != Int(BH_SYS_CREAT.rawValue) { args.append(arg("flags", SyscallText.openFlags(flags), Int64(flags))) }
            args.append(arg("mode", SyscallText.mode(a.1), Int64(a.1)))
            let isDir = flags & 0o200000 != 0 && flags & 0o20000000 == 0
            fd = FDInfo(num: ret, type: isDir ? "directory" : "file", name: name, nameRaw: path1)
        case Int(BH_SYS_MEMFD_CREATE.rawValue):
            args = [num("fd", ret), arg("name", path1), num("flags", Int64(a.0))]
            fd = FDInfo(num: ret, type: "memfd", name: "memfd:" + path1)
        case Int(BH_SYS_UNLINK.rawValue), Int(BH_SYS_RMDIR.rawValue):
            args = [res, arg("path", resolve(path1, dirfd: -100, pid: pid, proc: proc))]
        case Int(BH_SYS_UNLINKAT.rawValue):
            args = [res, num("dirfd", s(a.2)), arg("name", resolve(path1, dirfd: s(a.2), pid: pid, proc: proc)), num("flags", Int64(a.0))]
        case Int(BH_SYS_MKDIR.rawValue):
            args = [res, arg("path", resolve(path1, dirfd: -100, pid: pid, proc: proc)), arg("mode", SyscallText.mode(a.1), Int64(a.1))]
        case Int(BH_SYS_MKDIRAT.rawValue):
            args = [res, num("dirfd", s(a.2)), arg("path", resolve(path1, dirfd: s(a.2), pid: pid, proc: proc)),
                    arg("mode", SyscallText.mode(a.1), Int64(a.1))]
        case Int(BH_SYS_RENAME.rawValue), Int(BH_SYS_RENAMEAT.rawValue), Int(BH_SYS_RENAMEAT2.rawValue),
             Int(BH_SYS_LINK.rawValue), Int(BH_SYS_LINKAT.rawValue):
            let old = resolve(path1, dirfd: s(a.2), pid: pid, proc: proc)
            let new = resolve(path2, dirfd: s(a.3), pid: pid, proc: proc)
            args = [res]
            if sys == Int(BH_SYS_RENAMEAT.rawValue) || sys == Int(BH_SYS_RENAMEAT2.rawValue) || sys == Int(BH_SYS_LINKAT.rawValue) {
                args += [num("olddirfd", s(a.2)), arg("oldpath", old), num("newdirfd", s(a.3)), arg("newpath", new)]
                if sys != Int(BH_SYS_RENAMEAT.rawValue) { args.append(num("flags", Int64(a.0))) }
            } else {
                args += [arg("oldpath", old), arg("newpath", new)]
            }
        case Int(BH_SYS_SYMLINK.rawValue), Int(BH_SYS_SYMLINKAT.rawValue):
            // The target is stored as given (it is resolved when followed, not now).
            args = [res, arg("target", path1)]
            if sys == Int(BH_SYS_SYMLINKAT.rawValue) { args.append(num("linkdirfd", s(a.3))) }
            args.append(arg("linkpath", resolve(path2, dirfd: s(a.3), pid: pid, proc: proc)))
        case Int(BH_SYS_CHMOD.rawValue):
            args = [res, arg("filename", resolve(path1, dirfd: -100, pid: pid, proc: proc)), arg("mode", SyscallText.mode(a.1), Int64(a.1))]
        case Int(BH_SYS_FCHMODAT.rawValue), Int(BH_SYS_FCHMODAT2.rawValue):
            args = [res, num("dirfd", s(a.2)), arg("filename", resolve(path1, dirfd: s(a.2), pid: pid, proc: proc)),
                    arg("mode", SyscallText.mode(a.1), Int64(a.1))]
        case Int(BH_SYS_CHOWN.rawValue), Int(BH_SYS_LCHOWN.rawValue):
            args = [res, arg("path", resolve(path1, dirfd: -100, pid: pid, proc: proc)), num("uid", s(a.0)), num("gid", s(a.1))]
        case Int(BH_SYS_FCHOWNAT.rawValue):
            args = [res, num("dirfd", s(a.2)), arg("pathname", resolve(path1, dirfd: s(a.2), pid: pid, proc: proc)),
                    num("uid", s(a.0)), num("gid", s(a.1)), num("flags", Int64(a.3))]
        case Int(BH_SYS_MOUNT.rawValue):
            args = [res, arg("dev", path1), arg("dir", resolve(path2, dirfd: -100, pid: pid, proc: proc)), num("flags", Int64(a.0))]
        case Int(BH_SYS_UMOUNT2.rawValue):
            args = [res, arg("name", resolve(path1, dirfd: -100, pid: pid, proc: proc)), num("flags", Int64(a.0))]
        case Int(BH_SYS_CHDIR.rawValue):
            args = [res, arg("path", resolve(path1, dirfd: -100, pid: pid, proc: proc))]
        case Int(BH_SYS_INIT_MODULE.rawValue):
            args = [res, num("length", Int64(a.0)), arg("uargs", path1)]
        case Int(BH_SYS_FINIT_MODULE.rawValue):
            args = [res, num("fd", s(a.0)), arg("uargs", path1), num("flags", Int64(a.1))]
        default:
            args = [res]
        }
        return event(type, typeIndex, h, ts, result: ret, args: args, proc: proc, fd: fd, leaf: nil, openFlags: openFlags)
    }

    private func netEvent(_ base: UnsafeRawPointer, _ h: bh_header, _ type: String, _ typeIndex: Int, _ ts: Int64,
                          comm: String) -> SyscallEvent? {
        let n = base.load(as: bh_net.self)
        let pid = Int32(bitPattern: h.pid)
        let proc = processes.process(pid, comm: comm, ppid: Int32(bitPattern: h.ppid))
        let ret = h.ret
        func num(_ name: String, _ v: Int64) -> SyscallArgument { SyscallArgument(name: name, text: String(v), raw: v) }
        let family = Int32(n.family)
        func ip(_ bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)) -> IPAddress? {
            if family == AF_INET { return IPAddress(v4: (bytes.0, bytes.1, bytes.2, bytes.3)) }
            if family == AF_INET6 {
                return withUnsafeBytes(of: bytes) { IPAddress(v6: $0) }
            }
            return nil
        }
        let proto: String? = switch n.sock_type & 0xf {
        case 1: "tcp"
        case 2: "udp"
        case 3: "raw"
        default: nil
        }
        var fd: FDInfo?
        let fdType = family == AF_INET ? "ipv4" : family == AF_INET6 ? "ipv6" : family == AF_UNIX ? "unix" : nil
        var args: [SyscallArgument] = []
        switch Int(h.syscall) {
        case Int(BH_SYS_SOCKET.rawValue):
            let domain = n.args.1, stype = n.args.2 & 0xffff_ffff, proto = Int64(n.args.2 >> 32)
            args = [num("fd", ret), SyscallArgument(name: "domain", text: SyscallText.family(domain), raw: Int64(domain)),
                    SyscallArgument(name: "type", text: SyscallText.socketType(stype), raw: Int64(stype)), num("proto", proto)]
            let t = domain == 2 ? "ipv4" : domain == 10 ? "ipv6" : domain == 1 ? "unix" : domain == 17 ? "packet" : nil
            fd = FDInfo(num: ret, type: t)
        case Int(BH_SYS_CONNECT.rawValue):
            let remote = ip(n.addr), local = ip(n.local_addr)
            if let fdType {
                if fdType == "unix" {
                    let path = Self.string(base, Self.field(base, \bh_net.unix_path), 108)
                    fd = FDInfo(num: Int64(n.args.0), type: "unix", name: path, l4proto: nil, connected: ret == 0 || ret == -115)
                } else {
                    fd = FDInfo(num: Int64(n.args.0), type: fdType, serverIP: remote, serverPort: Int64(n.port), clientIP: local,
                                clientPort: Int64(n.local_port), role: .client, l4proto: proto, connected: ret == 0 || ret == -115)
                }
            }
            args = [num("res", ret), SyscallArgument(name: "tuple", text: fd?.name ?? ""), num("fd", Int64(n.args.0))]
        case Int(BH_SYS_ACCEPT.rawValue), Int(BH_SYS_ACCEPT4.rawValue):
            let remote = ip(n.addr), local = ip(n.local_addr)
            if let fdType, fdType != "unix" {
                fd = FDInfo(num: ret, type: fdType, serverIP: local, serverPort: Int64(n.local_port), clientIP: remote,
                            clientPort: Int64(n.port), role: .server, l4proto: proto, connected: ret >= 0)
            } else if fdType == "unix" {
                fd = FDInfo(num: ret, type: "unix", role: .server)
            }
            args = [num("fd", ret), SyscallArgument(name: "tuple", text: fd?.name ?? "")]
        case Int(BH_SYS_DUP.rawValue), Int(BH_SYS_DUP2.rawValue), Int(BH_SYS_DUP3.rawValue):
            // The duplicated descriptor is the socket (fd.*); the result is the new number (0-2).
            let remote = ip(n.addr), local = ip(n.local_addr)
            if let fdType, fdType != "unix" {
                fd = FDInfo(num: Int64(n.args.0), type: fdType, serverIP: remote, serverPort: Int64(n.port), clientIP: local,
                            clientPort: Int64(n.local_port), role: .client, l4proto: proto, connected: true)
            } else if fdType == "unix" {
                fd = FDInfo(num: Int64(n.args.0), type: "unix")
            }
            args = [num("res", ret), num("oldfd", Int64(n.args.0))]
            if Int(h.syscall) != Int(BH_SYS_DUP.rawValue) { args.append(num("newfd", ret)) }
            if Int(h.syscall) == Int(BH_SYS_DUP3.rawValue) { args.append(num("flags", Int64(n.args.2))) }
        case Int(BH_SYS_BIND.rawValue), Int(BH_SYS_LISTEN.rawValue):
            let bound = Int(h.syscall) == Int(BH_SYS_BIND.rawValue) ? ip(n.addr) : ip(n.local_addr)
            let port = Int(h.syscall) == Int(BH_SYS_BIND.rawValue) ? Int64(n.port) : Int64(n.local_port)
            if let fdType, fdType != "unix" {
                fd = FDInfo(num: Int64(n.args.0), type: fdType, name: "\(bound?.description(bracketed: true) ?? "0.0.0.0"):\(port)",
                            serverIP: bound, serverPort: port, role: .server, l4proto: proto)
            } else if fdType == "unix" {
                fd = FDInfo(num: Int64(n.args.0), type: "unix", name: Self.string(base, Self.field(base, \bh_net.unix_path), 108), role: .server)
            }
            args = [num("res", ret)]
            if Int(h.syscall) == Int(BH_SYS_BIND.rawValue) { args.append(SyscallArgument(name: "addr", text: fd?.name ?? "")) } else {
                args += [num("fd", Int64(n.args.0)), num("backlog", Int64(n.args.1))]
            }
        default:
            args = [num("res", ret)]
        }
        return event(type, typeIndex, h, ts, result: ret, args: args, proc: proc, fd: fd, leaf: nil)
    }

    private func plainEvent(_ p: bh_plain, _ h: bh_header, _ type: String, _ typeIndex: Int, _ ts: Int64, comm: String) -> SyscallEvent? {
        let pid = Int32(bitPattern: h.pid)
        let proc = processes.process(pid, comm: comm, ppid: Int32(bitPattern: h.ppid))
        let a = p.args
        let ret = h.ret
        func num(_ name: String, _ v: Int64) -> SyscallArgument { SyscallArgument(name: name, text: String(v), raw: v) }
        func id(_ v: UInt64) -> Int64 { Int64(Int32(truncatingIfNeeded: v)) }
        var args: [SyscallArgument] = [num("res", ret)]
        switch Int(h.syscall) {
        case Int(BH_SYS_PTRACE.rawValue):
            args += [SyscallArgument(name: "request", text: SyscallText.ptraceRequest(a.0), raw: Int64(a.0)), num("pid", id(a.1)),
                     num("addr", Int64(bitPattern: a.2)), num("data", Int64(bitPattern: a.3))]
        case Int(BH_SYS_SETUID.rawValue): args.append(num("uid", id(a.0)))
        case Int(BH_SYS_SETGID.rawValue): args.append(num("gid", id(a.0)))
        case Int(BH_SYS_SETREUID.rawValue): args += [num("ruid", id(a.0)), num("euid", id(a.1))]
        case Int(BH_SYS_SETREGID.rawValue): args += [num("rgid", id(a.0)), num("egid", id(a.1))]
        case Int(BH_SYS_SETRESUID.rawValue): args += [num("ruid", id(a.0)), num("euid", id(a.1)), num("suid", id(a.2))]
        case Int(BH_SYS_SETRESGID.rawValue): args += [num("rgid", id(a.0)), num("egid", id(a.1)), num("sgid", id(a.2))]
        case Int(BH_SYS_BPF.rawValue): args += [num("cmd", Int64(a.0))]
        case Int(BH_SYS_FCHMOD.rawValue): args += [num("fd", id(a.0)), SyscallArgument(name: "mode", text: SyscallText.mode(a.1), raw: Int64(a.1))]
        case Int(BH_SYS_FCHOWN.rawValue): args += [num("fd", id(a.0)), num("uid", id(a.1)), num("gid", id(a.2))]
        case Int(BH_SYS_FCHDIR.rawValue): args.append(num("fd", id(a.0)))
        default: break
        }
        return event(type, typeIndex, h, ts, result: ret, args: args, proc: proc, fd: nil, leaf: nil)
    }
}

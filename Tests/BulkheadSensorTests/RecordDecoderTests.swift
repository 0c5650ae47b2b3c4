@testable import BulkheadFalco
@testable import BulkheadSensor
import CLibBPF
import Foundation
import Testing

/// The decoder against records laid out exactly as the BPF program writes them (the shared C
/// header), without a kernel: process table, argv splitting, exec flags, Falco's argument
/// names and renderings, path resolution against the tracked cwd, socket ends.
@Suite("sensor: ring-buffer record decoding")
struct RecordDecoderTests {
    static func setString<T>(_ record: inout T, _ field: PartialKeyPath<T>, _ value: String) {
        let offset = MemoryLayout<T>.offset(of: field)!
        withUnsafeMutableBytes(of: &record) { raw in
            for (i, b) in value.utf8.enumerated() { raw[offset + i] = b }
            raw[offset + value.utf8.count] = 0
        }
    }

    static func header(kind: bh_kind, size: Int, pid: UInt32, ppid: UInt32, comm: String, sys: UInt32 = 0, ret: Int64 = 0) -> bh_header {
        var h = bh_header()
        h.kind = kind.rawValue
        h.size = UInt32(size)
        h.pid = pid
        h.tid = pid
        h.ppid = ppid
        h.ts = 1_000
        h.syscall = sys
        h.ret = ret
        h.loginuid = UInt32.max
        setString(&h, \bh_header.comm, comm)
        return h
    }

    static func decode<T>(_ decoder: RecordDecoder, _ record: T) -> SyscallEvent? {
        var r = record
        return withUnsafeBytes(of: &r) { decoder.decode($0.baseAddress!, size: $0.count, wanted: true) }
    }

    // A pid near pid_max that no process has here, so nothing is read from /proc.
    static let pid: UInt32 = 4_190_001

    @Test("exec: argv split on NULs, exe is argv[0], memfd and upper-layer flags, parent renamed from the record")
    func exec() throws {
        let decoder = RecordDecoder(containers: ContainerResolver(storageRoots: []), clockOffset: 1_000_000)
        var e = bh_exec()
        e.h = Self.header(kind: BH_KIND_EXEC, size: MemoryLayout<bh_exec>.size, pid: Self.pid, ppid: Self.pid - 1, comm: "payload")
        Self.setString(&e, \bh_exec.filename, "/proc/self/fd/3")
        Self.setString(&e, \bh_exec.exe_path, "memfd:x")
        Self.setString(&e, \bh_exec.cwd, "/srv")
        Self.setString(&e, \bh_exec.parent_comm, "runc:[2:INIT]")
        let argv = Array("payload\0-c\0echo hi\0".utf8)
        withUnsafeMutableBytes(of: &e) { raw in
            let o = MemoryLayout<bh_exec>.offset(of: \bh_exec.argv)!
            for (i, b) in argv.enumerated() { raw[o + i] = b }
        }
        e.argv_len = UInt32(argv.count)
        let env = Array("HOME=/root\0GLIBC_TUNABLES=glibc.malloc.x=1\0".utf8)
        withUnsafeMutableBytes(of: &e) { raw in
            let o = MemoryLayout<bh_exec>.offset(of: \bh_exec.env)!
            for (i, b) in env.enumerated() { raw[o + i] = b }
        }
        e.env_len = UInt32(env.count)
        e.flags = UInt32(BH_EXEC_FROM_MEMFD | BH_EXEC_UPPER_LAYER)
        e.tty = 34816
        e.cap_effective = 1 << 21
        e.start_time = 500
        let event = try #require(Self.decode(decoder, e))
        #expect(event.type == "execve")
        #expect(event.timestamp == 1_001_000)
        let p = event.process
        #expect(p.name == "payload" && p.exe == "payload" && p.args == ["-c", "echo hi"])
        #expect(p.cmdline == "payload -c echo hi")
        #expect(p.exePath == "memfd:x" && p.exeFromMemfd == true && p.exeUpperLayer == true && p.exeLowerLayer == false)
        #expect(p.cwd == "/srv/" && p.tty == 34816 && p.startTime == 1_000_500)
        #expect(p.capEffective == ["CAP_SYS_ADMIN"])
        #expect(p.parent?.name == "runc:[2:INIT]")
        #expect(p.env == ["HOME=/root", "GLIBC_TUNABLES=glibc.malloc.x=1"])
        #expect(event.container == nil)
        #expect(event.user?.uid == 0 && event.user?.loginUID == -1)
    }

    @Test("openat: relative names resolved against the cwd from exec and chdir; flags and mode as Falco renders them")
    func open() throws {
        let decoder = RecordDecoder(containers: ContainerResolver(storageRoots: []), clockOffset: 0)
        var x = bh_exec()
        x.h = Self.header(kind: BH_KIND_EXEC, size: MemoryLayout<bh_exec>.size, pid: Self.pid, ppid: 1, comm: "cat")
        Self.setString(&x, \bh_exec.cwd, "/etc")
        _ = Self.decode(decoder, x)

        var f = bh_file()
        f.h = Self.header(kind: BH_KIND_FILE, size: MemoryLayout<bh_file>.size, pid: Self.pid, ppid: 1, comm: "cat",
                          sys: BH_SYS_OPENAT.rawValue, ret: 3)
        Self.setString(&f, \bh_file.path1, "./ssh/../shadow")
        f.path1_len = 16
        f.args = (0o2000000, 0, UInt64(bitPattern: -100), 0)
        let event = try #require(Self.decode(decoder, f))
        #expect(event.type == "openat" && event.result == 3)
        #expect(event.fd?.name == "/etc/shadow" && event.fd?.nameRaw == "./ssh/../shadow" && event.fd?.typeChar == "f")
        #expect(event.argument("flags")?.text == "O_RDONLY|O_CLOEXEC")
        #expect(event.argument("dirfd")?.raw == -100)
        #expect(event.openFlags & OpenFlags.read != 0)

        var c = bh_file()
        c.h = Self.header(kind: BH_KIND_FILE, size: MemoryLayout<bh_file>.size, pid: Self.pid, ppid: 1, comm: "cat",
                          sys: BH_SYS_CHDIR.rawValue, ret: 0)
        Self.setString(&c, \bh_file.path1, "/var/log")
        c.path1_len = 9
        _ = Self.decode(decoder, c)
        f.args = (0o1 | 0o100 | 0o1000, 0o640, UInt64(bitPattern: -100), 0)
        Self.setString(&f, \bh_file.path1, "app.log")
        let w = try #require(Self.decode(decoder, f))
        #expect(w.fd?.name == "/var/log/app.log")
        #expect(w.argument("flags")?.text == "O_WRONLY|O_CREAT|O_TRUNC" && w.argument("mode")?.text == "0640")
        #expect(w.fsPath?.name == "/var/log/app.log")
    }

    @Test("connect and accept: addresses and ports by role, protocol from the socket type; ptrace request names")
    func network() throws {
        let decoder = RecordDecoder(containers: ContainerResolver(storageRoots: []), clockOffset: 0)
        var n = bh_net()
        n.h = Self.header(kind: BH_KIND_NET, size: MemoryLayout<bh_net>.size, pid: Self.pid, ppid: 1, comm: "nc",
                          sys: BH_SYS_CONNECT.rawValue, ret: -111)
        n.family = 2
        n.port = 4444
        n.local_port = 40000
        n.sock_type = 1
        n.addr = (10, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        n.local_addr = (192, 168, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        n.args = (3, 0, 0)
        let c = try #require(Self.decode(decoder, n))
        #expect(c.type == "connect" && c.result == -111)
        #expect(c.fd?.name == "192.168.1.2:40000->10.0.0.7:4444" && c.fd?.typeChar == "4" && c.fd?.l4proto == "tcp")
        #expect(c.fd?.remoteIP?.description == "10.0.0.7" && c.fd?.remotePort == 4444)

        n.h = Self.header(kind: BH_KIND_NET, size: MemoryLayout<bh_net>.size, pid: Self.pid, ppid: 1, comm: "nc",
                          sys: BH_SYS_ACCEPT4.rawValue, ret: 5)
        let a = try #require(Self.decode(decoder, n))
        #expect(a.fd?.num == 5 && a.fd?.role == .server)
        #expect(a.fd?.localPort == 40000 && a.fd?.remoteIP?.description == "10.0.0.7")

        var p = bh_plain()
        p.h = Self.header(kind: BH_KIND_PLAIN, size: MemoryLayout<bh_plain>.size, pid: Self.pid, ppid: 1, comm: "gdb",
                          sys: BH_SYS_PTRACE.rawValue, ret: 0)
        p.args = (16, 1234, 0, 0)
        let t = try #require(Self.decode(decoder, p))
        #expect(t.type == "ptrace" && t.argument("request")?.text == "PTRACE_ATTACH" && t.argument("pid")?.raw == 1234)
    }

    @Test("every system call the BPF program reports has a Falco event type (none is dropped as unknown)")
    func everyTypeKnown() {
        for n in 1..<Int(BH_SYS_MAX.rawValue) {
            let name = RecordDecoder.syscallNames[n]
            #expect(name != nil, "bh_syscall \(n) has no name")
            #expect(RecordDecoder.typeIndex(kind: BH_KIND_FILE.rawValue, syscall: UInt32(n)) < SyscallEventTypes.count, "\(name ?? "?")")
        }
        for kind in [BH_KIND_EXEC, BH_KIND_FORK, BH_KIND_EXIT] {
            #expect(RecordDecoder.typeIndex(kind: kind.rawValue, syscall: 0) < SyscallEventTypes.count)
        }
    }

    @Test("fork: the child runs the parent's image, with its own pid and start time and the parent as parent")
    func fork() throws {
        let decoder = RecordDecoder(containers: ContainerResolver(storageRoots: []), clockOffset: 0)
        var x = bh_exec()
        x.h = Self.header(kind: BH_KIND_EXEC, size: MemoryLayout<bh_exec>.size, pid: Self.pid, ppid: 1, comm: "nginx")
        x.vpid = 7
        Self.setString(&x, \bh_exec.cwd, "/srv")
        _ = Self.decode(decoder, x)
        var f = bh_fork()
        f.h = Self.header(kind: BH_KIND_FORK, size: MemoryLayout<bh_fork>.size, pid: Self.pid, ppid: 1, comm: "nginx",
                          ret: Int64(Self.pid + 1))
        f.h.ts = 2_000
        f.child_pid = Self.pid + 1
        _ = Self.decode(decoder, f)
        let child = try #require(decoder.processes.lookup(Int32(Self.pid + 1)))
        #expect(child.pid == Int64(Self.pid + 1) && child.tid == child.pid && child.ppid == Int64(Self.pid))
        #expect(child.name == "nginx" && child.cwd == "/srv/" && child.startTime == 2_000)
        #expect(child.vpid == nil && child.parent?.pid == Int64(Self.pid) && child.parent?.vpid == 7)
    }

    @Test("a truncated or oversized-claim record is ignored, not read past its end")
    func truncated() {
        let decoder = RecordDecoder(containers: ContainerResolver(storageRoots: []), clockOffset: 0)
        var h = Self.header(kind: BH_KIND_EXEC, size: MemoryLayout<bh_exec>.size, pid: Self.pid, ppid: 1, comm: "x")
        let e = withUnsafeBytes(of: &h) { decoder.decode($0.baseAddress!, size: $0.count, wanted: true) }
        #expect(e == nil)
    }
}

@Suite("sensor: process table from /proc")
struct ProcessTableTests {
    @Test("a process the sensor never saw is read from /proc with its ancestry up to PID 1")
    func fromProc() throws {
        let table = ProcessTable(clockOffset: 0)
        let me = try #require(table.lookup(getpid()))
        #expect(me.pid == Int64(getpid()))
        #expect(me.ppid == Int64(getppid()))
        let parent = try #require(me.parent, "no parent for \(getpid())")
        #expect(parent.pid == Int64(getppid()))
        var top = me
        while let p = top.parent { top = p }
        #expect(top.pid == 1 || top.ppid == 0, "ancestry stops at \(top.pid)")
        #expect(!me.exePath.isEmpty && me.cwd?.hasSuffix("/") == true)
    }

    @Test("the start-up scan reads every running process, parents included")
    func scan() {
        let table = ProcessTable(clockOffset: 0)
        let n = table.scanProc()
        #expect(n > 1 && table.count >= n)
        #expect(table.lookup(getpid())?.parent?.pid == Int64(getppid()))
        #expect(table.lookup(1) != nil)
    }
}

import BulkheadFalco
import Foundation

/// The sensor's view of live processes (thread groups), kept from exec, fork and exit records
/// so that every event carries its process and ancestry (`proc.pname`, `proc.aname[N]`, …) even
/// when the parent has already exited. Processes that started before the sensor are read from
/// /proc on first sight. Bounded: at most `capacity` entries.
final class ProcessTable {
    private var byPid: [Int32: SyscallProcess] = [:]
    let capacity: Int
    let procRoot: String
    /// Wall-clock minus monotonic nanoseconds (task start times are monotonic).
    var clockOffset: Int64

    init(capacity: Int = 65_536, procRoot: String = "/proc", clockOffset: Int64) {
        self.capacity = capacity
        self.procRoot = procRoot
        self.clockOffset = clockOffset
    }

    var count: Int { byPid.count }

    /// The process for `pid`, from the table or /proc; a minimal entry (name from the record)
    /// when neither knows it.
    func process(_ pid: Int32, comm: String, ppid: Int32) -> SyscallProcess {
        if let p = byPid[pid] {
            if p.name == comm { return p }
            // A rename (prctl PR_SET_NAME, e.g. runc's "runc:[1:CHILD]"): later events see it.
            let renamed = copy(p, name: comm)
            byPid[pid] = renamed
            return renamed
        }
        let p = fromProc(pid, depth: 0) ?? SyscallProcess(pid: Int64(pid), ppid: Int64(ppid), name: comm, exe: comm, exePath: "",
                                                          args: [], parent: ppid > 0 ? lookup(ppid, depth: 1) : nil)
        insert(pid, p)
        return p
    }

    func lookup(_ pid: Int32) -> SyscallProcess? { lookup(pid, depth: 0) }

    private func lookup(_ pid: Int32, depth: Int) -> SyscallProcess? {
        if let p = byPid[pid] { return p }
        guard let p = fromProc(pid, depth: depth) else { return nil }
        insert(pid, p)
        return p
    }

    /// Reads every running process from /proc (as Falco does at start), so processes that
    /// started before the sensor keep their ancestry even if they exit before their first
    /// event is decoded. Returns how many were read.
    @discardableResult
    func scanProc() -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: procRoot) else { return 0 }
        var n = 0
        for e in entries {
            guard let pid = Int32(e), byPid[pid] == nil, lookup(pid) != nil else { continue }
            n += 1
            if byPid.count >= capacity / 2 { break }
        }
        return n
    }

    /// A new program image: the exec record's fields, the parent from the table.
    func exec(_ p: SyscallProcess) { insert(Int32(truncatingIfNeeded: p.pid), p) }

    /// The parent as the child sees it at exec: renamed if the record's parent comm differs.
    func parent(_ ppid: Int32, comm: String) -> SyscallProcess? {
        guard ppid > 0 else { return nil }
        guard let p = lookup(ppid, depth: 1) else {
            // Gone before we saw it: still name it from the record (proc.pname).
            return comm.isEmpty ? nil : SyscallProcess(pid: Int64(ppid), name: comm, exe: comm, exePath: "", args: [])
        }
        if !comm.isEmpty, p.name != comm {
            let renamed = copy(p, name: comm)
            byPid[ppid] = renamed
            return renamed
        }
        return p
    }

    /// fork/clone: the child runs the parent's image until it execs.
    func fork(parent: SyscallProcess, childPid: Int32, time: Int64) {
        insert(childPid, copy(parent, child: (pid: Int64(childPid), startTime: time)))
    }

    func exit(_ pid: Int32) { byPid.removeValue(forKey: pid) }

    func chdir(_ pid: Int32, to cwd: String) {
        guard let p = byPid[pid] else { return }
        byPid[pid] = copy(p, cwd: cwd)
    }

    private func insert(_ pid: Int32, _ p: SyscallProcess) {
        if byPid.count >= capacity, byPid[pid] == nil {
            // Exits were lost (ring drops): forget entries whose /proc directory is gone.
            for k in Array(byPid.keys) where access("\(procRoot)/\(k)", F_OK) != 0 { byPid.removeValue(forKey: k) }
            if byPid.count >= capacity { byPid.removeAll(keepingCapacity: true) }
        }
        byPid[pid] = p
    }

    /// `p` renamed or moved (`name`, `cwd`), or, with `child`, the new process a fork made of
    /// it: its own pid and start time, `p` as parent, namespace ids unknown until it execs.
    private func copy(_ p: SyscallProcess, name: String? = nil, cwd: String? = nil,
                      child: (pid: Int64, startTime: Int64)? = nil) -> SyscallProcess {
        SyscallProcess(pid: child?.pid ?? p.pid, tid: child?.pid ?? p.tid, ppid: child == nil ? p.ppid : p.pid,
                       vpid: child == nil ? p.vpid : nil, vtid: child == nil ? p.vtid : nil, sid: p.sid, vpgid: p.vpgid,
                       pgid: p.pgid, name: name ?? p.name, exe: p.exe, exePath: p.exePath, args: p.args, cwd: cwd ?? p.cwd,
                       env: p.env, tty: p.tty, startTime: child?.startTime ?? p.startTime, exeIno: p.exeIno,
                       exeInoCtime: p.exeInoCtime, exeInoMtime: p.exeInoMtime, exeWritable: p.exeWritable,
                       exeUpperLayer: p.exeUpperLayer, exeLowerLayer: p.exeLowerLayer, exeFromMemfd: p.exeFromMemfd,
                       capEffective: p.capEffective, capPermitted: p.capPermitted, capInheritable: p.capInheritable,
                       fdTypes: p.fdTypes, parent: child == nil ? p.parent : p)
    }

    // MARK: - /proc

    private func fromProc(_ pid: Int32, depth: Int) -> SyscallProcess? {
        guard pid > 0, depth < 32 else { return nil }
        let dir = "\(procRoot)/\(pid)"
        guard let stat = Self.read(dir + "/stat", limit: 4096) else { return nil }
        // pid (comm) state ppid pgrp session tty_nr tpgid flags ... starttime(22)
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
        let comm = String(stat[stat.index(after: open)..<close])
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ n: Int) -> Int64? { n - 3 < rest.count && n >= 3 ? Int64(rest[n - 3]) : nil }
        let ppid = Int32(truncatingIfNeeded: field(4) ?? 0)
        var args: [String] = []
        if let cmd = Self.read(dir + "/cmdline", limit: 65_536) {
            args = cmd.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            if args.last == "" { args.removeLast() }
        }
        let exe = args.first ?? comm
        let exePath = Self.readlink(dir + "/exe") ?? ""
        let cwd = Self.readlink(dir + "/cwd").map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        let ticks = Int64(sysconf(Int32(_SC_CLK_TCK)))
        let start = field(22).map { $0 * (1_000_000_000 / max(ticks, 1)) + clockOffset }
        let tty = field(7)
        let parent = ppid > 0 && ppid != pid ? lookup(ppid, depth: depth + 1) : nil
        return SyscallProcess(pid: Int64(pid), tid: Int64(pid), ppid: Int64(ppid), sid: field(6), pgid: field(5),
                              name: comm, exe: exe, exePath: exePath, args: Array(args.dropFirst()), cwd: cwd,
                              tty: tty, startTime: start, parent: parent)
    }

    static func read(_ path: String, limit: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: limit)
        var total = 0
        while total < limit {
            let n = buf.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + total, limit - total) }
            if n <= 0 { break }
            total += n
        }
        return String(decoding: buf[..<total], as: UTF8.self)
    }

    static func readlink(_ path: String) -> String? {
        var buf = [CChar](repeating: 0, count: 4097)
        let n = Foundation.readlink(path, &buf, 4096)
        guard n > 0 else { return nil }
        return String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

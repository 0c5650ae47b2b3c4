import BulkheadFalco

/// Renders raw system-call arguments as Falco prints them (`O_RDONLY|O_CLOEXEC`,
/// `PTRACE_ATTACH`, `AF_PACKET`, octal modes), so conditions written against Falco's text
/// (`evt.arg.flags contains O_TRUNC`, `evt.arg.request contains PTRACE_POKETEXT`) match.
enum SyscallText {
    static let openFlagNames: [(UInt64, String)] = [
        (0o100, "O_CREAT"), (0o200, "O_EXCL"), (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"), (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"), (0o10000, "O_DSYNC"), (0o40000, "O_DIRECT"), (0o100000, "O_LARGEFILE"),
        (0o200000, "O_DIRECTORY"), (0o400000, "O_NOFOLLOW"), (0o1000000, "O_NOATIME"), (0o2000000, "O_CLOEXEC"),
        (0o10000000, "O_PATH"),
    ]

    /// Open flags in Falco's rendering: access mode first, then the other bits.
    static func openFlags(_ f: UInt64) -> String {
        var parts: [String] = []
        if f & 0o20000000 != 0 && f & 0o200000 != 0 { parts.append("O_TMPFILE") }
        switch f & 3 {
        case 0: parts.append("O_RDONLY")
        case 1: parts.append("O_WRONLY")
        default: parts.append("O_RDWR")
        }
        for (bit, name) in openFlagNames where f & bit != 0 {
            if name == "O_DIRECTORY", parts.first == "O_TMPFILE" { continue }
            parts.append(name)
        }
        if f & 0o4010000 == 0o4010000 { parts.append("O_SYNC") }
        return parts.joined(separator: "|")
    }

    static func mode(_ m: UInt64) -> String { "0" + String(m & 0o7777, radix: 8) }

    static let ptraceRequests: [UInt64: String] = [
        0: "PTRACE_TRACEME", 1: "PTRACE_PEEKTEXT", 2: "PTRACE_PEEKDATA", 3: "PTRACE_PEEKUSR", 4: "PTRACE_POKETEXT",
        5: "PTRACE_POKEDATA", 6: "PTRACE_POKEUSR", 7: "PTRACE_CONT", 8: "PTRACE_KILL", 9: "PTRACE_SINGLESTEP",
        12: "PTRACE_GETREGS", 13: "PTRACE_SETREGS", 14: "PTRACE_GETFPREGS", 15: "PTRACE_SETFPREGS", 16: "PTRACE_ATTACH",
        17: "PTRACE_DETACH", 18: "PTRACE_GETFPXREGS", 19: "PTRACE_SETFPXREGS", 24: "PTRACE_SYSCALL",
        0x4200: "PTRACE_SETOPTIONS", 0x4201: "PTRACE_GETEVENTMSG", 0x4202: "PTRACE_GETSIGINFO", 0x4203: "PTRACE_SETSIGINFO",
        0x4204: "PTRACE_GETREGSET", 0x4205: "PTRACE_SETREGSET", 0x4206: "PTRACE_SEIZE", 0x4207: "PTRACE_INTERRUPT",
        0x4208: "PTRACE_LISTEN", 0x4209: "PTRACE_PEEKSIGINFO",
    ]

    static func ptraceRequest(_ r: UInt64) -> String { ptraceRequests[r] ?? String(r) }

    static let families: [UInt64: String] = [0: "AF_UNSPEC", 1: "AF_UNIX", 2: "AF_INET", 10: "AF_INET6", 16: "AF_NETLINK", 17: "AF_PACKET"]
    static func family(_ f: UInt64) -> String { families[f] ?? String(f) }

    static func socketType(_ t: UInt64) -> String {
        let names: [UInt64: String] = [1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 4: "SOCK_RDM", 5: "SOCK_SEQPACKET", 10: "SOCK_PACKET"]
        var parts = [names[t & 0xf] ?? String(t & 0xf)]
        if t & 0o4000 != 0 { parts.append("SOCK_NONBLOCK") }
        if t & 0o2000000 != 0 { parts.append("SOCK_CLOEXEC") }
        return parts.joined(separator: "|")
    }

    static let capabilityNames = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ]

    static func capabilities(_ mask: UInt64) -> [String] {
        var out: [String] = []
        for (i, name) in capabilityNames.enumerated() where mask & (1 << UInt64(i)) != 0 { out.append(name) }
        return out
    }

    /// Normalises `base` + `path` the way libsinsp builds `fd.name` (".", ".." and duplicate
    /// slashes removed; never above the root).
    static func absolutePath(_ path: String, base: String?) -> String {
        if isNormalAbsolute(path) { return path }
        let joined: String
        if path.hasPrefix("/") { joined = path } else if let base, !base.isEmpty { joined = base + "/" + path } else { return path }
        var parts: [Substring] = []
        for c in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// An absolute path with no empty, "." or ".." component and no trailing slash (the
    /// common case, returned as is).
    static func isNormalAbsolute(_ path: String) -> Bool {
        var u = path.utf8.makeIterator()
        guard u.next() == UInt8(ascii: "/") else { return false }
        var segmentLength = 0, dots = 0, count = 1
        while let c = u.next() {
            count += 1
            if c == UInt8(ascii: "/") {
                if segmentLength == 0 || (dots == segmentLength && dots <= 2) { return false }
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if c == UInt8(ascii: ".") { dots += 1 }
            }
        }
        if count == 1 { return true }
        return segmentLength > 0 && !(dots == segmentLength && dots <= 2)
    }
}

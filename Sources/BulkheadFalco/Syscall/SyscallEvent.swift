/// One completed system call with its context, as the sensor produces it and the replay format
/// records it (docs/runtime-events.md). Immutable; strings the rules read often (`proc.cmdline`,
/// `proc.args`, `fd.directory`) are computed once when the event is built.
public final class SyscallEvent: Sendable {
    public let type: String
    /// Index of `type` in the engine's event-type table (fast rule lookup); -1 if unknown.
    public let typeIndex: Int
    public let timestamp: Int64
    public let number: Int64
    public let result: Int64?
    /// Arguments in order: text form (as Falco renders them) and raw number when known.
    public let args: [SyscallArgument]
    public let hostname: String?
    public let process: SyscallProcess
    public let user: UserInfo?
    public let group: GroupInfo?
    public let fd: FDInfo?
    public let fsPath: FSPathInfo?
    public let container: ContainerInfo?
    public let k8s: K8sInfo?
    /// Open-mode bits of `flags` for open-family events (`evt.is_open_*`).
    let openFlags: UInt8

    public convenience init(type: String, timestamp: Int64, number: Int64, result: Int64?, args: [SyscallArgument],
                            hostname: String?, process: SyscallProcess, user: UserInfo?, group: GroupInfo?, fd: FDInfo?,
                            fsPath: FSPathInfo?, container: ContainerInfo?, k8s: K8sInfo?) {
        self.init(type: type, typeIndex: SyscallEventTypes.index(of: type) ?? -1, linuxOpenFlags: nil, timestamp: timestamp,
                  number: number, result: result, args: args, hostname: hostname, process: process, user: user, group: group,
                  fd: fd, fsPath: fsPath, container: container, k8s: k8s)
    }

    /// For live sources that already know the event type's index (`SyscallEventTypes`) and, for
    /// open-family calls, the kernel's `O_*` flags (no text parsing per event).
    public init(type: String, typeIndex: Int, linuxOpenFlags: UInt64?, timestamp: Int64, number: Int64, result: Int64?,
                args: [SyscallArgument], hostname: String?, process: SyscallProcess, user: UserInfo?, group: GroupInfo?,
                fd: FDInfo?, fsPath: FSPathInfo?, container: ContainerInfo?, k8s: K8sInfo?) {
        self.type = type
        self.typeIndex = typeIndex
        self.timestamp = timestamp
        self.number = number
        self.result = result
        self.args = args
        self.hostname = hostname
        self.process = process
        self.user = user
        self.group = group
        self.fd = fd
        self.fsPath = fsPath
        self.container = container
        self.k8s = k8s
        self.openFlags = linuxOpenFlags.map { OpenFlags.bits(linux: $0, type: type) } ?? OpenFlags.bits(type: type, args: args)
    }

    public func argument(_ name: String) -> SyscallArgument? {
        for a in args where a.name == name { return a }
        return nil
    }
}

public struct SyscallArgument: Sendable, Hashable {
    public var name: String
    public var text: String
    public var raw: Int64?

    public init(name: String, text: String, raw: Int64? = nil) {
        self.name = name
        self.text = text
        self.raw = raw
    }
}

/// A process (thread group) with its parent chain; ancestors are shared between events.
public final class SyscallProcess: Sendable {
    public let pid: Int64
    public let tid: Int64?
    public let ppid: Int64?
    public let vpid: Int64?
    public let vtid: Int64?
    public let sid: Int64?
    public let vpgid: Int64?
    public let pgid: Int64?
    public let name: String
    public let exe: String
    public let exePath: String
    public let args: [String]
    public let cwd: String?
    public let env: [String]
    public let tty: Int64?
    public let startTime: Int64?
    public let exeIno: Int64?
    public let exeInoCtime: Int64?
    public let exeInoMtime: Int64?
    public let exeWritable: Bool?
    public let exeUpperLayer: Bool?
    public let exeLowerLayer: Bool?
    public let exeFromMemfd: Bool?
    public let capEffective: [String]?
    public let capPermitted: [String]?
    public let capInheritable: [String]?
    public let fdTypes: [Int64: String]
    public let parent: SyscallProcess?
    /// `proc.args`: arguments joined by spaces.
    public let joinedArgs: String
    /// `proc.cmdline`: name and arguments.
    public let cmdline: String

    public init(pid: Int64, tid: Int64? = nil, ppid: Int64? = nil, vpid: Int64? = nil, vtid: Int64? = nil,
                sid: Int64? = nil, vpgid: Int64? = nil, pgid: Int64? = nil, name: String, exe: String, exePath: String,
                args: [String], cwd: String? = nil, env: [String] = [], tty: Int64? = nil, startTime: Int64? = nil,
                exeIno: Int64? = nil, exeInoCtime: Int64? = nil, exeInoMtime: Int64? = nil, exeWritable: Bool? = nil,
                exeUpperLayer: Bool? = nil, exeLowerLayer: Bool? = nil, exeFromMemfd: Bool? = nil,
                capEffective: [String]? = nil, capPermitted: [String]? = nil, capInheritable: [String]? = nil,
                fdTypes: [Int64: String] = [:], parent: SyscallProcess? = nil) {
        self.pid = pid
        self.tid = tid
        self.ppid = ppid ?? parent?.pid
        self.vpid = vpid
        self.vtid = vtid
        self.sid = sid
        self.vpgid = vpgid
        self.pgid = pgid
        self.name = name
        self.exe = exe
        self.exePath = exePath
        self.args = args
        self.cwd = cwd
        self.env = env
        self.tty = tty
        self.startTime = startTime
        self.exeIno = exeIno
        self.exeInoCtime = exeInoCtime
        self.exeInoMtime = exeInoMtime
        self.exeWritable = exeWritable
        self.exeUpperLayer = exeUpperLayer
        self.exeLowerLayer = exeLowerLayer
        self.exeFromMemfd = exeFromMemfd
        self.capEffective = capEffective
        self.capPermitted = capPermitted
        self.capInheritable = capInheritable
        self.fdTypes = fdTypes
        self.parent = parent
        self.joinedArgs = args.joined(separator: " ")
        self.cmdline = args.isEmpty ? name : name + " " + joinedArgs
    }

    /// Ancestor `n` (1 = parent), nil past the root.
    public func ancestor(_ n: Int) -> SyscallProcess? {
        var p: SyscallProcess? = self
        var i = 0
        while i < n, let cur = p { p = cur.parent; i += 1 }
        return n <= 0 ? nil : p
    }

    /// The first of self and its ancestors that satisfies the predicate (leaders of sessions and groups).
    public func selfOrAncestor(where match: (SyscallProcess) -> Bool) -> SyscallProcess? {
        var p: SyscallProcess? = self
        var depth = 0
        while let cur = p, depth < 1024 {
            if match(cur) { return cur }
            p = cur.parent
            depth += 1
        }
        return nil
    }
}

public struct UserInfo: Sendable, Hashable {
    public var uid: Int64?
    public var name: String?
    public var loginUID: Int64?
    public var loginName: String?
    public var homeDir: String?
    public var shell: String?

    public init(uid: Int64? = nil, name: String? = nil, loginUID: Int64? = nil, loginName: String? = nil,
                homeDir: String? = nil, shell: String? = nil) {
        self.uid = uid
        self.name = name
        self.loginUID = loginUID
        self.loginName = loginName
        self.homeDir = homeDir
        self.shell = shell
    }
}

public struct GroupInfo: Sendable, Hashable {
    public var gid: Int64?
    public var name: String?

    public init(gid: Int64? = nil, name: String? = nil) {
        self.gid = gid
        self.name = name
    }
}

public struct FDInfo: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable { case client, server }
    public var num: Int64?
    public var type: String?
    public var name: String?
    public var nameRaw: String?
    public var serverIP: IPAddress?
    public var serverPort: Int64?
    public var clientIP: IPAddress?
    public var clientPort: Int64?
    public var role: Role
    public var l4proto: String?
    public var connected: Bool?
    public var nameChanged: Bool?
    public var serverName: String?
    public var clientName: String?
    /// Precomputed: `fd.directory` and `fd.filename` for files.
    public var directory: String?
    public var filename: String?

    public init(num: Int64? = nil, type: String? = nil, name: String? = nil, nameRaw: String? = nil,
                serverIP: IPAddress? = nil, serverPort: Int64? = nil, clientIP: IPAddress? = nil, clientPort: Int64? = nil,
                role: Role = .client, l4proto: String? = nil, connected: Bool? = nil, nameChanged: Bool? = nil,
                serverName: String? = nil, clientName: String? = nil) {
        self.num = num
        self.type = type
        self.serverIP = serverIP
        self.serverPort = serverPort
        self.clientIP = clientIP
        self.clientPort = clientPort
        self.role = role
        self.l4proto = l4proto
        self.connected = connected
        self.nameChanged = nameChanged
        self.serverName = serverName
        self.clientName = clientName
        var resolved = name
        if resolved == nil, let sip = serverIP, let cip = clientIP {
            resolved = "\(cip.description(bracketed: true)):\(clientPort ?? 0)->\(sip.description(bracketed: true)):\(serverPort ?? 0)"
        }
        self.name = resolved
        self.nameRaw = nameRaw ?? resolved
        if let n = resolved, type == "file" || type == "directory" || type == nil || type == "memfd" {
            if type == "directory" {
                directory = n
                filename = nil
            } else if let slash = n.lastIndex(of: "/") {
                let dir = String(n[..<slash])
                directory = dir.isEmpty ? "/" : dir
                filename = String(n[n.index(after: slash)...])
            } else {
                directory = nil
                filename = n
            }
        }
    }

    /// One-letter type code (`fd.typechar`).
    public var typeChar: String? {
        guard let type else { return nil }
        switch type {
        case "file": return "f"
        case "directory": return "d"
        case "ipv4": return "4"
        case "ipv6": return "6"
        case "unix": return "u"
        case "pipe": return "p"
        case "event": return "e"
        case "signalfd": return "s"
        case "eventpoll": return "l"
        case "inotify": return "i"
        case "timerfd": return "t"
        case "netlink": return "n"
        case "bpf": return "b"
        case "userfaultfd": return "u"
        case "io_uring": return "r"
        case "memfd": return "m"
        case "pidfd": return "P"
        default: return "o"
        }
    }

    public var localIP: IPAddress? { role == .client ? clientIP : serverIP }
    public var remoteIP: IPAddress? { role == .client ? serverIP : clientIP }
    public var localPort: Int64? { role == .client ? clientPort : serverPort }
    public var remotePort: Int64? { role == .client ? serverPort : clientPort }
    public var localName: String? { role == .client ? clientName : serverName }
    public var remoteName: String? { role == .client ? serverName : clientName }
}

public struct FSPathInfo: Sendable, Hashable {
    public var name: String?
    public var source: String?
    public var target: String?

    public init(name: String? = nil, source: String? = nil, target: String? = nil) {
        self.name = name
        self.source = source
        self.target = target
    }
}

public struct ContainerMount: Sendable, Hashable {
    public var source: String
    public var dest: String
    public var mode: String
    public var readWrite: Bool
    public var propagation: String

    public init(source: String, dest: String, mode: String = "", readWrite: Bool = true, propagation: String = "") {
        self.source = source
        self.dest = dest
        self.mode = mode
        self.readWrite = readWrite
        self.propagation = propagation
    }
}

public struct ContainerInfo: Sendable, Hashable {
    public var id: String
    public var fullID: String?
    public var name: String?
    public var type: String?
    public var image: String?
    public var imageID: String?
    public var imageRepository: String?
    public var imageTag: String?
    public var imageDigest: String?
    public var privileged: Bool?
    public var mounts: [ContainerMount]?
    public var startTime: Int64?
    public var labels: [String: String]
    public var healthcheck: String?
    public var livenessProbe: String?
    public var readinessProbe: String?
    public var ip: String?

    public init(id: String, fullID: String? = nil, name: String? = nil, type: String? = nil, image: String? = nil,
                imageID: String? = nil, imageRepository: String? = nil, imageTag: String? = nil, imageDigest: String? = nil,
                privileged: Bool? = nil, mounts: [ContainerMount]? = nil, startTime: Int64? = nil,
                labels: [String: String] = [:], healthcheck: String? = nil, livenessProbe: String? = nil,
                readinessProbe: String? = nil, ip: String? = nil) {
        self.id = String(id.prefix(12))
        self.fullID = fullID ?? id
        self.name = name
        self.type = type
        self.image = image
        self.imageID = imageID
        var repo = imageRepository, tag = imageTag, digest = imageDigest
        if let image, repo == nil {
            let parts = ContainerInfo.splitImage(image)
            repo = parts.repository
            tag = tag ?? parts.tag
            digest = digest ?? parts.digest
        }
        self.imageRepository = repo
        self.imageTag = tag
        self.imageDigest = digest
        self.privileged = privileged
        self.mounts = mounts
        self.startTime = startTime
        self.labels = labels
        self.healthcheck = healthcheck
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.ip = ip
    }

    /// `repo[:tag][@digest]` — the tag colon is the last one after the last slash.
    static func splitImage(_ image: String) -> (repository: String, tag: String?, digest: String?) {
        var rest = Substring(image)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            return (String(rest[..<colon]), String(rest[rest.index(after: colon)...]), digest)
        }
        return (String(rest), nil, digest)
    }
}

public struct K8sInfo: Sendable, Hashable {
    public var namespace: String?
    public var podName: String?
    public var podUID: String?
    public var podLabels: [String: String]
    public var namespaceLabels: [String: String]

    public init(namespace: String? = nil, podName: String? = nil, podUID: String? = nil,
                podLabels: [String: String] = [:], namespaceLabels: [String: String] = [:]) {
        self.namespace = namespace
        self.podName = podName
        self.podUID = podUID
        self.podLabels = podLabels
        self.namespaceLabels = namespaceLabels
    }
}

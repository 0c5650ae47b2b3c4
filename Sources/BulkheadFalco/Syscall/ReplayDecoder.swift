import Foundation

/// Reads the JSON-lines replay format (docs/runtime-events.md) into syscall events. A bad line
/// is a located error (line and reason); the caller decides whether to skip it.
public struct ReplayDecoder {
    public struct LineError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Longest line accepted (a hostile file cannot make one event use unbounded memory).
    public var maxLineBytes = 1 << 20
    private var lineNumber = 0
    private var lastTimestamp: Int64 = 0

    /// How many `proc_id` definitions stay referable by `proc_ref` (the most recent ones), and
    /// how many bytes of process text they may hold together (the sum of their chains' strings):
    /// a hostile file of huge definitions cannot pin more. Writers stay well inside both
    /// (`ReplayEncoder.Recorder`: 4,096 definitions, 64 MiB of JSON).
    public static let defaultProcessWindow = 65_536
    public static let defaultProcessWindowBytes = 256 << 20
    public var processWindow = ReplayDecoder.defaultProcessWindow
    public var processWindowBytes = ReplayDecoder.defaultProcessWindowBytes
    private var definitions: [Int64: (process: SyscallProcess, sequence: Int, bytes: Int)] = [:]
    /// Definitions in order, oldest first from `definitionsStart` (a FIFO bounded by the window).
    private var definitionOrder: [(id: Int64, sequence: Int)] = []
    private var definitionsStart = 0
    private var definitionCount = 0
    private var definitionBytes = 0
    /// Process definitions currently referable, and their bytes (bounded by the window).
    var heldDefinitions: Int { definitions.count }
    var heldDefinitionBytes: Int { definitionBytes }

    public init() {}

    /// Decodes one line; nil for blank and `#` comment lines.
    public mutating func decode(line bytes: some Collection<UInt8>, lineNumber n: Int? = nil) throws(LineError) -> SyscallEvent? {
        lineNumber = n ?? lineNumber + 1
        guard bytes.count <= maxLineBytes else {
            throw LineError(line: lineNumber, message: "line longer than \(maxLineBytes) bytes")
        }
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0d }) else { return nil }
        if first == UInt8(ascii: "#") { return nil }
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw LineError(line: lineNumber, message: "\(error)")
        }
        return try decode(json)
    }

    public mutating func decode(_ json: JSONValue) throws(LineError) -> SyscallEvent {
        guard case .object = json else { throw LineError(line: lineNumber, message: "an event must be a JSON object") }
        guard let type = json["type"]?.stringValue, !type.isEmpty else {
            throw LineError(line: lineNumber, message: "missing \"type\" (the event name, e.g. \"execve\")")
        }
        var ts: Int64
        if let t = json["ts"] {
            if let n = t.int64Value { ts = n } else if let s = t.stringValue, let parsed = K8sAuditTime.parseRFC3339(s) { ts = parsed } else {
                throw LineError(line: lineNumber, message: "\"ts\" must be nanoseconds since the epoch or an RFC 3339 time")
            }
        } else {
            ts = lastTimestamp + 1000
        }
        lastTimestamp = ts
        let proc: SyscallProcess
        if let ref = json["proc_ref"] {
            guard json["proc"] == nil, json["ancestors"] == nil, json["proc_id"] == nil else {
                throw LineError(line: lineNumber, message: "\"proc_ref\" names a process defined earlier; this line cannot also carry \"proc\", \"ancestors\" or \"proc_id\"")
            }
            guard case .number(let n) = ref, let id = n.int64Value else {
                throw LineError(line: lineNumber, message: "\"proc_ref\" must be an integer")
            }
            guard let known = definitions[id] else {
                throw LineError(line: lineNumber, message: "\"proc_ref\": \(id) is not defined by an earlier line's \"proc_id\" (among the last \(processWindow) definitions and \(processWindowBytes >> 20) MiB)")
            }
            proc = known.process
        } else {
            guard let procJSON = json["proc"], case .object = procJSON else {
                throw LineError(line: lineNumber, message: "missing \"proc\" object (or \"proc_ref\")")
            }
            var parent: SyscallProcess?
            if case .array(let ancestors)? = json["ancestors"] {
                for a in ancestors.prefix(64).reversed() { parent = try process(a, parent: parent, field: "ancestors") }
            }
            proc = try process(procJSON, parent: parent, field: "proc")
            if let def = json["proc_id"] {
                guard case .number(let n) = def, let id = n.int64Value else {
                    throw LineError(line: lineNumber, message: "\"proc_id\" must be an integer")
                }
                define(id, proc)
            }
        }

        var args: [SyscallArgument] = []
        let raw = json["rawargs"]
        if case .object(let o)? = json["args"] {
            for m in o.members {
                let text: String
                switch m.value {
                case .string(let s): text = s
                case .number(let n): text = n.text
                case .bool(let b): text = b ? "true" : "false"
                case .null: text = "<NA>"
                default: text = m.value.compactText
                }
                args.append(SyscallArgument(name: m.key, text: text, raw: raw?[m.key]?.int64Value ?? m.value.int64Value))
            }
        }
        var user: UserInfo?
        if let u = json["user"] {
            user = UserInfo(uid: u["uid"]?.int64Value, name: u["name"]?.stringValue, loginUID: u["loginuid"]?.int64Value,
                            loginName: u["loginname"]?.stringValue, homeDir: u["homedir"]?.stringValue, shell: u["shell"]?.stringValue)
        }
        var group: GroupInfo?
        if let g = json["group"] { group = GroupInfo(gid: g["gid"]?.int64Value, name: g["name"]?.stringValue) }
        var fd: FDInfo?
        if let f = json["fd"] {
            func ip(_ key: String) throws(LineError) -> IPAddress? {
                guard let s = f[key]?.stringValue else { return nil }
                guard let a = IPAddress(s) else { throw LineError(line: lineNumber, message: "fd.\(key): '\(s)' is not an IP address") }
                return a
            }
            fd = FDInfo(num: f["num"]?.int64Value, type: f["type"]?.stringValue, name: f["name"]?.stringValue,
                        nameRaw: f["nameraw"]?.stringValue, serverIP: try ip("sip"), serverPort: f["sport"]?.int64Value,
                        clientIP: try ip("cip"), clientPort: f["cport"]?.int64Value,
                        role: Self.role(f["role"]?.stringValue, type), l4proto: f["l4proto"]?.stringValue,
                        connected: f["connected"]?.boolValue, nameChanged: f["name_changed"]?.boolValue,
                        serverName: f["sip_name"]?.stringValue, clientName: f["cip_name"]?.stringValue)
        }
        var fsPath: FSPathInfo?
        if let p = json["fs_path"] {
            fsPath = FSPathInfo(name: p["name"]?.stringValue, source: p["source"]?.stringValue, target: p["target"]?.stringValue)
        } else {
            fsPath = Self.derivedFSPath(type, args, result: json["res"]?.int64Value)
        }
        var container: ContainerInfo?
        if let c = json["container"], case .object = c {
            guard let id = c["id"]?.stringValue else { throw LineError(line: lineNumber, message: "container.id is required") }
            var mounts: [ContainerMount]?
            if case .array(let ms)? = c["mounts"] {
                mounts = ms.map { m in
                    ContainerMount(source: m["source"]?.stringValue ?? "", dest: m["dest"]?.stringValue ?? "",
                                   mode: m["mode"]?.stringValue ?? "", readWrite: m["rdwr"]?.boolValue ?? true,
                                   propagation: m["propagation"]?.stringValue ?? "")
                }
            }
            container = ContainerInfo(id: id, fullID: c["full_id"]?.stringValue, name: c["name"]?.stringValue, type: c["type"]?.stringValue,
                                      image: c["image"]?.stringValue, imageID: c["image_id"]?.stringValue,
                                      imageRepository: c["image_repository"]?.stringValue, imageTag: c["image_tag"]?.stringValue,
                                      imageDigest: c["image_digest"]?.stringValue, privileged: c["privileged"]?.boolValue,
                                      mounts: mounts, startTime: c["start_ts"]?.int64Value, labels: c["labels"]?.stringMap ?? [:],
                                      healthcheck: c["healthcheck"]?.stringValue, livenessProbe: c["liveness_probe"]?.stringValue,
                                      readinessProbe: c["readiness_probe"]?.stringValue, ip: c["ip"]?.stringValue)
        }
        var k8s: K8sInfo?
        if let k = json["k8s"], case .object = k {
            k8s = K8sInfo(namespace: k["ns"]?.stringValue, podName: k["pod"]?.stringValue, podUID: k["pod_uid"]?.stringValue,
                          podLabels: k["pod_labels"]?.stringMap ?? [:], namespaceLabels: k["ns_labels"]?.stringMap ?? [:])
        }
        return SyscallEvent(type: type, timestamp: ts, number: json["num"]?.int64Value ?? Int64(lineNumber),
                            result: json["res"]?.int64Value, args: args, hostname: json["hostname"]?.stringValue,
                            process: proc, user: user, group: group, fd: fd, fsPath: fsPath, container: container, k8s: k8s)
    }

    /// Remembers a definition; the oldest ones leave while more than `processWindow` of them, or
    /// more than `processWindowBytes`, are held (the newest always stays).
    private mutating func define(_ id: Int64, _ process: SyscallProcess) {
        definitionCount += 1
        let bytes = Self.textBytes(process)
        if let replaced = definitions[id] { definitionBytes -= replaced.bytes }
        definitions[id] = (process, definitionCount, bytes)
        definitionBytes += bytes
        definitionOrder.append((id, definitionCount))
        while definitionOrder.count - definitionsStart > 1,
              definitions.count > max(processWindow, 1) || definitionBytes > processWindowBytes {
            let old = definitionOrder[definitionsStart]
            definitionsStart += 1
            // A redefined id keeps its newer definition (its old bytes left when it was replaced).
            if let d = definitions[old.id], d.sequence == old.sequence {
                definitions[old.id] = nil
                definitionBytes -= d.bytes
            }
        }
        if definitionsStart > 4096 && definitionsStart * 2 > definitionOrder.count {
            definitionOrder.removeFirst(definitionsStart)
            definitionsStart = 0
        }
    }

    /// The bytes of a process chain's strings, plus 16 per process: never more than the JSON text
    /// that defined it (`ReplayEncoder.Recorder` counts that text against its own, smaller limit).
    static func textBytes(_ process: SyscallProcess) -> Int {
        var total = 0
        var p: SyscallProcess? = process
        var depth = 0
        while let cur = p, depth < 64 {
            total += 16 + cur.name.utf8.count + cur.exe.utf8.count + cur.exePath.utf8.count + (cur.cwd?.utf8.count ?? 0)
            for a in cur.args { total += a.utf8.count }
            for e in cur.env { total += e.utf8.count }
            for caps in [cur.capEffective, cur.capPermitted, cur.capInheritable] { for c in caps ?? [] { total += c.utf8.count } }
            for (_, t) in cur.fdTypes { total += t.utf8.count }
            p = cur.parent
            depth += 1
        }
        return total
    }

    /// The keys of a process object, in one table: `process` finds each member's key once
    /// (a hash) instead of scanning the object for each of the 27 keys it reads.
    private enum ProcessKey: Int, CaseIterable {
        case pid, tid, ppid, vpid, vtid, sid, vpgid, pgid, name, exe, exepath, args, cwd, env, tty, start_ts,
             exe_ino, exe_ino_ctime, exe_ino_mtime, exe_writable, exe_upper_layer, exe_lower_layer, exe_from_memfd,
             cap_effective, cap_permitted, cap_inheritable, fd_types
    }
    private static let processKeys: [String: ProcessKey] =
        Dictionary(uniqueKeysWithValues: ProcessKey.allCases.map { ("\($0)", $0) })

    private func process(_ p: JSONValue, parent: SyscallProcess?, field: String) throws(LineError) -> SyscallProcess {
        guard case .object(let o) = p else { throw LineError(line: lineNumber, message: "\(field) entries must be objects") }
        // The first occurrence of each key wins, as with `JSONObject`'s subscript.
        var found = [JSONValue?](repeating: nil, count: ProcessKey.allCases.count)
        for m in o.members {
            if let k = Self.processKeys[m.key], found[k.rawValue] == nil { found[k.rawValue] = m.value }
        }
        func v(_ k: ProcessKey) -> JSONValue? { found[k.rawValue] }
        let name = v(.name)?.stringValue ?? ""
        var args: [String] = []
        if case .array(let a)? = v(.args) { args = a.map { $0.stringValue ?? $0.compactText } }
        var env: [String] = []
        switch v(.env) {
        case .array(let a)?: env = a.compactMap(\.stringValue)
        case .object(let o)?: env = o.members.map { "\($0.key)=\($0.value.stringValue ?? $0.value.compactText)" }
        default: break
        }
        var fdTypes: [Int64: String] = [:]
        if case .object(let o)? = v(.fd_types) {
            for m in o.members { if let n = Int64(m.key), let t = m.value.stringValue { fdTypes[n] = t } }
        }
        func caps(_ key: ProcessKey) -> [String]? {
            switch v(key) {
            case .array(let a)?: return a.compactMap(\.stringValue)
            case .string(let s)?: return s.split(separator: " ").map(String.init)
            default: return nil
            }
        }
        return SyscallProcess(pid: v(.pid)?.int64Value ?? 0, tid: v(.tid)?.int64Value, ppid: v(.ppid)?.int64Value,
                           vpid: v(.vpid)?.int64Value, vtid: v(.vtid)?.int64Value, sid: v(.sid)?.int64Value,
                           vpgid: v(.vpgid)?.int64Value, pgid: v(.pgid)?.int64Value, name: String(name.utf8.prefix(15)) ?? name,
                           exe: v(.exe)?.stringValue ?? name, exePath: v(.exepath)?.stringValue ?? "",
                           args: args, cwd: v(.cwd)?.stringValue, env: env, tty: v(.tty)?.int64Value,
                           startTime: v(.start_ts)?.int64Value, exeIno: v(.exe_ino)?.int64Value,
                           exeInoCtime: v(.exe_ino_ctime)?.int64Value, exeInoMtime: v(.exe_ino_mtime)?.int64Value,
                           exeWritable: v(.exe_writable)?.boolValue, exeUpperLayer: v(.exe_upper_layer)?.boolValue,
                           exeLowerLayer: v(.exe_lower_layer)?.boolValue, exeFromMemfd: v(.exe_from_memfd)?.boolValue,
                           capEffective: caps(.cap_effective), capPermitted: caps(.cap_permitted),
                           capInheritable: caps(.cap_inheritable), fdTypes: fdTypes, parent: parent)
    }

    /// Sockets of accept/listen/bind events are the server end unless the event says otherwise.
    static func role(_ text: String?, _ type: String) -> FDInfo.Role {
        if let text { return text == "server" ? .server : .client }
        return ["accept", "accept4", "listen", "bind"].contains(type) ? .server : .client
    }

    /// `fs.path.*` from the path arguments of file-system events (libsinsp's fs.path class):
    /// only for calls that succeeded; links name the new path as source and the existing one as
    /// target.
    /// `fs.path.*` of a file-system event built from its arguments (live sources use this too).
    public static func fsPath(_ type: String, _ args: [SyscallArgument], result: Int64?) -> FSPathInfo? {
        derivedFSPath(type, args, result: result)
    }

    static func derivedFSPath(_ type: String, _ args: [SyscallArgument], result: Int64?) -> FSPathInfo? {
        guard let result, result >= 0 else { return nil }
        func arg(_ names: String...) -> String? {
            for n in names { if let a = args.first(where: { $0.name == n }) { return a.text } }
            return nil
        }
        switch type {
        case "unlink", "unlinkat", "rmdir", "mkdir", "mkdirat", "chmod", "fchmodat", "chown", "lchown", "fchownat",
             "open", "openat", "openat2", "creat", "umount", "umount2":
            return FSPathInfo(name: arg("path", "name", "filename", "pathname", "target"))
        case "rename", "renameat", "renameat2":
            return FSPathInfo(source: arg("oldpath"), target: arg("newpath"))
        case "link", "linkat":
            return FSPathInfo(source: arg("newpath"), target: arg("oldpath"))
        case "symlink", "symlinkat":
            return FSPathInfo(source: arg("linkpath"), target: arg("target"))
        case "mount":
            return FSPathInfo(source: arg("dev"), target: arg("dir"))
        default: return nil
        }
    }

}

extension JSONValue {
    var int64Value: Int64? {
        switch self {
        case .number(let n): return n.int64Value
        case .string(let s): return Int64(s)
        default: return nil
        }
    }
    var stringMap: [String: String]? {
        guard case .object(let o) = self else { return nil }
        var out: [String: String] = [:]
        for m in o.members { out[m.key] = m.value.stringValue ?? m.value.compactText }
        return out
    }
    var compactText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.compactText).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.members.map { "\($0.key):\($0.value.compactText)" }.joined(separator: ",") + "}"
        }
    }
}

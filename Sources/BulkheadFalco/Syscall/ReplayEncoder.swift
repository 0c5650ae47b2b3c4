import BulkheadCore
import Foundation

/// Writes syscall events in the replay format (docs/runtime-events.md) — what
/// `bulkhead runtime watch --record` produces and `ReplayDecoder` reads back. One line per
/// event, no trailing newline; keys are written only when known.
public enum ReplayEncoder {
    public static func line(_ e: SyscallEvent) -> String {
        line(e) { processFragment($0) }
    }

    /// Encodes events one after another, as `--record` does. The `proc` and `ancestors` members
    /// are most of a line's bytes (a deep process tree's command lines, kilobytes) and the same
    /// for every event of a process. The first line of a process object defines it with
    /// `"proc_id":N`; later lines name it with `"proc_ref":N` (docs/runtime-events.md).
    /// `SyscallProcess` is immutable, so an object's text never changes. The cache holds the
    /// objects it keys (an identifier is never reused while cached) and is emptied when it would
    /// grow past `capacity` entries or `byteCapacity` bytes of text, so a reference always names
    /// one of the last `capacity` definitions, worth at most `byteCapacity` bytes (readers keep
    /// more: `ReplayDecoder.processWindow`, `processWindowBytes`).
    public final class Recorder {
        private var cache: [ObjectIdentifier: (process: SyscallProcess, id: Int64)] = [:]
        private var nextID: Int64 = 1
        private let capacity: Int
        private let byteCapacity: Int
        /// JSON bytes of the definitions written since the cache was last emptied.
        private var cachedBytes = 0

        /// - Parameters:
        ///   - capacity: definitions kept referable (≤ the readers' `ReplayDecoder.processWindow`).
        ///   - byteCapacity: their JSON bytes (≤ the readers' `ReplayDecoder.processWindowBytes`).
        public init(capacity: Int = 4096, byteCapacity: Int = 64 << 20) {
            precondition(capacity >= 1 && capacity <= ReplayDecoder.defaultProcessWindow)
            precondition(byteCapacity >= 1 && byteCapacity <= ReplayDecoder.defaultProcessWindowBytes)
            self.capacity = capacity
            self.byteCapacity = byteCapacity
        }

        /// The event's line, without the newline.
        public func line(_ e: SyscallEvent) -> String {
            ReplayEncoder.line(e) { p in
                let key = ObjectIdentifier(p)
                if let hit = cache[key] { return "\"proc_ref\":\(hit.id)" }
                let text = processFragment(p), bytes = text.utf8.count
                // A chain larger than the whole budget is written in full every time.
                guard bytes <= byteCapacity else { return text }
                if cache.count >= capacity || cachedBytes + bytes > byteCapacity {
                    cache.removeAll(keepingCapacity: true)
                    cachedBytes = 0
                }
                let id = nextID
                nextID += 1
                cache[key] = (p, id)
                cachedBytes += bytes
                return "\"proc_id\":\(id)," + text
            }
        }
    }

    /// `"proc":{…}` and, when the process has a parent, `,"ancestors":[…]`.
    static func processFragment(_ process: SyscallProcess) -> String {
        var w = ReplayJSONWriter()
        w.open()
        w.key("proc"); self.process(process, &w)
        var ancestors: [SyscallProcess] = []
        var p = process.parent
        while let cur = p, ancestors.count < 64 { ancestors.append(cur); p = cur.parent }
        if !ancestors.isEmpty {
            w.key("ancestors"); w.openArray()
            for a in ancestors { w.element(); self.process(a, &w) }
            w.closeArray()
        }
        w.close()
        // The members without the object's braces.
        return String(w.text.dropFirst().dropLast())
    }

    private static func line(_ e: SyscallEvent, processFragment: (SyscallProcess) -> String) -> String {
        var w = ReplayJSONWriter()
        w.open()
        w.key("type"); w.string(e.type)
        w.key("ts"); w.int(e.timestamp)
        w.key("num"); w.int(e.number)
        if let r = e.result { w.key("res"); w.int(r) }
        if !e.args.isEmpty {
            w.key("args"); w.open()
            var raw: [(String, Int64)] = []
            for a in e.args {
                w.key(a.name)
                if let r = a.raw, a.text == String(r) { w.int(r) } else {
                    w.string(a.text)
                    if let r = a.raw { raw.append((a.name, r)) }
                }
            }
            w.close()
            if !raw.isEmpty {
                w.key("rawargs"); w.open()
                for (k, v) in raw { w.key(k); w.int(v) }
                w.close()
            }
        }
        if let h = e.hostname { w.key("hostname"); w.string(h) }
        w.members(processFragment(e.process))
        if let u = e.user {
            w.key("user"); w.open()
            if let v = u.uid { w.key("uid"); w.int(v) }
            if let v = u.name { w.key("name"); w.string(v) }
            if let v = u.loginUID { w.key("loginuid"); w.int(v) }
            if let v = u.loginName { w.key("loginname"); w.string(v) }
            if let v = u.homeDir { w.key("homedir"); w.string(v) }
            if let v = u.shell { w.key("shell"); w.string(v) }
            w.close()
        }
        if let g = e.group {
            w.key("group"); w.open()
            if let v = g.gid { w.key("gid"); w.int(v) }
            if let v = g.name { w.key("name"); w.string(v) }
            w.close()
        }
        if let f = e.fd {
            w.key("fd"); w.open()
            if let v = f.num { w.key("num"); w.int(v) }
            if let v = f.type { w.key("type"); w.string(v) }
            if let v = f.name { w.key("name"); w.string(v) }
            if let v = f.nameRaw, v != f.name { w.key("nameraw"); w.string(v) }
            if let v = f.serverIP { w.key("sip"); w.string(v.description) }
            if let v = f.serverPort { w.key("sport"); w.int(v) }
            if let v = f.clientIP { w.key("cip"); w.string(v.description) }
            if let v = f.clientPort { w.key("cport"); w.int(v) }
            if f.serverIP != nil || f.clientIP != nil { w.key("role"); w.string(f.role.rawValue) }
            if let v = f.l4proto { w.key("l4proto"); w.string(v) }
            if let v = f.connected { w.key("connected"); w.bool(v) }
            if let v = f.nameChanged { w.key("name_changed"); w.bool(v) }
            if let v = f.serverName { w.key("sip_name"); w.string(v) }
            if let v = f.clientName { w.key("cip_name"); w.string(v) }
            w.close()
        }
        if let p = e.fsPath {
            w.key("fs_path"); w.open()
            if let v = p.name { w.key("name"); w.string(v) }
            if let v = p.source { w.key("source"); w.string(v) }
            if let v = p.target { w.key("target"); w.string(v) }
            w.close()
        }
        if let c = e.container {
            w.key("container"); w.open()
            w.key("id"); w.string(c.id)
            if let v = c.fullID { w.key("full_id"); w.string(v) }
            if let v = c.name { w.key("name"); w.string(v) }
            if let v = c.type { w.key("type"); w.string(v) }
            if let v = c.image { w.key("image"); w.string(v) }
            if let v = c.imageID { w.key("image_id"); w.string(v) }
            if let v = c.imageRepository { w.key("image_repository"); w.string(v) }
            if let v = c.imageTag { w.key("image_tag"); w.string(v) }
            if let v = c.imageDigest { w.key("image_digest"); w.string(v) }
            if let v = c.healthcheck { w.key("healthcheck"); w.string(v) }
            if let v = c.livenessProbe { w.key("liveness_probe"); w.string(v) }
            if let v = c.readinessProbe { w.key("readiness_probe"); w.string(v) }
            if let v = c.ip { w.key("ip"); w.string(v) }
            if let mounts = c.mounts {
                w.key("mounts"); w.openArray()
                for m in mounts {
                    w.element(); w.open()
                    w.key("source"); w.string(m.source)
                    w.key("dest"); w.string(m.dest)
                    w.key("mode"); w.string(m.mode)
                    w.key("rdwr"); w.bool(m.readWrite)
                    w.key("propagation"); w.string(m.propagation)
                    w.close()
                }
                w.closeArray()
            }
            if let v = c.privileged { w.key("privileged"); w.bool(v) }
            if let v = c.startTime { w.key("start_ts"); w.int(v) }
            if !c.labels.isEmpty {
                w.key("labels"); w.open()
                for (k, v) in c.labels.sorted(by: { $0.key < $1.key }) { w.key(k); w.string(v) }
                w.close()
            }
            w.close()
        }
        if let k = e.k8s {
            w.key("k8s"); w.open()
            if let v = k.namespace { w.key("ns"); w.string(v) }
            if let v = k.podName { w.key("pod"); w.string(v) }
            if let v = k.podUID { w.key("pod_uid"); w.string(v) }
            if !k.podLabels.isEmpty {
                w.key("pod_labels"); w.open()
                for (k, v) in k.podLabels.sorted(by: { $0.key < $1.key }) { w.key(k); w.string(v) }
                w.close()
            }
            if !k.namespaceLabels.isEmpty {
                w.key("ns_labels"); w.open()
                for (k, v) in k.namespaceLabels.sorted(by: { $0.key < $1.key }) { w.key(k); w.string(v) }
                w.close()
            }
            w.close()
        }
        w.close()
        return w.text
    }

    private static func process(_ p: SyscallProcess, _ w: inout ReplayJSONWriter) {
        w.open()
        w.key("pid"); w.int(p.pid)
        if let v = p.tid { w.key("tid"); w.int(v) }
        if let v = p.ppid { w.key("ppid"); w.int(v) }
        if let v = p.vpid { w.key("vpid"); w.int(v) }
        if let v = p.vtid { w.key("vtid"); w.int(v) }
        if let v = p.sid { w.key("sid"); w.int(v) }
        if let v = p.vpgid { w.key("vpgid"); w.int(v) }
        if let v = p.pgid { w.key("pgid"); w.int(v) }
        w.key("name"); w.string(p.name)
        w.key("exe"); w.string(p.exe)
        if !p.exePath.isEmpty { w.key("exepath"); w.string(p.exePath) }
        w.key("args"); w.openArray()
        for a in p.args { w.element(); w.string(a) }
        w.closeArray()
        if let v = p.cwd { w.key("cwd"); w.string(v) }
        if !p.env.isEmpty {
            w.key("env"); w.openArray()
            for a in p.env { w.element(); w.string(a) }
            w.closeArray()
        }
        if let v = p.tty { w.key("tty"); w.int(v) }
        if let v = p.startTime { w.key("start_ts"); w.int(v) }
        if let v = p.exeIno { w.key("exe_ino"); w.int(v) }
        if let v = p.exeInoCtime { w.key("exe_ino_ctime"); w.int(v) }
        if let v = p.exeInoMtime { w.key("exe_ino_mtime"); w.int(v) }
        if let v = p.exeWritable { w.key("exe_writable"); w.bool(v) }
        if let v = p.exeUpperLayer { w.key("exe_upper_layer"); w.bool(v) }
        if let v = p.exeLowerLayer { w.key("exe_lower_layer"); w.bool(v) }
        if let v = p.exeFromMemfd { w.key("exe_from_memfd"); w.bool(v) }
        for (key, caps) in [("cap_effective", p.capEffective), ("cap_permitted", p.capPermitted), ("cap_inheritable", p.capInheritable)] {
            guard let caps else { continue }
            w.key(key); w.openArray()
            for c in caps { w.element(); w.string(c) }
            w.closeArray()
        }
        if !p.fdTypes.isEmpty {
            w.key("fd_types"); w.open()
            for (n, t) in p.fdTypes.sorted(by: { $0.key < $1.key }) { w.key(String(n)); w.string(t) }
            w.close()
        }
        w.close()
    }
}

/// Minimal streaming JSON text builder (commas placed automatically).
struct ReplayJSONWriter {
    var text = ""
    private var first: [Bool] = []

    mutating func open() { text += "{"; first.append(true) }
    mutating func close() { text += "}"; first.removeLast() }
    mutating func openArray() { text += "["; first.append(true) }
    mutating func closeArray() { text += "]"; first.removeLast() }
    mutating func comma() {
        if first.last == true { first[first.count - 1] = false } else { text += "," }
    }
    mutating func key(_ k: String) { comma(); text += jsonQuote(k); text += ":" }
    mutating func element() { comma() }
    /// Already-encoded members of the open object (`"k":v,"k2":v2`).
    mutating func members(_ text: String) { comma(); self.text += text }
    mutating func string(_ s: String) { text += jsonQuote(s) }
    mutating func int(_ v: Int64) { text += String(v) }
    mutating func bool(_ v: Bool) { text += v ? "true" : "false" }
}

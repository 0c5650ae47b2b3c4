import BulkheadFalco
import Foundation

/// User and group names resolved in the event's own root: `/proc/PID/root/etc/passwd` for a
/// container (its image's users), the host's /etc/passwd otherwise. Cached per root for a few
/// seconds so an `adduser` shows up.
final class UserResolver {
    struct Table {
        var users: [Int64: (name: String, home: String, shell: String)] = [:]
        var groups: [Int64: String] = [:]
        var loaded: UInt64
    }
    private var tables: [String: Table] = [:]
    let procRoot: String
    let ttl: UInt64 = 5_000_000_000

    init(procRoot: String = "/proc") { self.procRoot = procRoot }

    /// `user.*` and `group.*` of a task from one lookup of its root's tables.
    func identity(uid: UInt32, gid: UInt32, loginUID: UInt32, pid: Int32, containerID: String?) -> (UserInfo, GroupInfo) {
        let t = table(pid: pid, containerID: containerID)
        let u = Int64(uid), g = Int64(gid)
        let entry = t.users[u]
        let login: Int64 = loginUID == UInt32.max ? -1 : Int64(loginUID)
        let loginName = login >= 0 ? (containerID == nil ? t : table(pid: 1, containerID: nil)).users[login]?.name : nil
        let user = UserInfo(uid: u, name: entry?.name ?? (u == 0 ? "root" : nil), loginUID: login,
                            loginName: loginName, homeDir: entry?.home, shell: entry?.shell)
        return (user, GroupInfo(gid: g, name: t.groups[g] ?? (g == 0 ? "root" : nil)))
    }

    private func table(pid: Int32, containerID: String?) -> Table {
        let key = containerID ?? "host"
        let now = DispatchTime.now().uptimeNanoseconds
        if let t = tables[key], now - t.loaded < ttl { return t }
        let root = containerID == nil ? "" : "\(procRoot)/\(pid)/root"
        var t = Table(loaded: now)
        if let passwd = ProcessTable.read(root + "/etc/passwd", limit: 4 << 20) {
            for line in passwd.split(separator: "\n") {
                let f = line.split(separator: ":", omittingEmptySubsequences: false)
                guard f.count >= 7, let uid = Int64(f[2]) else { continue }
                if t.users[uid] == nil { t.users[uid] = (String(f[0]), String(f[5]), String(f[6])) }
            }
        } else if let old = tables[key] {
            t = old   // the process is gone: keep what we knew
            t.loaded = now
        }
        if let group = ProcessTable.read(root + "/etc/group", limit: 4 << 20) {
            for line in group.split(separator: "\n") {
                let f = line.split(separator: ":", omittingEmptySubsequences: false)
                guard f.count >= 3, let gid = Int64(f[2]) else { continue }
                if t.groups[gid] == nil { t.groups[gid] = String(f[0]) }
            }
        }
        if tables.count > 4096 { tables.removeAll() }
        tables[key] = t
        return t
    }
}

import BulkheadFalco
import Foundation

/// What to do when a rule fires, beyond alerting.
public enum ResponseAction: String, Sendable, CaseIterable {
    case alert       // alert only (the default)
    case kill        // SIGKILL the process that triggered the rule
    case stop        // stop its container (podman/docker stop)
}

/// Applies per-rule response actions. Never touches the sensor itself, PID 1 of the host, or
/// kernel threads; at most one action per target every `cooldown` seconds; every action (and
/// every refusal) is logged on stderr.
final class Responder {
    let actions: [String: ResponseAction]
    let cooldown: UInt64 = 5_000_000_000
    private var recent: [String: UInt64] = [:]
    private(set) var taken: UInt64 = 0
    private let selfPID = getpid()
    private let log: (String) -> Void

    init(actions: [String: ResponseAction], log: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.actions = actions
        self.log = log
    }

    func respond(rule: String, event: SyscallEvent) {
        guard let action = actions[rule], action != .alert else { return }
        let pid = Int32(truncatingIfNeeded: event.process.pid)
        let target: String
        switch action {
        case .alert: return
        case .kill: target = "pid \(pid)"
        case .stop:
            guard let c = event.container else {
                log("response: rule '\(rule)': not stopping anything, the process (pid \(pid)) is not in a container")
                return
            }
            target = "container \(c.id)"
        }
        let now = DispatchTime.now().uptimeNanoseconds
        if let last = recent[target], now - last < cooldown { return }
        if recent.count > 10_000 { recent.removeAll() }
        recent[target] = now
        switch action {
        case .kill:
            guard pid > 1, pid != selfPID, pid != getppid() else {
                log("response: rule '\(rule)': refusing to kill pid \(pid) (the host's init, the sensor or its parent)")
                return
            }
            if Foundation.kill(pid, SIGKILL) == 0 {
                taken += 1
                log("response: rule '\(rule)': killed pid \(pid) (\(event.process.name))")
            } else {
                log("response: rule '\(rule)': kill pid \(pid) failed: \(String(cString: strerror(errno)))")
            }
        case .stop:
            guard let c = event.container else { return }
            let runtime = c.type == "docker" ? "docker" : "podman"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [runtime, "stop", "--time", "0", c.fullID ?? c.id]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do {
                try p.run()
                taken += 1
                log("response: rule '\(rule)': stopping container \(c.id) (\(c.name ?? "?")) with \(runtime) stop")
            } catch {
                log("response: rule '\(rule)': cannot run \(runtime) stop: \(error)")
            }
        case .alert:
            break
        }
    }
}

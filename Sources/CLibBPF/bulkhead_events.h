// Records the sensor's BPF program writes into the ring buffer, read in place by Swift
// (BulkheadSensor/EventDecoder.swift). One header for both sides: with vmlinux types in BPF,
// with <linux/types.h> in the Swift clang importer. Every record starts with bh_header;
// `size` is the record's length. Layouts are fixed per kind (the ring-buffer reservation must
// be a verification-time constant), so keep hot records small.
#ifndef BULKHEAD_EVENTS_H
#define BULKHEAD_EVENTS_H

#ifndef __VMLINUX_MIN_H__
#include <linux/types.h>
#endif

#define BH_COMM_LEN 16
#define BH_PATH_LEN 256
#define BH_ARGV_LEN 1024
#define BH_ENV_LEN 1024
#define BH_CGROUP_LEN 128
#define BH_MAX_PREFIXES 12
#define BH_PREFIX_LEN 24

enum bh_kind {
    BH_KIND_EXEC = 1,    // struct bh_exec (sched_process_exec)
    BH_KIND_FORK = 2,    // struct bh_fork (a new process, not a thread)
    BH_KIND_EXIT = 3,    // struct bh_header (a thread-group leader exited)
    BH_KIND_FILE = 4,    // struct bh_file: a system call with up to two paths
    BH_KIND_NET = 5,     // struct bh_net: socket calls with an address
    BH_KIND_PLAIN = 6,   // struct bh_plain: calls with numeric arguments only
};

// Which system call a FILE/NET/PLAIN record describes (Falco's event name is chosen in Swift).
enum bh_syscall {
    BH_SYS_OPEN = 1, BH_SYS_OPENAT, BH_SYS_OPENAT2, BH_SYS_CREAT,
    BH_SYS_CONNECT, BH_SYS_ACCEPT, BH_SYS_ACCEPT4, BH_SYS_BIND, BH_SYS_LISTEN, BH_SYS_SOCKET,
    BH_SYS_PTRACE, BH_SYS_SETUID, BH_SYS_SETGID, BH_SYS_SETREUID, BH_SYS_SETREGID, BH_SYS_SETRESUID, BH_SYS_SETRESGID,
    BH_SYS_MOUNT, BH_SYS_UMOUNT2,
    BH_SYS_UNLINK, BH_SYS_UNLINKAT, BH_SYS_RMDIR, BH_SYS_MKDIR, BH_SYS_MKDIRAT,
    BH_SYS_RENAME, BH_SYS_RENAMEAT, BH_SYS_RENAMEAT2,
    BH_SYS_LINK, BH_SYS_LINKAT, BH_SYS_SYMLINK, BH_SYS_SYMLINKAT,
    BH_SYS_CHMOD, BH_SYS_FCHMOD, BH_SYS_FCHMODAT, BH_SYS_FCHMODAT2,
    BH_SYS_CHOWN, BH_SYS_LCHOWN, BH_SYS_FCHOWN, BH_SYS_FCHOWNAT,
    BH_SYS_MEMFD_CREATE, BH_SYS_BPF, BH_SYS_INIT_MODULE, BH_SYS_FINIT_MODULE,
    BH_SYS_CHDIR, BH_SYS_FCHDIR,
    BH_SYS_DUP, BH_SYS_DUP2, BH_SYS_DUP3,   // only onto 0, 1, 2 and only of sockets
    BH_SYS_MAX
};

// Exec flags.
#define BH_EXEC_FROM_MEMFD   1u
#define BH_EXEC_UPPER_LAYER  2u
#define BH_EXEC_LOWER_LAYER  4u
#define BH_EXEC_DELETED      8u

// Counters in the per-CPU stats array.
// BH_STAT_RING_USED is a gauge, not a counter: the bytes waiting in the ring at this CPU's last
// submission (user space takes the maximum over CPUs).
enum bh_stat { BH_STAT_RB_DROPS = 0, BH_STAT_READ_FAILURES = 1, BH_STAT_FILTERED = 2, BH_STAT_RING_USED = 3, BH_STAT_COUNT = 4 };

struct bh_header {
    __u64 ts;          // CLOCK_MONOTONIC-based bpf_ktime_get_boot_ns
    __u64 cgroup_id;   // kernfs id of the task's cgroup (v2, or the memory controller's on v1/hybrid)
    __u32 kind;
    __u32 size;
    __u32 pid;         // thread-group id
    __u32 tid;
    __u32 ppid;        // real parent's thread-group id
    __u32 uid;
    __u32 gid;
    __u32 loginuid;
    __u32 syscall;     // enum bh_syscall for FILE/NET/PLAIN
    __u32 pad;
    __s64 ret;         // return value (-errno on failure)
    char comm[BH_COMM_LEN];
};

struct bh_exec {
    struct bh_header h;
    __u32 sid;          // session id (host namespace)
    __u32 pgid;         // process group (host)
    __u32 vpid;         // pid inside the task's pid namespace
    __u32 vpgid;        // process group inside the pid namespace
    __u32 tty;          // encoded tty device number, 0 = none
    __u32 flags;        // BH_EXEC_*
    __u64 exe_ino;
    __u64 cap_effective;
    __u64 cap_permitted;
    __u64 cap_inheritable;
    __u64 start_time;   // task start (boot ns)
    __u32 argv_len;     // bytes used in argv (NUL-separated)
    __u32 env_len;      // bytes used in env (NUL-separated KEY=VALUE, the first BH_ENV_LEN bytes)
    char parent_comm[BH_COMM_LEN];
    char filename[BH_PATH_LEN];   // the path given to exec
    char exe_path[BH_PATH_LEN];   // mm->exe_file resolved against the task's root
    char cwd[BH_PATH_LEN];
    char cgroup[BH_CGROUP_LEN];   // leaf cgroup name (container id source)
    char argv[BH_ARGV_LEN];
    char env[BH_ENV_LEN];
};

struct bh_fork {
    struct bh_header h;   // pid/tid/comm are the parent's; ret is the child's pid
    __u32 child_pid;
    __u32 pad;
};

struct bh_file {
    struct bh_header h;
    __u64 args[4];        // raw arguments (flags, mode, dirfd, ...), per system call
    __u16 path1_len;      // bytes read including the NUL, 0 = none/unreadable
    __u16 path2_len;
    __u32 pad;
    char path1[BH_PATH_LEN];
    char path2[BH_PATH_LEN];
};

struct bh_net {
    struct bh_header h;
    __u64 args[3];        // fd, and for socket(): domain, type, protocol
    __u16 family;         // AF_INET, AF_INET6, AF_UNIX; 0 when unknown
    __u16 port;           // host order
    __u16 local_port;     // host order (from the socket when available)
    __u16 sock_type;      // SOCK_STREAM, SOCK_DGRAM, ...
    __u8 addr[16];        // remote (connect) or bound (bind/listen) address
    __u8 local_addr[16];
    char unix_path[108];  // AF_UNIX path (abstract: leading NUL)
    __u32 pad;
};

struct bh_plain {
    struct bh_header h;
    __u64 args[4];
};

// Configuration written by user space into the `config` array map (index 0) after load.
struct bh_config {
    __u32 self_tgid;           // the sensor's own events are dropped
    __u32 open_filter;         // 0 = send every open; 1 = drop read-only opens outside the prefixes
    __u64 wakeup_bytes;        // wake the consumer only when this much data is waiting
    __u32 prefix_count;
    __u32 pad;
    char prefixes[BH_MAX_PREFIXES][BH_PREFIX_LEN];
    __u8 second_chars[32];     // bitmap of the prefixes' second bytes (a one-byte pre-filter)
};

#endif

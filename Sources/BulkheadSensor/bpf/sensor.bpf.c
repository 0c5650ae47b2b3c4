// Bulkhead's runtime sensor: classic tracepoints (stable contexts, no kprobes needed), one
// record per completed system call written at sys_exit (arguments come from the task's saved
// user registers, strings are read after the kernel has faulted them in, and the result is
// known), plus exec/fork/exit from the scheduler tracepoints for the process tree.
// Records are defined in CLibBPF/bulkhead_events.h and decoded in place by the Swift consumer.
#include "vmlinux_min.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bulkhead_events.h"

char LICENSE[] SEC("license") = "GPL";

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define MAX_DEPTH 16
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_TMPFILE 020200000
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_PACKET 17
#define SOCK_RAW 3

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 16 << 20);   // resized by user space before load
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, BH_STAT_COUNT);
    __type(key, __u32);
    __type(value, __u64);
} stats SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct bh_config);
} config SEC(".maps");

// Path assembly space (two path lengths so masked offsets never leave the buffer).
struct scratch { char buf[BH_PATH_LEN * 2]; };
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct scratch);
} scratch_map SEC(".maps");

static __always_inline void count(__u32 which) {
    __u64 *v = bpf_map_lookup_elem(&stats, &which);
    if (v) *v += 1;
}

static __always_inline struct bh_config *cfg(void) {
    __u32 zero = 0;
    return bpf_map_lookup_elem(&config, &zero);
}

// Sensor's own activity and kernel threads are not reported.
static __always_inline bool skip_self(struct bh_config *c) {
    __u32 tgid = bpf_get_current_pid_tgid() >> 32;
    return !c || tgid == 0 || tgid == c->self_tgid;
}

// Wakes the consumer only when this record makes the waiting data cross the threshold: a
// consumer that is behind is not woken again for every record (each wake-up is an irq_work on
// the producer's CPU); it polls every 10 ms anyway.
static __always_inline void submit(void *rec, struct bh_config *c, __u64 size) {
    __u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
    __u32 k = BH_STAT_RING_USED;
    __u64 *used = bpf_map_lookup_elem(&stats, &k);
    if (used) *used = avail;
    __u64 t = c->wakeup_bytes;
    bool crossed = avail >= t && avail < t + size + 8;
    bpf_ringbuf_submit(rec, crossed ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

static __always_inline struct cgroup *task_cgroup(struct task_struct *task) {
    struct cgroup *cg = BPF_CORE_READ(task, cgroups, dfl_cgrp);
    if (cg && BPF_CORE_READ(cg, level) == 0) {
        // cgroup v1 or hybrid: containers live in the memory controller's hierarchy.
        struct cgroup *mem = BPF_CORE_READ(task, cgroups, subsys[bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id)], cgroup);
        if (mem) cg = mem;
    }
    return cg;
}

static __always_inline void fill_header(struct bh_header *h, __u32 kind, __u32 size, __u32 sys, long ret) {
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    __u64 id = bpf_get_current_pid_tgid();
    __u64 ug = bpf_get_current_uid_gid();
    h->ts = bpf_ktime_get_ns();
    h->kind = kind;
    h->size = size;
    h->pid = id >> 32;
    h->tid = (__u32)id;
    h->ppid = BPF_CORE_READ(task, real_parent, tgid);
    h->uid = (__u32)ug;
    h->gid = ug >> 32;
    h->loginuid = bpf_core_field_exists(task->loginuid) ? BPF_CORE_READ(task, loginuid.val) : (__u32)-1;
    h->syscall = sys;
    h->pad = 0;
    h->ret = ret;
    struct cgroup *cg = task_cgroup(task);
    h->cgroup_id = cg ? BPF_CORE_READ(cg, kn, id) : 0;
    bpf_get_current_comm(h->comm, sizeof(h->comm));
}

// Path walking state for bpf_loop (its callbacks are verified once, which keeps the exec
// program far below the verifier's instruction budget).
struct walk {
    struct dentry *dentry;
    struct vfsmount *vfsmnt;
    struct mount *mnt;
    struct dentry *root_dentry;
    struct vfsmount *root_mnt;
    long mnt_off;
    __u32 n;
    __u32 pos;
    struct scratch *s;
    const unsigned char *names[MAX_DEPTH];
};

static long walk_up(__u32 i, void *arg) {
    struct walk *w = arg;
    struct dentry *dentry = w->dentry;
    struct vfsmount *vfsmnt = w->vfsmnt;
    struct mount *mnt = w->mnt;
    if (dentry == w->root_dentry && vfsmnt == w->root_mnt) return 1;
    struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
    struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
    if (dentry == mnt_root) {
        struct mount *mparent = BPF_CORE_READ(mnt, mnt_parent);
        if (mparent == mnt) return 1;
        w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
        w->mnt = mparent;
        w->vfsmnt = (struct vfsmount *)((char *)mparent + w->mnt_off);
        return 0;
    }
    if (dentry == parent || w->n >= MAX_DEPTH) return 1;
    w->names[w->n & (MAX_DEPTH - 1)] = BPF_CORE_READ(dentry, d_name.name);
    w->n++;
    w->dentry = parent;
    return 0;
}

static long write_down(__u32 k, void *arg) {
    struct walk *w = arg;
    if (k >= w->n || w->pos >= BH_PATH_LEN - 2) return 1;
    __u32 j = w->n - 1 - k;
    struct scratch *s = w->s;
    s->buf[w->pos & (BH_PATH_LEN - 1)] = '/';
    w->pos++;
    long len = bpf_probe_read_kernel_str(&s->buf[w->pos & (BH_PATH_LEN - 1)], BH_PATH_LEN, w->names[j & (MAX_DEPTH - 1)]);
    if (len > 1) w->pos += len - 1;
    return 0;
}

// Writes the path of (dentry, vfsmnt) relative to the task's root into out (BH_PATH_LEN).
// Crosses mounts; at most MAX_DEPTH components are kept.
static __always_inline void read_path(struct dentry *dentry, struct vfsmount *vfsmnt, struct task_struct *task, char *out) {
    __u32 zero = 0;
    struct scratch *s = bpf_map_lookup_elem(&scratch_map, &zero);
    if (!s) return;
    struct walk w = {};
    w.dentry = dentry;
    w.vfsmnt = vfsmnt;
    w.mnt_off = bpf_core_field_offset(struct mount, mnt);
    w.mnt = (struct mount *)((char *)vfsmnt - w.mnt_off);
    w.root_dentry = BPF_CORE_READ(task, fs, root.dentry);
    w.root_mnt = BPF_CORE_READ(task, fs, root.mnt);
    w.s = s;
    bpf_loop(MAX_DEPTH * 2, walk_up, &w, 0);
    bpf_loop(MAX_DEPTH, write_down, &w, 0);
    __u32 pos = w.pos;
    if (pos == 0) { s->buf[0] = '/'; pos = 1; }
    if (pos > BH_PATH_LEN - 1) pos = BH_PATH_LEN - 1;
    s->buf[pos & (BH_PATH_LEN * 2 - 1)] = 0;
    bpf_probe_read_kernel(out, BH_PATH_LEN, s->buf);
    out[BH_PATH_LEN - 1] = 0;
}

static __always_inline __u32 encode_tty(struct task_struct *task) {
    struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
    if (!tty) return 0;
    __u32 index = BPF_CORE_READ(tty, index);
    __u32 major = BPF_CORE_READ(tty, driver, major);
    __u32 minor = BPF_CORE_READ(tty, driver, minor_start) + index;
    return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline __u32 pid_nr_at(struct pid *p, __u32 level) {
    if (!p) return 0;
    __u32 plevel = BPF_CORE_READ(p, level);
    if (level > plevel) level = plevel;
    int nr = 0;
    bpf_core_read(&nr, sizeof(nr), &p->numbers[level & 31].nr);
    return nr;
}

_Static_assert(BH_ENV_LEN == BH_ARGV_LEN, "read_user_block copies at most BH_ARGV_LEN bytes");

// Copies the task's [start, end) (argv or the environment: NUL-separated strings the kernel
// has just written) into dst, at most BH_ARGV_LEN bytes; returns the bytes copied, 0 on failure.
static __always_inline __u32 read_user_block(char *dst, unsigned long start, unsigned long end) {
    unsigned long len = end > start ? end - start : 0;
    if (len > BH_ARGV_LEN) len = BH_ARGV_LEN;
    if (len == 0 || bpf_probe_read_user(dst, len & (BH_ARGV_LEN - 1 | BH_ARGV_LEN), (void *)start) != 0) return 0;
    return len;
}

SEC("tracepoint/sched/sched_process_exec")
int bh_exec(struct trace_event_raw_sched_process_exec *ctx) {
    struct bh_config *c = cfg();
    if (skip_self(c)) return 0;
    struct bh_exec *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) { count(BH_STAT_RB_DROPS); return 0; }
    fill_header(&e->h, BH_KIND_EXEC, sizeof(*e), 0, 0);
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();

    unsigned short off = BPF_CORE_READ(ctx, __data_loc_filename) & 0xFFFF;
    bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), (char *)ctx + off);

    struct pid *tp = BPF_CORE_READ(task, thread_pid);
    __u32 level = tp ? BPF_CORE_READ(tp, level) : 0;
    struct signal_struct *sig = BPF_CORE_READ(task, signal);
    struct pid *sidp = BPF_CORE_READ(sig, pids[PIDTYPE_SID]);
    struct pid *pgp = BPF_CORE_READ(sig, pids[PIDTYPE_PGID]);
    e->sid = pid_nr_at(sidp, 0);
    e->pgid = pid_nr_at(pgp, 0);
    e->vpid = pid_nr_at(tp, level);
    e->vpgid = pid_nr_at(pgp, level);
    e->tty = encode_tty(task);
    e->start_time = BPF_CORE_READ(task, start_time);
    const struct cred *cred = BPF_CORE_READ(task, cred);
    bpf_core_read(&e->cap_effective, 8, &cred->cap_effective);
    bpf_core_read(&e->cap_permitted, 8, &cred->cap_permitted);
    bpf_core_read(&e->cap_inheritable, 8, &cred->cap_inheritable);
    bpf_probe_read_kernel_str(e->parent_comm, sizeof(e->parent_comm), BPF_CORE_READ(task, real_parent, comm));

    e->flags = 0;
    e->exe_ino = 0;
    struct file *exe = BPF_CORE_READ(task, mm, exe_file);
    if (exe) {
        struct inode *ino = BPF_CORE_READ(exe, f_inode);
        e->exe_ino = BPF_CORE_READ(ino, i_ino);
        if (BPF_CORE_READ(ino, __i_nlink) == 0) e->flags |= BH_EXEC_DELETED;
        char head[8] = {};
        bpf_probe_read_kernel_str(head, sizeof(head), BPF_CORE_READ(exe, f_path.dentry, d_name.name));
        if (head[0] == 'm' && head[1] == 'e' && head[2] == 'm' && head[3] == 'f' && head[4] == 'd' && head[5] == ':')
            e->flags |= BH_EXEC_FROM_MEMFD;
        if (BPF_CORE_READ(ino, i_sb, s_magic) == OVERLAYFS_SUPER_MAGIC && bpf_core_type_exists(struct ovl_inode)) {
            long delta = bpf_core_field_offset(struct ovl_inode, __upperdentry) - bpf_core_field_offset(struct ovl_inode, vfs_inode);
            void *upper = 0;
            bpf_probe_read_kernel(&upper, sizeof(upper), (char *)ino + delta);
            e->flags |= upper ? BH_EXEC_UPPER_LAYER : BH_EXEC_LOWER_LAYER;
        }
        if (e->flags & BH_EXEC_FROM_MEMFD)   // an internal mount: the name ("memfd:NAME") is the path
            bpf_probe_read_kernel_str(e->exe_path, sizeof(e->exe_path), BPF_CORE_READ(exe, f_path.dentry, d_name.name));
        else
            read_path(BPF_CORE_READ(exe, f_path.dentry), BPF_CORE_READ(exe, f_path.mnt), task, e->exe_path);
    } else {
        e->exe_path[0] = 0;
    }
    read_path(BPF_CORE_READ(task, fs, pwd.dentry), BPF_CORE_READ(task, fs, pwd.mnt), task, e->cwd);

    struct cgroup *cg = task_cgroup(task);
    e->cgroup[0] = 0;
    if (cg) bpf_probe_read_kernel_str(e->cgroup, sizeof(e->cgroup), BPF_CORE_READ(cg, kn, name));

    e->argv_len = read_user_block(e->argv, BPF_CORE_READ(task, mm, arg_start), BPF_CORE_READ(task, mm, arg_end));
    e->env_len = read_user_block(e->env, BPF_CORE_READ(task, mm, env_start), BPF_CORE_READ(task, mm, env_end));
    submit(e, c, sizeof(*e));
    return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(bh_fork, struct task_struct *parent, struct task_struct *child) {
    struct bh_config *c = cfg();
    if (skip_self(c)) return 0;
    if (child->pid != child->tgid) return 0;   // a new thread, not a process
    struct bh_fork *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) { count(BH_STAT_RB_DROPS); return 0; }
    fill_header(&e->h, BH_KIND_FORK, sizeof(*e), 0, child->tgid);
    e->child_pid = child->tgid;
    e->pad = 0;
    submit(e, c, sizeof(*e));
    return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int bh_exit(void *ctx) {
    struct bh_config *c = cfg();
    if (skip_self(c)) return 0;
    __u64 id = bpf_get_current_pid_tgid();
    if ((__u32)id != (id >> 32)) return 0;   // only the thread-group leader
    struct bh_header *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) { count(BH_STAT_RB_DROPS); return 0; }
    fill_header(e, BH_KIND_EXIT, sizeof(*e), 0, 0);
    submit(e, c, sizeof(*e));
    return 0;
}

// ---- system calls, emitted at exit -------------------------------------------------------

// The system call's arguments from the task's saved user registers, in one read: x86-64 keeps
// r10, r9, r8, ax, cx, dx, si, di contiguous in pt_regs (the entry code's fixed layout).
struct uargs { __u64 r10, r9, r8, ax, cx, dx, si, di; };

static __always_inline void read_uargs(struct uargs *a) {
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs((struct task_struct *)bpf_get_current_task_btf());
    bpf_probe_read_kernel(a, sizeof(*a), (char *)regs + bpf_core_field_offset(struct pt_regs, r10));
}

#define ARG0(r) ((r)->di)
#define ARG1(r) ((r)->si)
#define ARG2(r) ((r)->dx)
#define ARG3(r) ((r)->r10)
#define ARG4(r) ((r)->r8)

static __always_inline bool has_prefix(const char *path, const char *prefix) {
    for (int i = 0; i < BH_PREFIX_LEN; i++) {
        char p = prefix[i];
        if (p == 0) return i > 0;
        if (path[i] != p) return false;
    }
    return true;
}

// Read-only opens of paths outside the configured prefixes are the bulk of all opens and are
// not what rules look at; relative paths are kept (their directory is resolved in user space).
static __always_inline bool open_filtered(struct bh_config *c, __u64 flags, const char *path) {
    if (!c->open_filter) return false;
    if (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_TMPFILE)) return false;
    if (path[0] != '/') return false;
    __u32 n = c->prefix_count;
    for (int i = 0; i < BH_MAX_PREFIXES; i++) {
        if (i >= n) break;
        if (has_prefix(path, c->prefixes[i])) return false;
    }
    return true;
}

static __always_inline int file_event(long ret, __u32 sys, const char *p1, const char *p2,
                                      __u64 a0, __u64 a1, __u64 a2, __u64 a3, bool is_open) {
    struct bh_config *c = cfg();
    if (skip_self(c)) return 0;
    // The open filter looks only at the first BH_PREFIX_LEN bytes, before touching the ring.
    if (is_open && c->open_filter && p1 && !(a0 & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_TMPFILE))) {
        // Most read-only opens fail the cheap test: '/' then a second byte no prefix has.
        char two[2] = {};
        if (bpf_probe_read_user(two, 2, p1) == 0 && two[0] == '/') {
            __u8 b = (__u8)two[1];
            if (!(c->second_chars[(b >> 3) & 31] & (1 << (b & 7)))) {
                count(BH_STAT_FILTERED);
                return 0;
            }
        }
        char head[BH_PREFIX_LEN] = {};
        bpf_probe_read_user_str(head, sizeof(head), p1);
        if (open_filtered(c, a0, head)) {
            count(BH_STAT_FILTERED);
            return 0;
        }
    }
    struct bh_file *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) { count(BH_STAT_RB_DROPS); return 0; }
    e->path1_len = 0;
    e->path2_len = 0;
    e->path1[0] = 0;
    e->path2[0] = 0;
    if (p1) {
        long n = bpf_probe_read_user_str(e->path1, sizeof(e->path1), p1);
        if (n > 0) e->path1_len = n; else count(BH_STAT_READ_FAILURES);
    }
    if (p2) {
        long n = bpf_probe_read_user_str(e->path2, sizeof(e->path2), p2);
        if (n > 0) e->path2_len = n; else count(BH_STAT_READ_FAILURES);
    }
    fill_header(&e->h, BH_KIND_FILE, sizeof(*e), sys, ret);
    e->args[0] = a0; e->args[1] = a1; e->args[2] = a2; e->args[3] = a3;
    e->pad = 0;
    submit(e, c, sizeof(*e));
    return 0;
}

static __always_inline int plain_event(long ret, __u32 sys, __u64 a0, __u64 a1, __u64 a2, __u64 a3) {
    struct bh_config *c = cfg();
    if (skip_self(c)) return 0;
    struct bh_plain *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) { count(BH_STAT_RB_DROPS); return 0; }
    fill_header(&e->h, BH_KIND_PLAIN, sizeof(*e), sys, ret);
    e->args[0] = a0; e->args[1] = a1; e->args[2] = a2; e->args[3] = a3;
    submit(e, c, sizeof(*e));
    return 0;
}

#define S_IFMT 0170000
#define S_IFSOCK 0140000

// The open file behind a descriptor of the current task, or NULL.
static __always_inline struct file *fd_file(long fd) {
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
    if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds)) return 0;
    struct file **fds = BPF_CORE_READ(fdt, fd);
    struct file *f = 0;
    bpf_probe_read_kernel(&f, sizeof(f), &fds[fd & 0xfffff]);
    return f;
}

static __always_inline bool is_socket(struct file *f) {
    return f && (BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) == S_IFSOCK;
}

// Socket type and local (and, without a user buffer, remote) address from the descriptor.
static __always_inline void sock_info(struct bh_net *e, long fd, bool take_remote) {
    struct file *f = fd_file(fd);
    if (!is_socket(f)) return;
    struct socket *sock = (struct socket *)BPF_CORE_READ(f, private_data);
    if (!sock) return;
    e->sock_type = BPF_CORE_READ(sock, type);
    struct sock *sk = BPF_CORE_READ(sock, sk);
    if (!sk) return;
    __u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
    e->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
    if (family == AF_INET) {
        __u32 a = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
        __builtin_memcpy(e->local_addr, &a, 4);
    } else if (family == AF_INET6) {
        bpf_core_read(e->local_addr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
    }
    if (take_remote && (family == AF_INET || family == AF_INET6)) {
        e->family = family;
        e->port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
        if (family == AF_INET) {
            __u32 a = BPF_CORE_READ(sk, __sk_common.skc_daddr);
            __builtin_memcpy(e->addr, &a, 4);
        } else {
            bpf_core_read(e->addr, 16, &sk->__sk_common.skc_v6_daddr);
        }
    } else if (e->family == 0) {
        e->family = family;
    }
}

static __always_inline int net_event(long ret, __u32 sys, __u64 fd, const void *uaddr, __u64 a1, __u64 a2, long sockfd) {
    struct bh_config *c = cfg();
    if (skip_self(c)) return 0;
    struct bh_net *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) { count(BH_STAT_RB_DROPS); return 0; }
    fill_header(&e->h, BH_KIND_NET, sizeof(*e), sys, ret);
    e->args[0] = fd; e->args[1] = a1; e->args[2] = a2;
    e->family = 0; e->port = 0; e->local_port = 0; e->sock_type = 0; e->pad = 0;
    __builtin_memset(e->addr, 0, sizeof(e->addr));
    __builtin_memset(e->local_addr, 0, sizeof(e->local_addr));
    e->unix_path[0] = 0;
    bool have_remote = false;
    if (uaddr) {
        __u16 family = 0;
        bpf_probe_read_user(&family, sizeof(family), uaddr);
        e->family = family;
        if (family == AF_INET) {
            __u16 port = 0;
            bpf_probe_read_user(&port, 2, (char *)uaddr + 2);
            e->port = __builtin_bswap16(port);
            bpf_probe_read_user(e->addr, 4, (char *)uaddr + 4);
            have_remote = true;
        } else if (family == AF_INET6) {
            __u16 port = 0;
            bpf_probe_read_user(&port, 2, (char *)uaddr + 2);
            e->port = __builtin_bswap16(port);
            bpf_probe_read_user(e->addr, 16, (char *)uaddr + 8);
            have_remote = true;
        } else if (family == AF_UNIX) {
            bpf_probe_read_user(e->unix_path, sizeof(e->unix_path) - 1, (char *)uaddr + 2);
            e->unix_path[sizeof(e->unix_path) - 1] = 0;
        }
    }
    // -EBADF / -ENOTSOCK: the descriptor is not a socket, nothing to read.
    if (sockfd >= 0 && ret != -9 && ret != -88)
        sock_info(e, sockfd, !have_remote && (sys == BH_SYS_ACCEPT || sys == BH_SYS_ACCEPT4 ||
                                              sys == BH_SYS_DUP || sys == BH_SYS_DUP2 || sys == BH_SYS_DUP3));
    submit(e, c, sizeof(*e));
    return 0;
}

// Each system call has two programs with one body: `bh_NAME` on the classic sys_exit_NAME
// tracepoint, and `bh_NAME_fx` as fexit on the kernel's syscall entry function. User space
// loads one of the two per call (BPFSession): fexit when the kernel can attach it, because any
// attached syscall tracepoint puts every task of the machine on the syscall-tracing slow path,
// which costs each system call more than the probes themselves (bench/README.md). Both run
// when the call returns, with the same registers and result, so records are identical.
#if defined(__TARGET_ARCH_arm64)
#define SYS_PREFIX "__arm64_sys_"
#else
#define SYS_PREFIX "__x64_sys_"
#endif
#define EXIT_HOOK(name) \
    static __always_inline int body_##name(long ret); \
    SEC("tracepoint/syscalls/sys_exit_" #name) \
    int bh_##name(struct trace_event_raw_sys_exit *ctx) { return body_##name(BPF_CORE_READ(ctx, ret)); } \
    SEC("fexit/" SYS_PREFIX #name) \
    int BPF_PROG(bh_##name##_fx, const struct pt_regs *regs, long ret) { return body_##name(ret); } \
    static __always_inline int body_##name(long ret)

// open(path, flags, mode), openat(dirfd, path, flags, mode), openat2(dirfd, path, how, size), creat(path, mode)
EXIT_HOOK(open)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_OPEN, (const char *)ARG0(r), 0, ARG1(r), ARG2(r), (__u64)-100, 0, true); }
EXIT_HOOK(openat)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_OPENAT, (const char *)ARG1(r), 0, ARG2(r), ARG3(r), ARG0(r), 0, true); }
EXIT_HOOK(openat2) {
    struct uargs ua; read_uargs(&ua); struct uargs *r = &ua;
    struct open_how how = {};
    bpf_probe_read_user(&how, sizeof(how), (void *)ARG2(r));
    return file_event(ret, BH_SYS_OPENAT2, (const char *)ARG1(r), 0, how.flags, how.mode, ARG0(r), how.resolve, true);
}
EXIT_HOOK(creat)   { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_CREAT, (const char *)ARG0(r), 0, O_CREAT | O_WRONLY | O_TRUNC, ARG1(r), (__u64)-100, 0, false); }

// unlink(path), unlinkat(dirfd, path, flags), rmdir(path), mkdir(path, mode), mkdirat(dirfd, path, mode)
EXIT_HOOK(unlink)   { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_UNLINK, (const char *)ARG0(r), 0, 0, 0, (__u64)-100, 0, false); }
EXIT_HOOK(unlinkat) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_UNLINKAT, (const char *)ARG1(r), 0, ARG2(r), 0, ARG0(r), 0, false); }
EXIT_HOOK(rmdir)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_RMDIR, (const char *)ARG0(r), 0, 0, 0, (__u64)-100, 0, false); }
EXIT_HOOK(mkdir)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_MKDIR, (const char *)ARG0(r), 0, 0, ARG1(r), (__u64)-100, 0, false); }
EXIT_HOOK(mkdirat)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_MKDIRAT, (const char *)ARG1(r), 0, 0, ARG2(r), ARG0(r), 0, false); }

// rename(old, new), renameat(olddirfd, old, newdirfd, new), renameat2(..., flags)
EXIT_HOOK(rename)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_RENAME, (const char *)ARG0(r), (const char *)ARG1(r), 0, 0, (__u64)-100, (__u64)-100, false); }
EXIT_HOOK(renameat)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_RENAMEAT, (const char *)ARG1(r), (const char *)ARG3(r), 0, 0, ARG0(r), ARG2(r), false); }
EXIT_HOOK(renameat2) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_RENAMEAT2, (const char *)ARG1(r), (const char *)ARG3(r), ARG4(r), 0, ARG0(r), ARG2(r), false); }

// link(old, new), linkat(olddirfd, old, newdirfd, new, flags), symlink(target, linkpath), symlinkat(target, newdirfd, linkpath)
EXIT_HOOK(link)      { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_LINK, (const char *)ARG0(r), (const char *)ARG1(r), 0, 0, (__u64)-100, (__u64)-100, false); }
EXIT_HOOK(linkat)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_LINKAT, (const char *)ARG1(r), (const char *)ARG3(r), ARG4(r), 0, ARG0(r), ARG2(r), false); }
EXIT_HOOK(symlink)   { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_SYMLINK, (const char *)ARG0(r), (const char *)ARG1(r), 0, 0, (__u64)-100, (__u64)-100, false); }
EXIT_HOOK(symlinkat) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_SYMLINKAT, (const char *)ARG0(r), (const char *)ARG2(r), 0, 0, (__u64)-100, ARG1(r), false); }

// chmod(path, mode), fchmodat(dirfd, path, mode), fchmodat2(dirfd, path, mode, flags), fchmod(fd, mode)
EXIT_HOOK(chmod)     { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_CHMOD, (const char *)ARG0(r), 0, 0, ARG1(r), (__u64)-100, 0, false); }
EXIT_HOOK(fchmodat)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_FCHMODAT, (const char *)ARG1(r), 0, 0, ARG2(r), ARG0(r), 0, false); }
EXIT_HOOK(fchmodat2) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_FCHMODAT2, (const char *)ARG1(r), 0, ARG3(r), ARG2(r), ARG0(r), 0, false); }
EXIT_HOOK(fchmod)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_FCHMOD, ARG0(r), ARG1(r), 0, 0); }

// chown(path, uid, gid), lchown(...), fchownat(dirfd, path, uid, gid, flags), fchown(fd, uid, gid)
EXIT_HOOK(chown)     { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_CHOWN, (const char *)ARG0(r), 0, ARG1(r), ARG2(r), (__u64)-100, 0, false); }
EXIT_HOOK(lchown)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_LCHOWN, (const char *)ARG0(r), 0, ARG1(r), ARG2(r), (__u64)-100, 0, false); }
EXIT_HOOK(fchownat)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_FCHOWNAT, (const char *)ARG1(r), 0, ARG2(r), ARG3(r), ARG0(r), ARG4(r), false); }
EXIT_HOOK(fchown)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_FCHOWN, ARG0(r), ARG1(r), ARG2(r), 0); }

// mount(dev, dir, type, flags, data), umount2(target, flags)
EXIT_HOOK(mount)     { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_MOUNT, (const char *)ARG0(r), (const char *)ARG1(r), ARG3(r), 0, 0, 0, false); }
EXIT_HOOK(umount)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_UMOUNT2, (const char *)ARG0(r), 0, ARG1(r), 0, 0, 0, false); }

// memfd_create(name, flags), chdir(path), fchdir(fd)
EXIT_HOOK(memfd_create) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_MEMFD_CREATE, (const char *)ARG0(r), 0, ARG1(r), 0, 0, 0, false); }
EXIT_HOOK(chdir)     { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_CHDIR, (const char *)ARG0(r), 0, 0, 0, (__u64)-100, 0, false); }
EXIT_HOOK(fchdir)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_FCHDIR, ARG0(r), 0, 0, 0); }

// init_module(image, len, params), finit_module(fd, params, flags)
EXIT_HOOK(init_module)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_INIT_MODULE, (const char *)ARG2(r), 0, ARG1(r), 0, 0, 0, false); }
EXIT_HOOK(finit_module) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return file_event(ret, BH_SYS_FINIT_MODULE, (const char *)ARG1(r), 0, ARG0(r), ARG2(r), 0, 0, false); }

// ptrace(request, pid, addr, data); set*id; bpf(cmd, attr, size)
EXIT_HOOK(ptrace)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_PTRACE, ARG0(r), ARG1(r), ARG2(r), ARG3(r)); }
EXIT_HOOK(setuid)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_SETUID, ARG0(r), 0, 0, 0); }
EXIT_HOOK(setgid)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_SETGID, ARG0(r), 0, 0, 0); }
EXIT_HOOK(setreuid)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_SETREUID, ARG0(r), ARG1(r), 0, 0); }
EXIT_HOOK(setregid)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_SETREGID, ARG0(r), ARG1(r), 0, 0); }
EXIT_HOOK(setresuid) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_SETRESUID, ARG0(r), ARG1(r), ARG2(r), 0); }
EXIT_HOOK(setresgid) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_SETRESGID, ARG0(r), ARG1(r), ARG2(r), 0); }
EXIT_HOOK(bpf)       { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return plain_event(ret, BH_SYS_BPF, ARG0(r), ARG2(r), 0, 0); }

// connect(fd, addr, len), accept(fd, addr, lenp), accept4(fd, addr, lenp, flags), bind(fd, addr, len), listen(fd, backlog)
EXIT_HOOK(connect)   { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return net_event(ret, BH_SYS_CONNECT, ARG0(r), (const void *)ARG1(r), 0, 0, ARG0(r)); }
EXIT_HOOK(accept)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return net_event(ret, BH_SYS_ACCEPT, ARG0(r), 0, 0, 0, ret); }
EXIT_HOOK(accept4)   { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return net_event(ret, BH_SYS_ACCEPT4, ARG0(r), 0, ARG3(r), 0, ret); }
EXIT_HOOK(bind)      { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return net_event(ret, BH_SYS_BIND, ARG0(r), (const void *)ARG1(r), 0, 0, ARG0(r)); }
EXIT_HOOK(listen)    { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return net_event(ret, BH_SYS_LISTEN, ARG0(r), 0, ARG1(r), 0, ARG0(r)); }
// socket(domain, type, protocol): only packet and raw sockets (the ones rules look at)
EXIT_HOOK(socket) {
    struct uargs ua; read_uargs(&ua); struct uargs *r = &ua;
    __u64 domain = ARG0(r), type = ARG1(r);
    if (domain != AF_PACKET && (type & 0xf) != SOCK_RAW) return 0;
    return net_event(ret, BH_SYS_SOCKET, ret, 0, domain, type | (ARG2(r) << 32), -1);
}

// dup(old), dup2(old, new), dup3(old, new, flags): only a socket made the standard input,
// output or error (a reverse shell's redirection); shells dup pipes onto 0-2 all the time.
static __always_inline int dup_event(long ret, __u32 sys, __u64 oldfd, __u64 flags) {
    if (ret < 0 || ret > 2 || !is_socket(fd_file(oldfd))) return 0;
    return net_event(ret, sys, oldfd, 0, ret, flags, oldfd);
}
EXIT_HOOK(dup)  { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return dup_event(ret, BH_SYS_DUP, ARG0(r), 0); }
EXIT_HOOK(dup2) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return dup_event(ret, BH_SYS_DUP2, ARG0(r), 0); }
EXIT_HOOK(dup3) { struct uargs ua; read_uargs(&ua); struct uargs *r = &ua; return dup_event(ret, BH_SYS_DUP3, ARG0(r), ARG2(r)); }

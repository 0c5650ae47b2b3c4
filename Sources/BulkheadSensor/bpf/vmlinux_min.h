// The few kernel types the sensor reads, declared with preserve_access_index so that libbpf's
// CO-RE relocates every field access against the running kernel's BTF
// (/sys/kernel/btf/vmlinux). Only field names and kinds matter here, not the layout, so one
// small header replaces a 3 MB generated vmlinux.h and builds on hosts without BTF.
#ifndef __VMLINUX_MIN_H__
#define __VMLINUX_MIN_H__

typedef unsigned char __u8;
typedef signed char __s8;
typedef unsigned short __u16;
typedef short __s16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s64 s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef int pid_t;
typedef _Bool bool;
#define true 1
#define false 0

enum bpf_map_type {
    BPF_MAP_TYPE_HASH = 1,
    BPF_MAP_TYPE_ARRAY = 2,
    BPF_MAP_TYPE_PERCPU_ARRAY = 6,
    BPF_MAP_TYPE_RINGBUF = 27,
};
enum {
    BPF_RB_NO_WAKEUP = 1,
    BPF_RB_FORCE_WAKEUP = 2,
};
enum {
    BPF_RB_AVAIL_DATA = 0,
};
enum { BPF_ANY = 0 };

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct trace_entry { unsigned short type; };
struct trace_event_raw_sys_exit { struct trace_entry ent; long id; long ret; };
struct trace_event_raw_sched_process_exec { struct trace_entry ent; u32 __data_loc_filename; pid_t pid; pid_t old_pid; };

struct pt_regs {
    unsigned long r10, r9, r8, dx, si, di, orig_ax;
};

typedef struct { u32 val; } kuid_t;
typedef struct { u64 val; } kernel_cap_t;

struct qstr { const unsigned char *name; };
struct super_block { unsigned long s_magic; };
struct inode { unsigned short i_mode; unsigned long i_ino; unsigned int __i_nlink; struct super_block *i_sb; };
struct dentry { struct dentry *d_parent; struct qstr d_name; struct inode *d_inode; };
struct vfsmount { struct dentry *mnt_root; };
struct mount { struct mount *mnt_parent; struct dentry *mnt_mountpoint; struct vfsmount mnt; };
struct path { struct vfsmount *mnt; struct dentry *dentry; };
struct file { struct path f_path; struct inode *f_inode; void *private_data; };
struct fdtable { unsigned int max_fds; struct file **fd; };
struct files_struct { struct fdtable *fdt; };
struct in6_addr { u8 s6_addr[16]; };
struct sock_common {
    u32 skc_daddr;
    u32 skc_rcv_saddr;
    u16 skc_dport;
    u16 skc_num;
    unsigned short skc_family;
    struct in6_addr skc_v6_daddr;
    struct in6_addr skc_v6_rcv_saddr;
};
struct sock { struct sock_common __sk_common; };
struct socket { short type; struct sock *sk; };
struct fs_struct { struct path root; struct path pwd; };
struct mm_struct { unsigned long arg_start; unsigned long arg_end; unsigned long env_start; unsigned long env_end; struct file *exe_file; };
struct kernfs_node { const char *name; u64 id; };
struct cgroup { struct kernfs_node *kn; int level; };
struct cgroup_subsys_state { struct cgroup *cgroup; };
struct css_set { struct cgroup_subsys_state *subsys[12]; struct cgroup *dfl_cgrp; };
struct pid_namespace;
struct upid { int nr; struct pid_namespace *ns; };
struct pid { unsigned int level; struct upid numbers[1]; };
struct tty_driver { int major; int minor_start; };
struct tty_struct { int index; struct tty_driver *driver; };
struct signal_struct { struct pid *pids[4]; struct tty_struct *tty; };
struct cred { kernel_cap_t cap_inheritable; kernel_cap_t cap_permitted; kernel_cap_t cap_effective; };
struct task_struct {
    pid_t pid;
    pid_t tgid;
    struct task_struct *real_parent;
    struct mm_struct *mm;
    struct pid *thread_pid;
    u64 start_time;
    char comm[16];
    struct fs_struct *fs;
    struct signal_struct *signal;
    kuid_t loginuid;
    struct css_set *cgroups;
    const struct cred *cred;
    struct files_struct *files;
};
struct ovl_inode { struct inode vfs_inode; struct dentry *__upperdentry; };
struct open_how { u64 flags; u64 mode; u64 resolve; };

#pragma clang attribute pop

enum cgroup_subsys_id { memory_cgrp_id = 4 };
enum pid_type { PIDTYPE_PID = 0, PIDTYPE_TGID = 1, PIDTYPE_PGID = 2, PIDTYPE_SID = 3 };

#endif

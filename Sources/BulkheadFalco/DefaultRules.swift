/// The syscall rules Bulkhead ships: what `bulkhead runtime watch` and `replay` evaluate when
/// no `--rules` are given. Written in Falco's rule language (so `--rules` files can override,
/// append to or disable them like any Falco file), aimed at the container threats the sensor
/// sees: interactive shells, credential reads, writes to system configuration, reverse shells
/// and network tools, listeners, process injection, in-memory and dropped binaries, raw sockets,
/// kernel modules. Names of lists and macros start with `bulkhead_` so loading them after the
/// upstream Falco files never changes an upstream macro.
public enum DefaultRules {
    public static let fileName = "bulkhead_rules.yaml"

    public static let syscall = #"""
- required_engine_version: 0.31.0

- list: bulkhead_shell_binaries
  items: [ash, bash, csh, ksh, sh, tcsh, zsh, dash, fish, busybox]

- list: bulkhead_network_tools
  items: [nc, ncat, netcat, nc.openbsd, nc.traditional, socat, telnet, nmap, masscan, zmap]

- list: bulkhead_credential_files
  items: [/etc/shadow, /etc/gshadow, /etc/shadow-, /etc/gshadow-, /etc/sudoers, /etc/security/opasswd, /etc/master.passwd]

- list: bulkhead_credential_readers
  items: [sshd, sshd-session, login, su, sudo, passwd, chpasswd, chage, useradd, usermod, userdel, groupadd, groupmod,
          unix_chkpwd, pam_tally2, pwck, grpck, vipw, vigr, systemd, systemd-logind, systemd-userdbd, nscd, sssd, polkitd]

- list: bulkhead_etc_writers
  items: [dpkg, apt, apt-get, rpm, dnf, yum, microdnf, apk, zypper, passwd, chpasswd, useradd, usermod, userdel, groupadd,
          groupmod, vipw, vigr, update-ca-certificates, update-alternatives, ldconfig, systemd, systemd-resolved, dhclient,
          NetworkManager, chronyd, ntpd, sshd, containerd, dockerd, podman, conmon, runc, crun, kubelet]

- list: bulkhead_container_runtime_inits
  items: [runc, "runc:[0:PARENT]", "runc:[1:CHILD]", "runc:[2:INIT]", crun, conmon, exe, containerd-shim, youki]

- macro: bulkhead_spawned_process
  condition: evt.type in (execve, execveat)

- macro: bulkhead_container
  condition: container.id != host

- macro: bulkhead_open_read
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.typechar='f' and fd.num>=0

- macro: bulkhead_open_write
  condition: evt.type in (open, openat, openat2) and evt.is_open_write=true and fd.typechar='f' and fd.num>=0

- rule: Shell with a terminal in a container
  desc: An interactive shell (a terminal is attached) started inside a container, as `kubectl exec -it` or `podman exec -t` do.
  condition: bulkhead_spawned_process and bulkhead_container and proc.name in (bulkhead_shell_binaries) and proc.tty != 0
  output: Shell with a terminal in container %container.name (%container.id, image %container.image) | user=%user.name cmdline=%proc.cmdline parent=%proc.pname tty=%proc.tty
  priority: WARNING
  tags: [container, shell, mitre_execution, T1059]

- rule: Credential file read by an untrusted program
  desc: A program that is not an account or login tool opened a password or sudoers file for reading.
  condition: bulkhead_open_read and fd.name in (bulkhead_credential_files) and not proc.name in (bulkhead_credential_readers)
  output: Credential file %fd.name read by %proc.name | cmdline=%proc.cmdline user=%user.name parent=%proc.pname container=%container.id image=%container.image
  priority: WARNING
  tags: [filesystem, credentials, mitre_credential_access, T1003]

- rule: File below /etc opened for writing
  desc: A program other than a package manager, account tool or system daemon opened a file below /etc for writing.
  condition: bulkhead_open_write and fd.name startswith /etc/ and not proc.name in (bulkhead_etc_writers)
  output: File %fd.name opened for writing by %proc.name | cmdline=%proc.cmdline user=%user.name parent=%proc.pname container=%container.id image=%container.image
  priority: ERROR
  tags: [filesystem, persistence, mitre_persistence, T1098]

- rule: Reverse shell with a network tool in a container
  desc: A netcat-like tool started with an option that runs a program over the connection.
  condition: >
    bulkhead_spawned_process and bulkhead_container and proc.name in (bulkhead_network_tools)
    and (proc.args contains "-e" or proc.args contains "-c" or proc.args contains "--sh-exec" or proc.args contains "--lua-exec"
         or proc.args contains "exec:" or proc.args contains "EXEC:" or proc.args contains "system:")
  output: Reverse shell attempt with %proc.name in container %container.name (%container.id) | cmdline=%proc.cmdline user=%user.name parent=%proc.pname image=%container.image
  priority: CRITICAL
  tags: [container, network, mitre_execution, T1059]

- rule: Outbound connection by a network tool
  desc: A netcat-like or scanning tool connected to a remote address.
  condition: evt.type = connect and fd.typechar in (4, 6) and proc.name in (bulkhead_network_tools)
  output: Outbound connection by %proc.name to %fd.sip:%fd.sport | connection=%fd.name cmdline=%proc.cmdline user=%user.name container=%container.id image=%container.image
  priority: NOTICE
  tags: [network, mitre_command_and_control, T1095]

- rule: Listening socket opened in a container
  desc: A process in a container started listening on a TCP or UDP port.
  condition: evt.type = listen and evt.rawres = 0 and bulkhead_container and fd.typechar in (4, 6)
  output: Process %proc.name listening on %fd.name in container %container.name (%container.id) | cmdline=%proc.cmdline user=%user.name image=%container.image
  priority: NOTICE
  tags: [container, network, mitre_command_and_control, T1571]

- rule: Process attached with ptrace
  desc: A process attached to, or wrote into the memory of, another process (debugger-style injection).
  condition: >
    evt.type = ptrace and evt.rawres = 0
    and evt.arg.request in (PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_POKETEXT, PTRACE_POKEDATA, PTRACE_POKEUSR)
  output: Process %proc.name used %evt.arg.request on pid %evt.arg.pid | cmdline=%proc.cmdline user=%user.name container=%container.id image=%container.image
  priority: WARNING
  tags: [process, mitre_privilege_escalation, T1055.008]

- rule: Program executed from /dev/shm
  desc: A program was executed from the shared-memory file system, a common place for dropped payloads.
  condition: bulkhead_spawned_process and (proc.exepath startswith /dev/shm/ or proc.exe startswith /dev/shm/)
  output: Program executed from /dev/shm | exe=%proc.exepath cmdline=%proc.cmdline user=%user.name parent=%proc.pname container=%container.id image=%container.image
  priority: WARNING
  tags: [process, mitre_defense_evasion, T1036.005]

- rule: Fileless execution from memory
  desc: A program was executed from an anonymous memory file (memfd_create), without touching the disk.
  condition: bulkhead_spawned_process and proc.is_exe_from_memfd = true
  output: Fileless execution from memory | exe=%proc.exepath cmdline=%proc.cmdline user=%user.name parent=%proc.pname container=%container.id image=%container.image
  priority: CRITICAL
  tags: [process, mitre_defense_evasion, T1620]

- rule: Dropped binary executed in a container
  desc: A program that is not part of the container image (written into its writable layer) was executed.
  condition: bulkhead_spawned_process and bulkhead_container and proc.is_exe_upper_layer = true
  output: Executable %proc.exepath from the container's writable layer executed in %container.name (%container.id) | cmdline=%proc.cmdline user=%user.name parent=%proc.pname image=%container.image
  priority: CRITICAL
  tags: [container, process, mitre_persistence, TA0003]

- rule: Deleted binary executed
  desc: A process runs a program whose file was deleted after it started or before it was executed.
  condition: bulkhead_spawned_process and proc.exepath endswith " (deleted)"
  output: Deleted binary executed | exe=%proc.exepath cmdline=%proc.cmdline user=%user.name container=%container.id image=%container.image
  priority: WARNING
  tags: [process, mitre_defense_evasion, T1070.004]

- rule: Packet socket created in a container
  desc: A raw packet socket (sniffing, ARP or DNS spoofing) was created inside a container.
  condition: evt.type = socket and bulkhead_container and evt.arg.domain contains AF_PACKET
  output: Packet socket created by %proc.name in container %container.name (%container.id) | cmdline=%proc.cmdline user=%user.name image=%container.image
  priority: NOTICE
  tags: [container, network, mitre_credential_access, T1557.002]

- rule: Kernel module loaded
  desc: A kernel module was loaded.
  condition: evt.type in (init_module, finit_module) and evt.rawres = 0
  output: Kernel module loaded by %proc.name | cmdline=%proc.cmdline user=%user.name container=%container.id
  priority: WARNING
  tags: [host, mitre_persistence, T1547.006]

- rule: Mount from a container
  desc: A process inside a container mounted a file system (containers normally get their mounts from the runtime).
  condition: evt.type = mount and evt.rawres = 0 and bulkhead_container and not proc.name in (bulkhead_container_runtime_inits)
  output: Mount %evt.arg.dev on %evt.arg.dir by %proc.name in container %container.name (%container.id) | cmdline=%proc.cmdline user=%user.name image=%container.image
  priority: WARNING
  tags: [container, mitre_privilege_escalation, T1611]
"""#
}

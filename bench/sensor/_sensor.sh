# shellcheck shell=bash disable=SC2034  # globals set here are read by the scripts that source this file
# _sensor.sh — sourced by bench/sensor-overhead and bench/sensor-soak (after bench/_common.sh).
#
# Starts and stops `bulkhead runtime watch` in the background, pins CPUs, reads a process's RSS
# and CPU time from /proc. Functions die (exit 2) when the sensor cannot be run.
#
# Env overrides (all optional):
#   BULKHEAD_BIN=PATH      the sensor binary (default: `make -s release-path`; nothing is built,
#                          because these scripts run as root: build as yourself first)
#   SENSOR_ARGS="..."      extra arguments for every sensor run (split on whitespace)
#   RULES=FILE[:FILE...]   rule files, one `--rules` each (default: none, the sensor's defaults)
#   PIN=0                  do not use taskset
#   WORK_CPU=N, SENSOR_CPU=N  CPUs for the workload and the sensor (default 0 and 1)
#   READY_TIMEOUT=S        seconds to wait for the ready file (default 60)
#   STOP_TIMEOUT=S         seconds to wait for a clean exit after the stop signal, then SIGKILL
#                          (default 30)

READY_TIMEOUT=${READY_TIMEOUT:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}
SENSOR_PID=
SENSOR_LOG=
SENSOR_STATS=
SENSOR_READY=

# The scripts write to /dev/null all the time, as root: if it has been replaced by a regular
# file (a tool that writes its output "atomically" renames over it), stop rather than make it worse.
check_dev_null() {
  [ -c /dev/null ] || die "/dev/null is not a character device (ls -la /dev/null); fix it first: rm /dev/null && mknod -m 666 /dev/null c 1 3"
}

need_root() {
  [ "$(id -u)" = 0 ] ||
    die "$1 needs root (the sensor loads eBPF programs); run it as: sudo -E $0  (or SENSOR=none $0 for baselines only)"
}

# BULKHEAD_BIN, as the other benches resolve it, but never built here: a build started by a
# root script would leave root-owned files in .build-release.
resolve_sensor_bin() {
  if [ -z "${BULKHEAD_BIN:-}" ]; then
    BULKHEAD_BIN=$(cd "$REPO_ROOT" && make -s release-path)
    log "==> bulkhead: $BULKHEAD_BIN (make -s release-path; set BULKHEAD_BIN to use another binary)"
  else
    log "==> bulkhead: BULKHEAD_BIN=$BULKHEAD_BIN"
  fi
  [ -x "$BULKHEAD_BIN" ] ||
    die "no bulkhead binary at $BULKHEAD_BIN; build it as yourself first: flock /tmp/bulkhead-build.lock make release"
  BULKHEAD_VERSION=$("$BULKHEAD_BIN" --version 2>/dev/null | head -n1 || true)
  RULE_ARGS=()
  local r rules=()
  [ -z "${RULES:-}" ] || IFS=: read -ra rules <<<"$RULES"
  for r in "${rules[@]}"; do
    [ -f "$r" ] || die "rules file not found: $r"
    RULE_ARGS+=(--rules "$r")
  done
  read -ra SENSOR_EXTRA <<<"${SENSOR_ARGS:-}"
  # A background job of a non-interactive shell starts with SIGINT ignored. A sensor that does
  # not install its own handler would then ignore the stop signal, so reset it with env(1)
  # (coreutils >= 8.31); without that option, stop the sensor with SIGTERM instead.
  if env --default-signal=INT true 2>/dev/null; then
    SIGRESET=(env --default-signal=INT)
    STOP_SIGNAL=INT
  else
    SIGRESET=()
    STOP_SIGNAL=TERM
    log "warning: env --default-signal is not available; stopping the sensor with SIGTERM, not SIGINT"
  fi
}

# WORK_PIN / SENSOR_PIN: command prefixes that put the workload and the sensor on different CPUs
# (taskset), or nothing on a single CPU, without taskset, or with PIN=0. NPROC: usable CPUs.
setup_pinning() {
  WORK_PIN=()
  SENSOR_PIN=()
  WORK_CPU_SEL=
  PIN_DESC="none"
  local cpus
  cpus=$(nproc)
  NPROC=$cpus
  if [ "${PIN:-1}" = 0 ]; then
    log "note: PIN=0, no CPU pinning"
  elif [ "$cpus" -lt 2 ]; then
    log "note: $cpus CPU: workload and sensor share it (no pinning)"
  elif ! command -v taskset >/dev/null; then
    log "warning: taskset not found (util-linux); no CPU pinning"
  else
    local w=${WORK_CPU:-0} s=${SENSOR_CPU:-1}
    taskset -c "$w" true 2>/dev/null || die "cannot pin to CPU $w (set WORK_CPU, or PIN=0)"
    taskset -c "$s" true 2>/dev/null || die "cannot pin to CPU $s (set SENSOR_CPU, or PIN=0)"
    WORK_PIN=(taskset -c "$w")
    SENSOR_PIN=(taskset -c "$s")
    WORK_CPU_SEL=$w
    PIN_DESC="workload on CPU $w, sensor on CPU $s"
  fi
}

# pin_self_to_work_cpu: move this shell to the workload CPU, so that everything it starts from
# now on inherits that affinity (start the sensor first: it is pinned explicitly).
pin_self_to_work_cpu() {
  [ ${#WORK_PIN[@]} = 0 ] || taskset -pc "$WORK_CPU_SEL" $$ >/dev/null
}

# proc_alive PID: the process exists and is not a zombie (kill -0 succeeds on an unreaped child
# that has already exited).
proc_alive() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  [ "${s%% *}" != Z ]
}

# proc_cpu_ticks PID: user + system CPU time of all its threads, in clock ticks (getconf CLK_TCK).
proc_cpu_ticks() {
  local s f
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }
  read -ra f <<<"$s"
  echo $((f[11] + f[12]))
}

# proc_rss_kib PID: VmRSS in KiB (empty when the process is gone).
proc_rss_kib() {
  awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# sensor_start DIR NAME [ARG...]: start `runtime watch --quiet` in the background with
# DIR/NAME.stats.json, DIR/NAME.ready and DIR/NAME.log, pinned to SENSOR_CPU, and return once
# the ready file exists (every program attached). Sets SENSOR_PID, SENSOR_STATS, SENSOR_LOG.
sensor_start() {
  local dir=$1 name=$2
  shift 2
  SENSOR_STATS=$dir/$name.stats.json
  SENSOR_READY=$dir/$name.ready
  SENSOR_LOG=$dir/$name.log
  rm -f "$SENSOR_STATS" "$SENSOR_READY"
  "${SENSOR_PIN[@]}" "${SIGRESET[@]}" "$BULKHEAD_BIN" runtime watch --quiet \
    --stats-file "$SENSOR_STATS" --ready-file "$SENSOR_READY" \
    "${RULE_ARGS[@]}" "${SENSOR_EXTRA[@]}" "$@" </dev/null >"$SENSOR_LOG" 2>&1 &
  SENSOR_PID=$!
  local deadline=$((SECONDS + READY_TIMEOUT)) rc
  until [ -e "$SENSOR_READY" ]; do
    if ! proc_alive "$SENSOR_PID"; then
      rc=0
      wait "$SENSOR_PID" || rc=$?
      SENSOR_PID=
      tail -n 20 "$SENSOR_LOG" >&2
      die "the sensor exited (status $rc) before it was ready; log: $SENSOR_LOG"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      sensor_kill
      tail -n 20 "$SENSOR_LOG" >&2
      die "the sensor was not ready after ${READY_TIMEOUT}s (no $SENSOR_READY); log: $SENSOR_LOG"
    fi
    sleep 0.1
  done
}

# sensor_stop: send the stop signal (SIGINT), wait up to STOP_TIMEOUT seconds, SIGKILL after
# that. Sets SENSOR_RC (exit status; 128+N when killed by signal N) and SENSOR_HUNG (1 when it
# had to be killed).
sensor_stop() {
  SENSOR_RC=0
  SENSOR_HUNG=0
  [ -n "$SENSOR_PID" ] || return 0
  kill -s "$STOP_SIGNAL" "$SENSOR_PID" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while proc_alive "$SENSOR_PID"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "warning: the sensor did not exit ${STOP_TIMEOUT}s after SIG$STOP_SIGNAL; killing it"
      kill -KILL "$SENSOR_PID" 2>/dev/null || true
      SENSOR_HUNG=1
      break
    fi
    sleep 0.1
  done
  wait "$SENSOR_PID" || SENSOR_RC=$?
  SENSOR_PID=
}

# sensor_kill: for traps; SIGKILL the sensor if it is still running.
sensor_kill() {
  if [ -n "$SENSOR_PID" ]; then
    kill -KILL "$SENSOR_PID" 2>/dev/null || true
    wait "$SENSOR_PID" 2>/dev/null || true
    SENSOR_PID=
  fi
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

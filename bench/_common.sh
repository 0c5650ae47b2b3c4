# shellcheck shell=bash
# _common.sh — sourced by bench/compare-hadolint and bench/lint-speed.
#
# Resolves paths relative to the repository root (shared/ is its sibling,
# ../shared), installs the peers, builds the release binary, sets up the
# offline wrapper and expands the corpus arguments into FILES.
#
# Env overrides (all optional):
#   BULKHEAD_BIN=PATH        use this binary, do not build
#   HADOLINT=PATH            hadolint binary (default: $PEERS_VENV/bin/hadolint)
#   SHARED_DIR=DIR           the shared/ checkout (default: REPO/../shared)
#   SCRATCH, PEERS_VENV      as in shared/peers/install-peers.sh
#   SKIP_INSTALL_PEERS=1     do not run install-peers.sh (it is idempotent, ~6 s)
#   NETNS=0                  do not wrap tool runs in `unshare -n --`
#   OUT_DIR=DIR              where results go (default: bench/out, git-ignored)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
SHARED_DIR=${SHARED_DIR:-$REPO_ROOT/../shared}
OUT_DIR=${OUT_DIR:-$BENCH_DIR/out}
SCRATCH=${SCRATCH:-${XDG_CACHE_HOME:-$HOME/.cache}/bulkhead-peers}
PEERS_VENV=${PEERS_VENV:-$SCRATCH/peers-venv}
HADOLINT=${HADOLINT:-$PEERS_VENV/bin/hadolint}
DEFAULT_CORPUS=$SHARED_DIR/corpus/dockerfiles/official
PYTHON=${PYTHON:-python3}

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

# Hadolint reads HADOLINT_* variables (ignore lists, thresholds, format...):
# comparisons and timings must run with its defaults.
clean_hadolint_env() {
  local v
  for v in $(compgen -e | grep '^HADOLINT_' || true); do unset "$v"; done
}

# An explicit, empty config so that no .hadolint.yaml (cwd, ~/.config, XDG)
# changes Hadolint's behaviour; Bulkhead gets --no-config for the same reason.
hadolint_empty_config() {
  local cfg=$OUT_DIR/hadolint-empty-config.yaml
  [ -f "$cfg" ] || echo '{}' >"$cfg"
  printf '%s' "$cfg"
}

install_peers() {
  mkdir -p "$OUT_DIR"
  if [ "${SKIP_INSTALL_PEERS:-0}" = 1 ]; then
    log "==> peers: SKIP_INSTALL_PEERS=1, not running install-peers.sh"
  else
    log "==> peers: bash $SHARED_DIR/peers/install-peers.sh (log: $OUT_DIR/install-peers.log)"
    [ -f "$SHARED_DIR/peers/install-peers.sh" ] ||
      die "$SHARED_DIR/peers/install-peers.sh not found (clone shared/ next to the repo, or set SHARED_DIR)"
    if ! (cd "$REPO_ROOT" && bash "$SHARED_DIR/peers/install-peers.sh") >"$OUT_DIR/install-peers.log" 2>&1; then
      tail -n 30 "$OUT_DIR/install-peers.log" >&2
      die "install-peers.sh failed"
    fi
  fi
  [ -x "$HADOLINT" ] || die "hadolint not found at $HADOLINT"
}

build_bulkhead() {
  if [ -n "${BULKHEAD_BIN:-}" ]; then
    log "==> bulkhead: BULKHEAD_BIN=$BULKHEAD_BIN (not building)"
  else
    log "==> bulkhead: make release (static Swift runtime, lld, packed relocations)"
    (cd "$REPO_ROOT" && make -s release) >&2 || die "release build failed"
    BULKHEAD_BIN=$(cd "$REPO_ROOT" && make -s release-path)
  fi
  [ -x "$BULKHEAD_BIN" ] || die "bulkhead binary not found at $BULKHEAD_BIN"
}

# OFFLINE: command prefix; `unshare -n --` gives the tools a private, empty
# network namespace (shared/peers/README.md). Falls back to no prefix.
setup_offline() {
  OFFLINE=()
  OFFLINE_DESC="none"
  if [ "${NETNS:-1}" != 0 ]; then
    if unshare -n -- true 2>/dev/null; then
      OFFLINE=(unshare -n --)
      OFFLINE_DESC="unshare -n --"
    else
      log "warning: 'unshare -n' is not permitted here; running tools without a private network namespace"
    fi
  fi
}

# collect_files [PATH...] -> FILES (absolute, sorted, de-duplicated).
# A directory contributes every Dockerfile, Containerfile, *.Dockerfile and
# Dockerfile.* under it (the names `bulkhead dockerfile DIR` picks up); a file
# is taken as is. No argument: the official-image corpus.
collect_files() {
  local args=("$@") a
  [ ${#args[@]} -gt 0 ] || args=("$DEFAULT_CORPUS")
  local tmp
  tmp=$(mktemp)
  for a in "${args[@]}"; do
    if [ -d "$a" ]; then
      find "$(cd "$a" && pwd)" -type f \( -name Dockerfile -o -name Containerfile \
        -o -name '*.Dockerfile' -o -name 'Dockerfile.*' \) -print >>"$tmp"
    elif [ -f "$a" ]; then
      printf '%s/%s\n' "$(cd "$(dirname "$a")" && pwd)" "$(basename "$a")" >>"$tmp"
    else
      rm -f "$tmp"
      die "no such file or directory: $a"
    fi
  done
  mapfile -t FILES < <(LC_ALL=C sort -u "$tmp")
  rm -f "$tmp"
  [ ${#FILES[@]} -gt 0 ] || die "no Dockerfiles found in: ${args[*]}"
}

repo_revision() {
  local rev
  rev=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
  if [ -n "$(git -C "$REPO_ROOT" status --porcelain -- Sources Package.swift 2>/dev/null)" ]; then
    rev="$rev+dirty"
  fi
  echo "$rev"
}

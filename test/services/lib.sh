# Shared helpers for the test service scripts (sourced, not run). Everything lives under .services/.
# shellcheck shell=bash

SERVICES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES_DIR="$SERVICES_ROOT/.services"
mkdir -p "$SERVICES_DIR/bin" "$SERVICES_DIR/logs"

say() { echo "[services] $*"; }

# pid_alive NAME [PATTERN]: true when .services/NAME.pid names a live process (whose command line
# contains PATTERN, so that a recycled pid does not pass for the service).
pid_alive() {
  local file="$SERVICES_DIR/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null || return 1
  [ -z "${2:-}" ] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# log_tail NAME: the last lines of .services/logs/NAME.log, for failure reports.
log_tail() {
  local file="$SERVICES_DIR/logs/$1.log"
  if [ -f "$file" ]; then
    echo "----- last 40 lines of $file -----" >&2
    tail -n 40 "$file" >&2
    echo "-----" >&2
  fi
}

# wait_ready NAME SECONDS CMD...: polls CMD every 0.5 s until it succeeds, the process named by
# NAME.pid dies, or SECONDS pass; on failure prints the log tail and returns 1.
wait_ready() {
  local name="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [ -f "$SERVICES_DIR/$name.pid" ] && ! pid_alive "$name"; then
      say "$name exited during start-up" >&2
      log_tail "$name"
      rm -f "$SERVICES_DIR/$name.pid"
      return 1
    fi
    sleep 0.5
  done
  say "$name not ready after ${seconds}s" >&2
  log_tail "$name"
  if [ -f "$SERVICES_DIR/$name.pid" ]; then
    kill "$(cat "$SERVICES_DIR/$name.pid")" 2>/dev/null || true
    rm -f "$SERVICES_DIR/$name.pid"
  fi
  return 1
}

# stop_pid NAME PATTERN: TERM the process of NAME.pid (only if its command line contains PATTERN,
# never a recycled pid), KILL it after 10 s, remove the pid file.
stop_pid() {
  local name="$1" pattern="$2" file="$SERVICES_DIR/$1.pid"
  if ! [ -f "$file" ]; then
    say "$name: not started by these scripts (no pid file)"
    return 0
  fi
  local pid
  pid="$(cat "$file")"
  if pid_alive "$name" "$pattern"; then
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    say "$name: stopped (pid $pid)"
  else
    say "$name: was not running"
  fi
  rm -f "$file"
}

# apt_install PACKAGE...: installs Debian packages, running apt-get update only if the first try fails.
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "apt-get not found: install $* by hand" >&2
    return 1
  fi
  say "installing $* with apt-get"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$SERVICES_DIR/logs/apt.log" 2>&1; then
    return 0
  fi
  say "apt-get install failed; running apt-get update and retrying"
  apt-get update -q >>"$SERVICES_DIR/logs/apt.log" 2>&1 || true
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$SERVICES_DIR/logs/apt.log" 2>&1; then
    return 0
  fi
  say "could not install $*" >&2
  tail -n 20 "$SERVICES_DIR/logs/apt.log" >&2
  return 1
}

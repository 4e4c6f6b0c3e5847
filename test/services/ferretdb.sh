#!/usr/bin/env bash
# Starts or stops FerretDB 1.24 (SQLite backend) on 127.0.0.1:27027 for the MongoDB contract tests.
#   test/services/ferretdb.sh start   build .services/bin/ferretdb if missing or stale, start, wait,
#                                     append MCE_TEST_MONGO_URL to .services/env
#   test/services/ferretdb.sh stop    stop the server started by `start`
# Data lives in .services/ferretdb-data; `start` appends MCE_TEST_MONGO_URL to .services/env.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES="$ROOT/.services"
BIN="$SERVICES/bin/ferretdb"
PID_FILE="$SERVICES/ferretdb.pid"
LOG_FILE="$SERVICES/ferretdb.log"
DATA_DIR="$SERVICES/ferretdb-data"
HOST=127.0.0.1
PORT=27027
URL="mongodb://$HOST:$PORT/"
TIMEOUT_S="${FERRETDB_START_TIMEOUT_S:-60}"

log() { echo "ferretdb: $*" >&2; }

is_running() {
  [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
}

build() {
  local src="$ROOT/test/services/ferretdb"
  # Up to date when the binary is newer than the wrapper's sources.
  if [[ -x "$BIN" && "$BIN" -nt "$src/main.go" && "$BIN" -nt "$src/go.mod" ]]; then return; fi
  command -v go >/dev/null || { log "Go is needed to build the test server (go not found)"; exit 1; }
  log "building $BIN with $(go version | cut -d' ' -f3) (first build downloads modules, ~1-2 min)…"
  mkdir -p "$SERVICES/bin"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$BIN" .)
  log "built"
}

write_env() {
  local env_file="$SERVICES/env"
  touch "$env_file"
  grep -qxF "export MCE_TEST_MONGO_URL=$URL" "$env_file" ||
    echo "export MCE_TEST_MONGO_URL=$URL" >>"$env_file"
}

start() {
  mkdir -p "$SERVICES" "$DATA_DIR"
  if is_running; then
    log "already running (pid $(cat "$PID_FILE"))"
    write_env
    return
  fi
  if port_open; then
    log "port $PORT is taken by another process; stop it first"
    exit 1
  fi
  build
  log "starting on $HOST:$PORT (log $LOG_FILE)"
  nohup "$BIN" -listen "$HOST:$PORT" -data "$DATA_DIR" >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local waited=0
  until port_open; do
    if ! is_running; then
      log "exited during start-up; last log lines:"
      tail -n 20 "$LOG_FILE" >&2
      rm -f "$PID_FILE"
      exit 1
    fi
    if ((waited >= TIMEOUT_S * 10)); then
      log "not accepting connections after ${TIMEOUT_S}s; last log lines:"
      tail -n 20 "$LOG_FILE" >&2
      stop
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  write_env
  log "ready at $URL (pid $(cat "$PID_FILE"))"
}

stop() {
  if ! [[ -f "$PID_FILE" ]]; then
    log "not running"
    return
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid ignored SIGTERM; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac

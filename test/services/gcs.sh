#!/usr/bin/env bash
# fake-gcs-server on http://127.0.0.1:4443 (in-memory backend), built once with `go install` into
# .services/bin. It publishes OBJECT_FINALIZE notifications to the Pub/Sub emulator topic
# meter-files of project mce-test, so pubsub.sh must have started first.
# Usage: gcs.sh start|stop|status. start appends its exports to .services/env.
set -euo pipefail
# shellcheck source=test/services/lib.sh
source "$(dirname "$0")/lib.sh"

FAKE_GCS_VERSION=v1.56.1
GCS_PORT=4443
PUBSUB_HOST=127.0.0.1:8085
PUBSUB_PROJECT=mce-test
NOTIFY_TOPIC=meter-files
BIN="$SERVICES_DIR/bin/fake-gcs-server"
STAMP="$BIN.version"

ready() {
  curl -sf --max-time 2 "http://127.0.0.1:$GCS_PORT/storage/v1/b" >/dev/null
}

build() {
  if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$FAKE_GCS_VERSION" ]; then
    return 0
  fi
  if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then
    PATH="$PATH:/usr/local/go/bin"
  fi
  if ! command -v go >/dev/null; then
    say "gcs: go is not on PATH; fake-gcs-server cannot be built" >&2
    return 1
  fi
  say "gcs: building fake-gcs-server $FAKE_GCS_VERSION (first build takes a few minutes)"
  local log="$SERVICES_DIR/logs/gcs-build.log"
  GOBIN="$SERVICES_DIR/bin" go install "github.com/fsouza/fake-gcs-server@$FAKE_GCS_VERSION" \
    >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null && say "gcs: still building ($(wc -l <"$log") lines of build log)"
  done
  if ! wait "$pid"; then
    say "gcs: go install failed" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
  echo "$FAKE_GCS_VERSION" >"$STAMP"
  say "gcs: built $BIN"
}

start() {
  if pid_alive gcs fake-gcs-server; then
    say "gcs: already running (pid $(cat "$SERVICES_DIR/gcs.pid")), left alone"
  elif ready; then
    say "gcs: something already answers on 127.0.0.1:$GCS_PORT, reusing it"
  else
    build
    say "gcs: starting fake-gcs-server on 127.0.0.1:$GCS_PORT -> pubsub $PUBSUB_PROJECT/$NOTIFY_TOPIC"
    PUBSUB_EMULATOR_HOST="$PUBSUB_HOST" nohup "$BIN" \
      -scheme http -host 127.0.0.1 -port "$GCS_PORT" -backend memory \
      -external-url "http://127.0.0.1:$GCS_PORT" -public-host "127.0.0.1:$GCS_PORT" \
      -event.pubsub-project-id "$PUBSUB_PROJECT" -event.pubsub-topic "$NOTIFY_TOPIC" \
      -event.list finalize -log-level warn \
      >"$SERVICES_DIR/logs/gcs.log" 2>&1 </dev/null &
    echo $! >"$SERVICES_DIR/gcs.pid"
    wait_ready gcs 60 ready
    say "gcs: ready"
  fi
  {
    echo "export STORAGE_EMULATOR_HOST=http://127.0.0.1:$GCS_PORT"
    echo "export MCE_TEST_GCS=1"
  } >>"$SERVICES_DIR/env"
}

case "${1:-}" in
  start) start ;;
  stop) stop_pid gcs fake-gcs-server ;;
  status)
    if ready; then say "gcs: up on 127.0.0.1:$GCS_PORT"; else say "gcs: down"; exit 3; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac

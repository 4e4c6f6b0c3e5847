#!/usr/bin/env bash
# Google Pub/Sub emulator on 127.0.0.1:8085, run from its jar with java (no gcloud).
# Usage: pubsub.sh start|stop|status. start appends its exports to .services/env and creates the
# topic that fake-gcs-server publishes object notifications to.
set -euo pipefail
# shellcheck source=test/services/lib.sh
source "$(dirname "$0")/lib.sh"

PUBSUB_PORT=8085
PUBSUB_PROJECT=mce-test
NOTIFY_TOPIC=meter-files
EMULATOR_DIR=/usr/lib/google-cloud-sdk/platform/pubsub-emulator

find_jar() {
  find "$EMULATOR_DIR" -name 'cloud-pubsub-emulator-*.jar' 2>/dev/null | sort | tail -n 1
}

ready() {
  curl -sf --max-time 2 "http://127.0.0.1:$PUBSUB_PORT/" >/dev/null
}

ensure_topic() {
  local url="http://127.0.0.1:$PUBSUB_PORT/v1/projects/$PUBSUB_PROJECT/topics/$NOTIFY_TOPIC"
  local code
  code="$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -X PUT "$url")"
  # 200 = created, 409 = already there (the emulator was reused).
  if [ "$code" != 200 ] && [ "$code" != 409 ]; then
    say "pubsub: creating topic $NOTIFY_TOPIC failed with HTTP $code" >&2
    return 1
  fi
}

start() {
  if pid_alive pubsub cloud-pubsub-emulator; then
    say "pubsub: already running (pid $(cat "$SERVICES_DIR/pubsub.pid")), left alone"
  elif ready; then
    say "pubsub: something already answers on 127.0.0.1:$PUBSUB_PORT, reusing it"
  else
    command -v java >/dev/null || apt_install openjdk-17-jre-headless
    local jar
    jar="$(find_jar)"
    if [ -z "$jar" ]; then
      apt_install google-cloud-cli-pubsub-emulator
      jar="$(find_jar)"
    fi
    if [ -z "$jar" ]; then
      say "pubsub: emulator jar not found under $EMULATOR_DIR" >&2
      return 1
    fi
    say "pubsub: starting $(basename "$jar") on 127.0.0.1:$PUBSUB_PORT"
    nohup java -Xmx512m -jar "$jar" --host=127.0.0.1 --port="$PUBSUB_PORT" \
      >"$SERVICES_DIR/logs/pubsub.log" 2>&1 </dev/null &
    echo $! >"$SERVICES_DIR/pubsub.pid"
    wait_ready pubsub 90 ready
    say "pubsub: ready"
  fi
  ensure_topic
  {
    echo "export PUBSUB_EMULATOR_HOST=127.0.0.1:$PUBSUB_PORT"
    echo "export PUBSUB_PROJECT_ID=$PUBSUB_PROJECT"
    # No GCE metadata server on loopback: stops the Google SDKs from probing for one (and warning).
    echo "export METADATA_SERVER_DETECTION=none"
  } >>"$SERVICES_DIR/env"
}

case "${1:-}" in
  start) start ;;
  stop) stop_pid pubsub cloud-pubsub-emulator ;;
  status)
    if ready; then say "pubsub: up on 127.0.0.1:$PUBSUB_PORT"; else say "pubsub: down"; exit 3; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac

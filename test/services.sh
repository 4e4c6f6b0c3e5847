#!/usr/bin/env bash
# The one entry point for the test services (developers and CI): builds what is missing, starts
# every service on loopback, and writes .services/env (bash exports) for the tests to source.
#   bash test/services.sh start    build (once) and start; already-running services are left alone
#   bash test/services.sh stop     stop what start started (pids in .services/*.pid)
#   bash test/services.sh status   one line per service; exit 3 when any is down
# Services: Pub/Sub emulator 127.0.0.1:8085 (project mce-test), fake-gcs-server 127.0.0.1:4443
# (notifies topic meter-files), and FerretDB 127.0.0.1:27027 via test/services/ferretdb.sh when
# that script exists. Everything lives under .services/ (gitignored): bin/, logs/, *.pid, env.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=test/services/lib.sh
source "$HERE/services/lib.sh"

FERRET="$HERE/services/ferretdb.sh"

ferret() {
  if [ -f "$FERRET" ]; then
    bash "$FERRET" "$1"
  else
    say "ferretdb: skipped (test/services/ferretdb.sh not found): MongoDB-wire tests will skip"
  fi
}

case "${1:-}" in
  start)
    : >"$SERVICES_DIR/env"
    # Pub/Sub first: fake-gcs-server publishes its notifications to it.
    bash "$HERE/services/pubsub.sh" start
    bash "$HERE/services/gcs.sh" start
    ferret start
    say "all started; exports in $SERVICES_DIR/env:"
    sed 's/^/  /' "$SERVICES_DIR/env"
    ;;
  stop)
    ferret stop
    bash "$HERE/services/gcs.sh" stop
    bash "$HERE/services/pubsub.sh" stop
    ;;
  status)
    down=0
    bash "$HERE/services/pubsub.sh" status || down=1
    bash "$HERE/services/gcs.sh" status || down=1
    if [ -f "$FERRET" ]; then
      if port_open 27027; then say "ferretdb: up on 127.0.0.1:27027"; else say "ferretdb: down"; down=1; fi
    else
      say "ferretdb: not configured (test/services/ferretdb.sh not found)"
    fi
    exit $((down * 3))
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# logged.sh NAME CMD...: runs CMD with its output both on stdout (which the process runner
# prefixes with NAME) and appended to .local/logs/NAME.log. `make dev` starts each service
# through it.
set -euo pipefail
name=$1
shift
log=${LOG_DIR:?LOG_DIR must be set}/$name.log
printf '\n=== %s starting %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
# tee ignores the signals that stop the service, so it keeps writing the service's shutdown
# logs; it ends on its own at end of input, when the service has exited.
exec > >(trap '' INT TERM HUP; exec tee -a "$log") 2>&1
exec "$@"

#!/usr/bin/env bash
# follow.sh LOG: prints what is appended to LOG (a dependency's log under .local/logs) until
# stopped. `make dev` runs one per dependency under its process runner, so the dependencies'
# logs show next to the services', prefixed with their names. The dependencies themselves run
# on their own (make deps/up); a signal stops only this viewer, which then exits 0.
set -euo pipefail
tail -n 0 -F "$1" 2>/dev/null &
trap 'kill "$!" 2>/dev/null; exit 0' INT TERM HUP
wait "$!"

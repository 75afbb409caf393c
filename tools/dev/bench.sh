#!/usr/bin/env bash
# bench.sh is `make bench/dev`: it times `make dev` from the command to the ready banner, cold
# and warm, and prints both, with the time Ctrl-C takes to stop everything. It asserts nothing
# about time.
#
# Cold: a fresh clone of the repository's committed state in a temporary directory, with an
# empty Go build cache, so nothing is installed or built (node_modules, .local, binaries); the
# Go module cache is shared, since downloads measure the network, not the platform. Warm: the
# same clone right after, with everything kept. Needs the platform's ports free (it runs on the
# fixed local ports, like make dev).
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# How long to wait for the banner, in seconds, before giving up (a cold start builds every
# service from source).
BENCH_WAIT_SECONDS=${BENCH_WAIT_SECONDS:-900}

say() { printf 'bench/dev: %s\n' "$*"; }
die() {
	printf 'bench/dev: error: %s\n' "$*" >&2
	exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tsumiki-bench-dev.XXXXXX")
# mktemp makes it 0700; as root, the postgres user must still reach the clone's .local.
chmod 0755 "$work"
DEV_PID=""
cleanup() {
	if [ -n "$DEV_PID" ] && kill -0 "$DEV_PID" 2>/dev/null; then
		kill -INT -- "-$DEV_PID" 2>/dev/null || true
		wait "$DEV_PID" 2>/dev/null || true
	fi
	if [ -d "$work/repo" ]; then
		make --no-print-directory -C "$work/repo" dev/reset >/dev/null 2>&1 || true
	fi
	# The cold build cache holds read-only files.
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# run_once LABEL: starts make dev in its own process group, times it to the banner, then sends
# Ctrl-C (SIGINT to the group) and times the stop. Sets BANNER_S and STOP_S.
run_once() {
	local label=$1 log=$work/$1.log start ready stopped
	say "$label: make dev (output in $log)"
	start=$(now)
	setsid make --no-print-directory -C "$work/repo" dev >"$log" 2>&1 &
	DEV_PID=$!
	until grep -qs "Tsumiki is running locally" "$log"; do
		if ! kill -0 "$DEV_PID" 2>/dev/null; then
			tail -n 30 "$log" >&2
			die "$label: make dev exited before its banner"
		fi
		if [ "$(elapsed "$start" "$(now)" | cut -d. -f1)" -ge "$BENCH_WAIT_SECONDS" ]; then
			tail -n 30 "$log" >&2
			die "$label: no banner after ${BENCH_WAIT_SECONDS}s"
		fi
		sleep 0.1
	done
	ready=$(now)
	kill -INT -- "-$DEV_PID"
	wait "$DEV_PID" || true
	stopped=$(now)
	DEV_PID=""
	BANNER_S=$(elapsed "$start" "$ready")
	STOP_S=$(elapsed "$ready" "$stopped")
}

say "cloning the committed state into $work/repo"
git clone -q "$ROOT" "$work/repo"
export GOCACHE=$work/gocache
run_once cold
cold_banner=$BANNER_S cold_stop=$STOP_S
run_once warm
warm_banner=$BANNER_S warm_stop=$STOP_S

printf '\n%-6s %18s %22s\n' start "make dev -> banner" "Ctrl-C -> all stopped"
printf '%-6s %17ss %21ss\n' cold "$cold_banner" "$cold_stop"
printf '%-6s %17ss %21ss\n' warm "$warm_banner" "$warm_stop"

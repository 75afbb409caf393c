#!/usr/bin/env bash
# dev.sh runs the whole platform locally: it is `make dev`, `make dev/status` and `make
# dev/reset` (mk/dev.mk). Run those rather than this script.
#
# Usage: dev.sh run|status|reset
#
# `run` installs what is missing, starts the dependencies (make deps/up), creates the local
# cloud resources (tools/cmd/localcloud), migrates, loads the fixtures, builds and starts
# todo-api, the todo-batch worker and the mailer's local runner under the `concurrently`
# process runner (pinned in package.json), waits until each is ready, prints the banner, and
# on Ctrl-C or SIGTERM stops the services gracefully, then the dependencies.
#
# Layout under .local/ (git-ignored), next to what deps/up keeps there:
#   bin/<service>       the service binaries make dev runs
#   cloud.env           the local cloud resources' names and URLs (written by localcloud)
#   dev.env             the services' settings for make dev (cloud.env plus dev-only values)
#   logs/<service>.log  each service's output (also shown, prefixed, in the terminal)
#   run/dev.pid         the pid of the running make dev
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LOCAL=${LOCAL:-$ROOT/.local}
RUN_DIR=$LOCAL/run
LOG_DIR=$LOCAL/logs
DEV_BIN=$LOCAL/bin
TODO_API_PORT=${TODO_API_PORT:-8080}
SES_PORT=${SES_PORT:-8005}
# How long each service may take to become ready, in seconds.
DEV_WAIT_SECONDS=${DEV_WAIT_SECONDS:-90}
export LOG_DIR

# SERVICES are the components make dev runs, in start order: name, then the command line
# (relative to DEV_BIN).
SERVICES=(todo-api todo-batch mailer)
declare -A SERVICE_CMD=(
	[todo-api]="todo-api serve"
	[todo-batch]="todo-batch worker"
	[mailer]="mailer run-local"
)

say() { printf 'dev: %s\n' "$*"; }
die() {
	printf 'dev: error: %s\n' "$*" >&2
	exit 1
}

# USER_DATABASE_URL is a DATABASE_URL the developer set (deps/up then uses that server). The
# services' environment, loaded later into this shell, must not make deps/down believe so.
USER_DATABASE_URL=${DATABASE_URL:-}

# make_root TARGET...: runs targets of the root Makefile with the developer's own environment.
make_root() {
	if [ -n "$USER_DATABASE_URL" ]; then
		DATABASE_URL=$USER_DATABASE_URL make --no-print-directory -C "$ROOT" "$@"
	else
		env -u DATABASE_URL make --no-print-directory -C "$ROOT" "$@"
	fi
}

# port_listener PORT: the ss line of whatever listens on PORT, or nothing.
port_listener() { ss -Hltnp "sport = :$1" 2>/dev/null | head -n1; }

# dev_running: true if a make dev of this checkout runs (its pid file names a live dev.sh).
dev_running() {
	[ -s "$RUN_DIR/dev.pid" ] || return 1
	local pid
	pid=$(cat "$RUN_DIR/dev.pid")
	[ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$ROOT/tools/dev/dev.sh run"
}

# ---------------------------------------------------------------------------------------------
# Start-up steps.

check_prerequisites() {
	local missing=()
	command -v go >/dev/null || missing+=("go: install Go (go.work says which version) and put it on PATH")
	command -v node >/dev/null || missing+=("node: apt-get install nodejs npm (Node.js 20 or newer)")
	command -v npm >/dev/null || missing+=("npm: apt-get install npm")
	command -v curl >/dev/null || missing+=("curl: apt-get install curl")
	command -v ss >/dev/null || missing+=("ss: apt-get install iproute2")
	command -v ps >/dev/null || missing+=("ps (the process runner stops process trees with it): apt-get install procps")
	if [ "${#missing[@]}" -gt 0 ]; then
		printf 'dev: missing prerequisite: %s\n' "${missing[@]}" >&2
		die "install what is listed above ('make doctor' checks everything), then run 'make dev' again"
	fi
	if dev_running; then
		die "make dev already runs in this checkout (pid $(cat "$RUN_DIR/dev.pid")); stop it with Ctrl-C in its terminal, or see 'make dev/status'"
	fi
	local listener
	listener=$(port_listener "$TODO_API_PORT")
	[ -z "$listener" ] || die "port $TODO_API_PORT (todo-api) is taken by another process: $listener. Stop it, or choose another port: make dev TODO_API_PORT=NNNN"
}

# ensure_npm_tools: deps/up installs the pinned npm packages; make dev needs concurrently and
# redoc from the same package-lock.json.
ensure_npm_tools() {
	local pkg
	for pkg in concurrently redoc; do
		[ -e "$ROOT/node_modules/$pkg/package.json" ] ||
			die "node_modules/$pkg is missing after 'make deps/up' (npm ci); is it in package.json? see .local/logs/npm-ci.log"
	done
}

build_services() {
	say "building the services and tools into ${DEV_BIN#"$ROOT"/} (go build; cached after the first run)"
	mkdir -p "$DEV_BIN"
	(cd "$ROOT" && go build -o "$DEV_BIN/" ./services/todo-api/cmd/todo-api ./services/todo-batch/cmd/todo-batch ./services/mailer/cmd/mailer) ||
		die "go build of the services failed (output above)"
	(cd "$ROOT/tools" && go build -o "$DEV_BIN/" ./cmd/localcloud) || die "go build of tools/cmd/localcloud failed (output above)"
}

# write_dev_env: the services' environment under make dev. Later lines win.
write_dev_env() {
	say "creating the local cloud resources (mail queue + dead-letter queue, idempotency table, export bucket)"
	(
		set -a
		# shellcheck disable=SC1091 # written by make deps/up
		. "$LOCAL/env"
		set +a
		exec "$DEV_BIN/localcloud" -env local
	) >"$LOCAL/cloud.env.tmp" || die "localcloud failed (output above)"
	mv -f "$LOCAL/cloud.env.tmp" "$LOCAL/cloud.env"
	{
		cat "$LOCAL/env" "$LOCAL/cloud.env"
		cat <<EOF
HTTP_ADDR=127.0.0.1:$TODO_API_PORT
LOG_LEVEL=info
MAIL_SENDERS=no-reply@tsumiki.dev
MAIL_LOCAL_WAIT=2s
SHUTDOWN_TIMEOUT=10s
SOFT_STOP_TIMEOUT=5s
EOF
	} >"$LOCAL/dev.env.tmp"
	mv -f "$LOCAL/dev.env.tmp" "$LOCAL/dev.env"
}

load_dev_env() {
	set -a
	# shellcheck disable=SC1091 # written just above
	. "$LOCAL/dev.env"
	set +a
}

migrate_and_seed() {
	say "migrating todo-api's schema and River's tables"
	"$DEV_BIN/todo-api" migrate up || die "todo-api migrate up failed (output above)"
	"$DEV_BIN/todo-batch" migrate up || die "todo-batch migrate up failed (output above)"
	say "loading the fixtures"
	"$DEV_BIN/todo-api" fixtures >"$LOCAL/fixtures.out" 2>&1 || {
		cat "$LOCAL/fixtures.out" >&2
		die "todo-api fixtures failed"
	}
}

# fixture_token prints the fixture user's token: the first one `todo-api fixtures` prints
# (Alice's; deterministic, see services/todo-api/internal/fixtures).
fixture_token() {
	local token
	token=$(grep -o 'token tsk_[A-Za-z0-9_-]*' "$LOCAL/fixtures.out" | head -n1 | cut -d' ' -f2)
	[ -n "$token" ] || die "cannot find the fixture user's token in the output of 'todo-api fixtures' (.local/fixtures.out)"
	echo "$token"
}

# fixture_email prints the e-mail address of the user whose token fixture_token prints.
fixture_email() { grep -o 'loaded: [^ ]*' "$LOCAL/fixtures.out" | head -n1 | cut -d' ' -f2; }

# ---------------------------------------------------------------------------------------------
# Running.

RUNNER_PID=""

# DEPENDENCIES are the components make deps/up runs; make dev shows their logs too.
DEPENDENCIES=(postgres sqs ses dynamodb s3)

start_services() {
	local commands=() names=() colors=() name
	for name in "${SERVICES[@]}"; do
		# exec: the runner's child is the service itself, so its exit status is the service's.
		commands+=("exec $ROOT/tools/dev/logged.sh $name $DEV_BIN/${SERVICE_CMD[$name]}")
		names+=("$name")
	done
	colors=(blue magenta green)
	for name in "${DEPENDENCIES[@]}"; do
		# No log when deps/up did not start it (an external DATABASE_URL, say).
		[ -f "$LOG_DIR/$name.log" ] || continue
		commands+=("exec $ROOT/tools/dev/follow.sh $LOG_DIR/$name.log")
		names+=("$name")
		colors+=(gray)
	done
	say "starting ${SERVICES[*]} (logs: ${LOG_DIR#"$ROOT"/}/<name>.log)"
	# --kill-others-on-fail: a service that crashes takes the others down with it, so a broken
	# platform is never mistaken for a running one. The runner forwards SIGINT/SIGTERM to every
	# service's process tree and exits when all have stopped.
	"$ROOT/node_modules/.bin/concurrently" --names "$(IFS=,; echo "${names[*]}")" \
		--prefix-colors "$(IFS=,; echo "${colors[*]}")" --kill-others-on-fail --kill-signal SIGTERM \
		"${commands[@]}" &
	RUNNER_PID=$!
}

# wait_ready NAME CHECK...: polls CHECK until it passes; fails when the runner exits or
# DEV_WAIT_SECONDS pass.
wait_ready() {
	local name=$1 deadline=$((SECONDS + DEV_WAIT_SECONDS))
	shift
	until "$@"; do
		kill -0 "$RUNNER_PID" 2>/dev/null || die "$name exited during start-up; see $LOG_DIR/$name.log"
		[ "$SECONDS" -lt "$deadline" ] || die "$name was not ready within ${DEV_WAIT_SECONDS}s; see $LOG_DIR/$name.log"
		sleep 0.2
	done
}

api_ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$TODO_API_PORT/readyz" 2>/dev/null; }

# log_says NAME TEXT: true if NAME's log has TEXT since this run started it.
log_says() { sed -n "$(($2 + 1)),\$p" "$LOG_DIR/$1.log" 2>/dev/null | grep -qF -- "$3"; }

print_banner() {
	local token=$1 email=$2 api="http://127.0.0.1:$TODO_API_PORT"
	cat <<EOF

============================================================================================
 Tsumiki is running locally. Ctrl-C stops everything.

   API            $api/
   API reference  $api/docs
   Mail (SES)     http://127.0.0.1:$SES_PORT/
   Fixture user   $email   token: $token

 Create a todo due in two minutes (its reminder mail appears on the mail page):

   curl -sS -X POST $api/v1/todos -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d "{\"title\":\"Try Tsumiki\",\"due_at\":\"\$(date -u -d '+2 minutes' +%Y-%m-%dT%H:%M:%SZ)\"}"

 Logs: .local/logs/<name>.log   Status: make dev/status   Wipe local state: make dev/reset
============================================================================================

EOF
}

STOPPING=0

# stop_all stops the services (the runner forwards the signal and waits for them), then the
# dependencies. It runs once, on a signal or on any exit.
stop_all() {
	[ "$STOPPING" -eq 0 ] || return 0
	STOPPING=1
	trap '' INT TERM
	if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then
		say "stopping the services"
		kill -TERM "$RUNNER_PID" 2>/dev/null || true
		wait "$RUNNER_PID" 2>/dev/null || true
	fi
	say "stopping the dependencies"
	make_root deps/down || true
	rm -f "$RUN_DIR/dev.pid"
	say "stopped; 'make dev' starts again from the kept state"
}

on_signal() {
	stop_all
	exit "$1"
}

cmd_run() {
	check_prerequisites
	mkdir -p "$RUN_DIR" "$LOG_DIR"
	echo $$ >"$RUN_DIR/dev.pid"
	trap stop_all EXIT
	trap 'on_signal 130' INT
	trap 'on_signal 143' TERM

	say "starting the dependencies (make deps/up)"
	make_root deps/up
	ensure_npm_tools
	make_root apidocs/bundle
	build_services
	write_dev_env
	load_dev_env
	migrate_and_seed
	local token
	token=$(fixture_token)

	local name lines=()
	for name in "${SERVICES[@]}"; do
		touch "$LOG_DIR/$name.log"
		lines+=("$(wc -l <"$LOG_DIR/$name.log")")
	done
	start_services
	wait_ready todo-api api_ready
	wait_ready todo-batch log_says todo-batch "${lines[1]}" '"msg":"worker started"'
	wait_ready mailer log_says mailer "${lines[2]}" '"msg":"local runner polling"'
	print_banner "$token" "$(fixture_email)"

	# The runner ends when every service has stopped: after Ctrl-C (the terminal signals the
	# runner and this script at once; the trap above runs right after this wait) or after a
	# crash (--kill-others-on-fail), which makes it exit non-zero.
	local rc=0
	wait "$RUNNER_PID" || rc=$?
	if [ "$STOPPING" -eq 0 ] && [ "$rc" -ne 0 ] && [ "$rc" -le 128 ]; then
		RUNNER_PID=""
		die "a service stopped on its own (runner exit $rc); see the logs under ${LOG_DIR#"$ROOT"/}"
	fi
}

cmd_status() {
	local name pid state
	if dev_running; then
		echo "make dev: running (pid $(cat "$RUN_DIR/dev.pid"))"
	else
		echo "make dev: not running"
	fi
	printf '%-10s %-22s %s\n' SERVICE STATE ENDPOINT
	for name in "${SERVICES[@]}"; do
		pid=$(pgrep -f -x -- "$DEV_BIN/${SERVICE_CMD[$name]}" | head -n1 || true)
		if [ -n "$pid" ]; then state="running (pid $pid)"; else state=stopped; fi
		case $name in
		todo-api) printf '%-10s %-22s %s\n' "$name" "$state" "http://127.0.0.1:$TODO_API_PORT/ (reference: /docs)" ;;
		*) printf '%-10s %-22s %s\n' "$name" "$state" "log: ${LOG_DIR#"$ROOT"/}/$name.log" ;;
		esac
	done
	echo
	make_root deps/status
	if [ -f "$LOCAL/cloud.env" ]; then
		echo
		echo "Local cloud resources (.local/cloud.env):"
		sed 's/^/  /' "$LOCAL/cloud.env"
	fi
}

cmd_reset() {
	if dev_running; then
		die "make dev runs (pid $(cat "$RUN_DIR/dev.pid")); stop it with Ctrl-C first"
	fi
	make_root deps/clean
	rm -rf "$DEV_BIN" "$LOCAL/cloud.env" "$LOCAL/dev.env" "$LOCAL/fixtures.out" "$LOG_DIR" "$RUN_DIR"
	say "local state wiped (database, logs, binaries); installed node packages are kept"
}

case ${1:-} in
run) cmd_run ;;
status) cmd_status ;;
reset) cmd_reset ;;
*) die "usage: $0 run|status|reset" ;;
esac

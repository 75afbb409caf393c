#!/usr/bin/env bash
# deps.sh runs the local platform that `make deps/up`, `deps/down`, `deps/status` and `doctor`
# drive: PostgreSQL from the machine's own binaries plus the local AWS stand-ins (SQS, SES v2,
# DynamoDB, S3). It is called by mk/deps.mk and mk/doctor.mk; run `make help` rather than this.
#
# Usage: deps.sh doctor|doctor-deps|up|down|status|clean
#
# Layout under .local/ (git-ignored):
#   env            the one env file (plain KEY=value) that make, services and tests read
#   run/<name>.pid pid of each background process; run/deps-up.lock serialises up/down
#   logs/<name>.log  output of each background process
#   pg/            PostgreSQL data (pg/data) and socket (pg/sock) directories
#   bin/fakes3     the S3 stand-in, built from tools/cmd/fakes3
#
# Everything is idempotent: `up` on a running platform starts nothing and says so.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LOCAL=${LOCAL:-$ROOT/.local}
RUN_DIR=$LOCAL/run
LOG_DIR=$LOCAL/logs
ENV_FILE=$LOCAL/env

PG_PORT=${PG_PORT:-55432}
SQS_PORT=${SQS_PORT:-9324}
SES_PORT=${SES_PORT:-8005}
DYNAMODB_PORT=${DYNAMODB_PORT:-8006}
S3_PORT=${S3_PORT:-8007}
# How long to wait for each process to answer its health check, in seconds.
DEPS_WAIT_SECONDS=${DEPS_WAIT_SECONDS:-60}

PG_USER=tsumiki
PG_DB=tsumiki
EMULATORS=(sqs ses dynamodb s3)

log() { printf 'deps: %s\n' "$*"; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------------------------
# Prerequisites. `doctor` checks everything the repository needs; `doctor-deps` only what
# `deps/up` needs. Both print the same line for the same missing thing.

PG_BIN=""

# find_pg_bin sets PG_BIN to the directory holding initdb, pg_ctl and postgres: the one on PATH
# first, else the newest /usr/lib/postgresql/<version>/bin.
find_pg_bin() {
	local d
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		d=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
		if [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then PG_BIN=$d; return 0; fi
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then PG_BIN=$d; return 0; fi
	done
	return 1
}

# version_ge A B: true if dotted version A >= B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

PROBLEMS=0
problem() { printf '  MISSING  %-12s %s\n' "$1" "$2"; PROBLEMS=$((PROBLEMS + 1)); }
ok() { printf '  ok       %-12s %s\n' "$1" "$2"; }

check_go() {
	local want have
	want=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$ROOT/go.work")
	if ! command -v go >/dev/null 2>&1; then
		problem go "Go $want or newer is required: install it from go.dev/dl into /usr/local/go and put /usr/local/go/bin on PATH"
		return
	fi
	have=$(go env GOVERSION | sed 's/^go//')
	if version_ge "$have" "$want"; then ok go "go$have"; else
		problem go "Go $want or newer is required (go.work), found go$have: install a newer Go into /usr/local/go"
	fi
}

check_postgres() {
	if ! find_pg_bin; then
		problem postgresql "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: apt-get install postgresql (Debian), or set DATABASE_URL to a server you run yourself"
		return
	fi
	local v
	v=$("$PG_BIN/postgres" --version | awk '{print $3}')
	if ! version_ge "$v" 15; then
		problem postgresql "PostgreSQL 15 or newer is required, found $v in $PG_BIN: apt-get install postgresql-15"
		return
	fi
	if is_root; then
		if ! id postgres >/dev/null 2>&1; then
			problem postgresql "running as root needs the 'postgres' system user (initdb refuses root): apt-get install postgresql creates it"
			return
		fi
		if ! command -v runuser >/dev/null 2>&1; then
			problem runuser "running as root needs runuser to drop to the postgres user: apt-get install util-linux"
			return
		fi
	fi
	ok postgresql "$v ($PG_BIN)"
}

check_cmd() { # name, install hint, version command...
	local name=$1 hint=$2
	shift 2
	if command -v "$name" >/dev/null 2>&1; then ok "$name" "$("$@" 2>&1 | head -n1)"; else problem "$name" "$hint"; fi
}

check_node() {
	if ! command -v node >/dev/null 2>&1; then
		problem node "Node.js 20 or newer is required for the local AWS stand-ins: apt-get install nodejs npm"
		return
	fi
	local v
	v=$(node --version | sed 's/^v//')
	if version_ge "$v" 20; then ok node "v$v"; else
		problem node "Node.js 20 or newer is required (dynalite 4 needs it), found v$v: install a newer nodejs"
	fi
	check_cmd npm "npm is required to install the pinned emulators (package-lock.json): apt-get install npm" npm --version
}

check_deps_prereqs() {
	if ! external_pg; then check_postgres; else ok postgresql "DATABASE_URL is set: using that server"; fi
	check_cmd psql "psql is required to create the local database: apt-get install postgresql-client" psql --version
	check_cmd pg_isready "pg_isready is required for the PostgreSQL health check: apt-get install postgresql-client" pg_isready --version
	check_node
	check_go
	check_cmd curl "curl is required for the emulators' health checks: apt-get install curl" curl --version
	check_cmd ss "ss is required to tell whether a port is taken: apt-get install iproute2" ss --version
	check_cmd setsid "setsid is required to run the emulators in the background: apt-get install util-linux" setsid --version
	check_cmd flock "flock is required to serialise concurrent deps/up runs: apt-get install util-linux" flock --version
}

cmd_doctor() {
	local scope=$1
	echo "Checking prerequisites ($scope):"
	check_deps_prereqs
	if [ "$scope" = all ]; then
		check_cmd git "git is required: apt-get install git" git --version
		check_cmd make "GNU make is required: apt-get install make" make --version
		if command -v terraform >/dev/null 2>&1; then
			local tv
			tv=$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
			if [ -n "$tv" ] && version_ge "$tv" 1.11; then ok terraform "$tv"; else
				problem terraform "terraform ~> 1.11 is required (found ${tv:-unknown}): install terraform 1.11 into /usr/local/bin"
			fi
		else
			problem terraform "terraform ~> 1.11 is required for tf/* and the fmt check: install terraform 1.11 into /usr/local/bin"
		fi
		if command -v chromium >/dev/null 2>&1; then ok chromium "$(chromium --version 2>/dev/null | head -n1)"; else
			problem chromium "Debian's chromium is required by docs/lint (mermaid diagrams): apt-get install chromium"
		fi
	fi
	if [ "$PROBLEMS" -gt 0 ]; then
		echo "$PROBLEMS prerequisite(s) missing: install them as shown above, then run 'make doctor' again." >&2
		return 1
	fi
	echo "All prerequisites are present."
}

# ---------------------------------------------------------------------------------------------
# Processes.

# port_listener PORT: prints the ss line of whatever listens on PORT (any address), or nothing.
port_listener() { ss -Hltnp "sport = :$1" 2>/dev/null | head -n1; }

# pid_alive PIDFILE EXPECT: true if the pid in PIDFILE runs and its command line contains EXPECT
# (so a pid reused by an unrelated process is never taken for ours).
pid_alive() {
	local pidfile=$1 expect=$2 pid
	[ -s "$pidfile" ] || return 1
	pid=$(head -n1 "$pidfile")
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expect"
}

emulator_port() {
	case $1 in
	sqs) echo "$SQS_PORT" ;; ses) echo "$SES_PORT" ;; dynamodb) echo "$DYNAMODB_PORT" ;; s3) echo "$S3_PORT" ;;
	esac
}

# emulator_cmd NAME: the command line that runs the emulator in the foreground.
emulator_cmd() {
	local port
	port=$(emulator_port "$1")
	case $1 in
	s3) echo "$LOCAL/bin/fakes3 -addr 127.0.0.1:$port" ;;
	*) echo "node $ROOT/tools/localaws/$1.js --host 127.0.0.1 --port $port" ;;
	esac
}

# emulator_healthy NAME: true when the emulator answers its health check.
emulator_healthy() {
	local port
	port=$(emulator_port "$1")
	case $1 in
	sqs)
		curl -fsS -o /dev/null --max-time 2 -X POST -H 'Content-Type: application/x-amz-json-1.0' \
			-H 'X-Amz-Target: AmazonSQS.ListQueues' -d '{}' "http://127.0.0.1:$port/" 2>/dev/null
		;;
	ses) curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/health-check" 2>/dev/null ;;
	dynamodb)
		# dynalite answers an unsigned request with 400 MissingAuthenticationToken: it is up.
		curl -sS --max-time 2 -X POST -H 'Content-Type: application/x-amz-json-1.0' \
			-H 'X-Amz-Target: DynamoDB_20120810.ListTables' -d '{}' "http://127.0.0.1:$port/" 2>/dev/null |
			grep -q MissingAuthenticationToken
		;;
	s3) curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null ;;
	esac
}

# ensure_npm installs the pinned node packages with `npm ci`, unless package-lock.json has not
# changed since the last install (a stamp in node_modules records its checksum).
ensure_npm() {
	local stamp=$ROOT/node_modules/.tsumiki-npm-stamp sum
	sum=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
	log "installing pinned node packages (npm ci)"
	# The mermaid CLI's puppeteer must not download a browser: docs/lint uses Debian's chromium.
	(cd "$ROOT" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >"$LOG_DIR/npm-ci.log" 2>&1) ||
		die "npm ci failed; see $LOG_DIR/npm-ci.log"
	echo "$sum" >"$stamp"
}

# ensure_fakes3 builds tools/cmd/fakes3 into .local/bin when the binary is missing or older
# than its sources or tools/go.sum.
ensure_fakes3() {
	local bin=$LOCAL/bin/fakes3
	if [ -x "$bin" ] && [ -z "$(find "$ROOT/tools/cmd/fakes3" "$ROOT/tools/go.mod" "$ROOT/tools/go.sum" -newer "$bin" -print -quit)" ]; then
		return 0
	fi
	log "building tools/cmd/fakes3"
	mkdir -p "$LOCAL/bin"
	(cd "$ROOT/tools" && go build -o "$bin" ./cmd/fakes3) || die "go build ./cmd/fakes3 in tools/ failed"
}

# start_background NAME CMD...: runs CMD detached (own session, no terminal), output appended to
# logs/NAME.log, pid in run/NAME.pid.
start_background() {
	local name=$1
	shift
	printf '\n=== %s starting %s\n' "$(date -u +%FT%TZ)" "$*" >>"$LOG_DIR/$name.log"
	# 9>&-: the child must not inherit the lock on run/deps.lock, or it would hold it forever.
	setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 9>&- &
	echo $! >"$RUN_DIR/$name.pid"
}

# wait_healthy NAME CHECK_FN PIDFILE EXPECT: polls CHECK_FN until it passes, the process dies, or
# DEPS_WAIT_SECONDS pass; fails with the end of the log otherwise.
wait_healthy() {
	local name=$1 check=$2 pidfile=$3 expect=$4 deadline=$((SECONDS + DEPS_WAIT_SECONDS))
	until "$check" "$name"; do
		if [ -n "$pidfile" ] && ! pid_alive "$pidfile" "$expect"; then
			tail -n 20 "$LOG_DIR/$name.log" >&2 || true
			die "$name exited during start-up; full log: $LOG_DIR/$name.log"
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			tail -n 20 "$LOG_DIR/$name.log" >&2 || true
			die "$name did not become healthy within ${DEPS_WAIT_SECONDS}s; full log: $LOG_DIR/$name.log"
		fi
		sleep 0.1
	done
}

# stop_pid NAME PIDFILE EXPECT: stops the process if it is ours and alive; sets STOPPED=1 then.
STOPPED=0
stop_pid() {
	local name=$1 pidfile=$2 expect=$3 pid i
	STOPPED=0
	if ! pid_alive "$pidfile" "$expect"; then
		rm -f "$pidfile"
		return 0
	fi
	pid=$(head -n1 "$pidfile")
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "$name (pid $pid) did not stop within 10s after SIGTERM; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
	STOPPED=1
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL.

PG_BASE=""

# pg_as_owner CMD...: runs CMD as the cluster's owner: the postgres user when we are root
# (initdb and postgres refuse to run as root), else ourselves.
pg_as_owner() {
	# 9>&-: the server must not inherit the lock on run/deps-up.lock (see start_background).
	# cd /: the postgres user may not be allowed into the current directory.
	if is_root; then (cd / && runuser -u postgres -- "$@" 9>&-); else "$@" 9>&-; fi
}

# choose_pg_base sets PG_BASE: .local/pg normally; when running as root and the postgres user
# cannot reach .local (a checkout under /root, say), or the socket path would be too long for a
# Unix socket, a directory under /tmp named after this checkout instead. The choice is
# remembered in run/pg_base so up, status and down agree.
choose_pg_base() {
	if [ -s "$RUN_DIR/pg_base" ]; then PG_BASE=$(cat "$RUN_DIR/pg_base"); set_pg_log; return; fi
	PG_BASE=$LOCAL/pg
	local too_long=0
	[ $((${#PG_BASE} + 20)) -gt 100 ] && too_long=1
	if [ "$too_long" -eq 1 ] || { is_root && ! runuser -u postgres -- test -x "$LOCAL"; }; then
		PG_BASE=/tmp/tsumiki-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
		log "PostgreSQL data goes to $PG_BASE (the postgres user cannot use $LOCAL/pg here)"
	fi
	echo "$PG_BASE" >"$RUN_DIR/pg_base"
	set_pg_log
}

# set_pg_log sets PG_LOG, the server's log file: logs/postgres.log, or, when the cluster lives
# outside .local, a file beside it that logs/postgres.log links to (the postgres user cannot
# write into .local then).
PG_LOG=""
set_pg_log() {
	if [ "$PG_BASE" = "$LOCAL/pg" ]; then PG_LOG=$LOG_DIR/postgres.log; return; fi
	PG_LOG=$PG_BASE/postgres.log
	mkdir -p "$LOG_DIR"
	ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
}

pg_running() { [ -d "$PG_BASE/data" ] && pg_as_owner "$PG_BIN/pg_ctl" status -D "$PG_BASE/data" >/dev/null 2>&1; }

pg_healthy() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -t 2; }

# pg_up starts the cluster unless it runs; sets PG_STARTED=1 when it started it.
PG_STARTED=0
pg_up() {
	find_pg_bin || die "PostgreSQL binaries not found (run 'make doctor')"
	choose_pg_base
	if pg_running; then
		pg_healthy || die "PostgreSQL in $PG_BASE/data runs but does not answer on 127.0.0.1:$PG_PORT; see $LOG_DIR/postgres.log, or 'make deps/down' and retry"
		return 0
	fi
	local listener
	listener=$(port_listener "$PG_PORT")
	[ -z "$listener" ] || die "port $PG_PORT (postgres) is taken by another process: $listener. Stop it, or choose another port: make deps/up PG_PORT=NNNNN"

	mkdir -p "$PG_BASE"
	if is_root; then chown postgres: "$PG_BASE"; fi
	chmod 0700 "$PG_BASE"
	touch "$PG_LOG"
	if is_root; then chown postgres: "$PG_LOG"; fi
	if [ ! -s "$PG_BASE/data/PG_VERSION" ]; then
		log "initdb $PG_BASE/data"
		pg_as_owner "$PG_BIN/initdb" -D "$PG_BASE/data" -U "$PG_USER" --auth=trust -E UTF8 --no-locale \
			>>"$PG_LOG" 2>&1 || die "initdb failed; see $PG_LOG"
	fi
	pg_as_owner mkdir -p "$PG_BASE/sock"
	# Throwaway data: no fsync. Never use these settings for data you keep.
	pg_as_owner "$PG_BIN/pg_ctl" start -D "$PG_BASE/data" -l "$PG_LOG" -w -t "$DEPS_WAIT_SECONDS" \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_BASE/sock -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		>/dev/null || { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not start; full log: $PG_LOG"; }
	head -n1 "$PG_BASE/data/postmaster.pid" >"$RUN_DIR/postgres.pid"
	wait_healthy postgres pg_healthy "" ""
	if ! psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
		psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "CREATE DATABASE $PG_DB" ||
			die "create database $PG_DB failed"
	fi
	PG_STARTED=1
}

# pg_down stops the cluster if it runs; sets STOPPED=1 when it stopped it.
pg_down() {
	STOPPED=0
	find_pg_bin || return 0
	choose_pg_base
	if pg_running; then
		pg_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_BASE/data" -m fast -w >/dev/null
		STOPPED=1
	fi
	rm -f "$RUN_DIR/postgres.pid"
}

local_database_url() { echo "postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB?sslmode=disable"; }

# external_pg: DATABASE_URL names a server of the developer's own. The local cluster's own URL
# (a shell that sourced .local/env) does not count: that one is still ours to start and stop.
external_pg() { [ -n "${DATABASE_URL:-}" ] && [ "$DATABASE_URL" != "$(local_database_url)" ]; }

database_url() {
	if external_pg; then echo "$DATABASE_URL"; else local_database_url; fi
}

write_env() {
	local tmp=$ENV_FILE.tmp.$$
	cat >"$tmp" <<EOF
DATABASE_URL=$(database_url)
AWS_REGION=ap-northeast-1
AWS_ACCESS_KEY_ID=local
AWS_SECRET_ACCESS_KEY=local
AWS_ENDPOINT_URL_SQS=http://127.0.0.1:$SQS_PORT
AWS_ENDPOINT_URL_SESV2=http://127.0.0.1:$SES_PORT
AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DYNAMODB_PORT
AWS_ENDPOINT_URL_S3=http://127.0.0.1:$S3_PORT
EOF
	mv -f "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------------------------------------
# Commands.

# lock serialises up, down and clean between concurrent make runs in the same checkout. Waiting
# is bounded so a stuck holder shows up as an error instead of a hang.
lock() {
	mkdir -p "$RUN_DIR" "$LOG_DIR"
	exec 9>"$RUN_DIR/deps-up.lock"
	flock -w 300 9 || die "another deps/up or deps/down in this checkout has held $RUN_DIR/deps-up.lock for 5 minutes; see 'make deps/status'"
}

cmd_up() {
	if ! cmd_doctor deps-up >"$LOG_DIR/doctor.log" 2>&1; then
		grep MISSING "$LOG_DIR/doctor.log" >&2 || true
		die "prerequisites missing (the lines above; 'make doctor' shows the same)"
	fi
	local started=() name expect listener conflicts=()

	# Every port is checked before anything starts, so a conflict leaves nothing half up.
	if ! external_pg; then
		find_pg_bin
		choose_pg_base
		if ! pg_running; then
			listener=$(port_listener "$PG_PORT")
			[ -z "$listener" ] || conflicts+=("port $PG_PORT (postgres) is taken by another process: $listener; choose another with PG_PORT=NNNNN")
		fi
	fi
	for name in "${EMULATORS[@]}"; do
		pid_alive "$RUN_DIR/$name.pid" "$(emulator_cmd "$name")" && continue
		listener=$(port_listener "$(emulator_port "$name")")
		[ -z "$listener" ] || conflicts+=("port $(emulator_port "$name") ($name) is taken by another process: $listener; choose another with $(echo "$name" | tr a-z A-Z)_PORT=NNNNN")
	done
	if [ "${#conflicts[@]}" -gt 0 ]; then
		printf 'deps: error: %s\n' "${conflicts[@]}" >&2
		die "stop those processes, or pass other ports (make deps/up PG_PORT=55433 ...); nothing was started"
	fi

	if external_pg; then
		pg_isready -q -d "$DATABASE_URL" -t 5 || die "DATABASE_URL is set but that server does not answer (pg_isready -d \"\$DATABASE_URL\"); unset it to use the local PostgreSQL"
	else
		pg_up
		[ "$PG_STARTED" -eq 0 ] || started+=(postgres)
	fi

	ensure_npm
	ensure_fakes3
	local pending=()
	for name in "${EMULATORS[@]}"; do
		expect=$(emulator_cmd "$name")
		if pid_alive "$RUN_DIR/$name.pid" "$expect"; then
			pending+=("$name")
			continue
		fi
		rm -f "$RUN_DIR/$name.pid"
		listener=$(port_listener "$(emulator_port "$name")")
		[ -z "$listener" ] || die "port $(emulator_port "$name") ($name) is taken by another process: $listener. Stop it, or choose another port: make deps/up $(echo "$name" | tr a-z A-Z)_PORT=NNNNN"
		# shellcheck disable=SC2046 # the command line is split on purpose
		start_background "$name" $(emulator_cmd "$name")
		started+=("$name")
		pending+=("$name")
	done
	for name in "${pending[@]}"; do
		wait_healthy "$name" emulator_healthy "$RUN_DIR/$name.pid" "$(emulator_cmd "$name")"
	done
	write_env
	if [ "${#started[@]}" -eq 0 ]; then
		log "already up, nothing started (env: ${ENV_FILE#"$ROOT"/})"
	else
		log "started ${started[*]}; env written to ${ENV_FILE#"$ROOT"/}"
	fi
}

cmd_down() {
	local stopped=() name
	for name in "${EMULATORS[@]}"; do
		stop_pid "$name" "$RUN_DIR/$name.pid" "$(emulator_cmd "$name")"
		[ "$STOPPED" -eq 0 ] || stopped+=("$name")
	done
	if ! external_pg; then
		pg_down
		[ "$STOPPED" -eq 0 ] || stopped+=(postgres)
	fi
	rm -f "$ENV_FILE"
	if [ "${#stopped[@]}" -eq 0 ]; then log "nothing was running"; else log "stopped ${stopped[*]}"; fi
}

cmd_status() {
	local name state url running=0 total=0
	printf '%-10s %-22s %s\n' COMPONENT STATE ENDPOINT
	if external_pg; then
		if pg_isready -q -d "$DATABASE_URL" -t 2; then state="external, answering"; running=$((running + 1)); else state="external, NOT answering"; fi
		printf '%-10s %-22s %s\n' postgres "$state" "DATABASE_URL from the environment"
	elif find_pg_bin; then
		choose_pg_base
		if pg_running && pg_healthy; then state="running (pid $(cat "$RUN_DIR/postgres.pid" 2>/dev/null || echo '?'))"; running=$((running + 1)); else state=stopped; fi
		printf '%-10s %-22s %s\n' postgres "$state" "$(database_url)"
	else
		printf '%-10s %-22s %s\n' postgres "no binaries" "run 'make doctor'"
	fi
	total=$((total + 1))
	for name in "${EMULATORS[@]}"; do
		total=$((total + 1))
		url="http://127.0.0.1:$(emulator_port "$name")"
		if pid_alive "$RUN_DIR/$name.pid" "$(emulator_cmd "$name")"; then
			if emulator_healthy "$name"; then state="running (pid $(head -n1 "$RUN_DIR/$name.pid"))"; running=$((running + 1)); else state="UNHEALTHY"; fi
		else
			state=stopped
		fi
		printf '%-10s %-22s %s\n' "$name" "$state" "$url"
	done
	echo "$running of $total running; env file: $([ -f "$ENV_FILE" ] && echo "${ENV_FILE#"$ROOT"/}" || echo 'none (make deps/up writes it)')"
}

cmd_clean() {
	cmd_down
	find_pg_bin >/dev/null 2>&1 || true
	[ -s "$RUN_DIR/pg_base" ] && PG_BASE=$(cat "$RUN_DIR/pg_base") || PG_BASE=$LOCAL/pg
	rm -rf "$PG_BASE" "$LOCAL/pg" "$LOG_DIR" "$RUN_DIR"
	log "removed local data (PostgreSQL cluster, logs, pid files)"
}

main() {
	case ${1:-} in
	doctor) cmd_doctor all ;;
	doctor-deps) cmd_doctor deps-up ;;
	up) lock; cmd_up ;;
	down) lock; cmd_down ;;
	status) mkdir -p "$RUN_DIR" "$LOG_DIR"; cmd_status ;;
	clean) lock; cmd_clean ;;
	npm) lock; mkdir -p "$LOG_DIR"; ensure_npm ;;
	*) die "usage: $0 doctor|doctor-deps|up|down|status|clean|npm" ;;
	esac
}

main "$@"

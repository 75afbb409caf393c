#!/usr/bin/env bash
# test.sh runs make targets one after another, goes on after a failure, and prints a summary
# table (step, result, seconds) and a last line "N passed, N failed, N skipped". It exits 1 if
# any step failed. mk/test.mk calls it with the TEST_STEPS.
#
# A step that did not really run says so: when it exits 0 and its output has a line starting
# with "SKIPPED: <why>", it is reported `skipped`, never `ok`, and the why is printed under the
# table. A step that prints SKIPPED: and fails is a failure.
#
# With AFFECTED=1 it asks `affected -steps` (tools/cmd/affected) which of the steps the change
# since BASE (default: the merge base with main) needs: a step it skips is reported `skipped`
# with the why, a step it runs gets the make variables that narrow it (GO_MODULES=...). The
# step list and the summary stay the same, so a pull request's run reads like `make test`.
#
# Usage: [AFFECTED=1] [BASE=REV] test.sh STEP...
set -uo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MAKE=${MAKE:-make}
AFFECTED=${AFFECTED:-}
BASE=${BASE:-}

if [ "$#" -eq 0 ]; then
	echo "test.sh: no steps to run" >&2
	exit 2
fi
case "$AFFECTED" in
'' | 0 | 1) ;;
*)
	echo "error: unknown AFFECTED '$AFFECTED'; one of: 1 (only the steps the change affects), 0 or empty (every step)" >&2
	exit 2
	;;
esac

# plan_verdict[step] is run or skip; plan_detail[step] the tab-separated make variables of a
# step that runs, or the why of one that is skipped.
declare -A plan_verdict plan_detail
if [ "$AFFECTED" = 1 ]; then
	printf '\n\033[1m==> affected: the steps this change needs (base: %s)\033[0m\n' "${BASE:-merge base with main}"
	base_args=()
	[ -z "$BASE" ] || base_args=(-base "$BASE")
	# AFFECTED_CMD stands in for the affected command in mk/test.sh's own tests.
	# shellcheck disable=SC2086
	if ! plan=$(cd "$ROOT" && ${AFFECTED_CMD:-go run ./tools/cmd/affected} -steps "$*" "${base_args[@]}"); then
		echo "test.sh: affected could not decide the steps (see above)" >&2
		exit 2
	fi
	printf '%s\n' "$plan"
	while IFS=$'\t' read -r step verdict detail; do
		[ -n "$step" ] || continue
		plan_verdict[$step]=$verdict
		plan_detail[$step]=${detail:-}
	done <<<"$plan"
fi


# cpu_ticks sets ticks to the CPU time (user + system, in clock ticks) of this shell's children
# that have ended and been waited for. It sets a variable rather than printing: a command
# substitution would read its own subshell.
ticks_per_second=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() {
	local stat
	read -r stat <"/proc/$BASHPID/stat"
	# shellcheck disable=SC2086 # split the fields after "(comm) "; cutime and cstime are 16, 17.
	set -- ${stat##*) }
	ticks=$((${14} + ${15}))
}

# measured FILE CMD... runs CMD in a subshell of its own and writes the CPU seconds it took,
# every process it started included, to FILE; it exits with CMD's status. The subshell matters:
# this shell's own children include the lane and the background build, whose CPU would land
# on whichever step was running when they ended. Daemons a step leaves running (the local
# platform) are not counted.
measured() {
	local file=$1
	shift
	(
		"$@"
		rc=$?
		cpu_ticks
		echo "$((ticks / ticks_per_second))" >"$file"
		exit "$rc"
	)
}

# TEST_BACKGROUND lists <step>:<file> pairs (mk/test.mk): the files of the steps that run are
# built, niced, in the background before the first step: the pinned tools, whose compile
# (the pinned tools and the linter, minutes on a fresh machine) then overlaps the steps that wait on
# PostgreSQL, terraform and the stand-ins instead of adding to them. A step that needs a tool
# before it is ready waits on the tool's lock (mk/tools.mk). The output goes to a log, shown if
# the build fails. It is unset for the steps: a step's own tests that run test.sh must not
# inherit it.
background=${TEST_BACKGROUND:-}
unset TEST_BACKGROUND
background_pid=
background_log=
background_files=()
for pair in $background; do
	step=${pair%%:*}
	[ "${plan_verdict[$step]:-run}" = run ] || continue
	case " $* " in *" $step "*) background_files+=("${pair#*:}") ;; esac
done
if [ "${#background_files[@]}" -gt 0 ]; then
	background_log=$(mktemp)
	printf '\n\033[1m==> building %s (in the background while the steps run)\033[0m\n' "${background_files[*]#"$ROOT"/}"
	measured "$background_log.cpu" nice -n 10 $MAKE -C "$ROOT" --no-print-directory "${background_files[@]}" >"$background_log" 2>&1 &
	background_pid=$!
	trap 'rm -f "$background_log" "$background_log.cpu"; [ -z "$background_pid" ] || kill "$background_pid" 2>/dev/null' EXIT
fi

# TEST_LANE are steps that run in a second lane, one after another, while the other steps run
# in this one (the terraform steps: they share nothing with go/test and e2e, which spend much of
# their time waiting on PostgreSQL, the stand-ins and make dev). The lane runs them in
# TEST_LANE's order; a lane step's output is kept and printed, whole, after the other steps,
# and the summary keeps the step order.
lane=" ${TEST_LANE:-} "
unset TEST_LANE
work=$(mktemp -d)
trap 'rm -rf "$work" "$background_log" "$background_log.cpu"; [ -z "$background_pid" ] || kill "$background_pid" 2>/dev/null; [ -z "${lane_pid:-}" ] || kill "$lane_pid" 2>/dev/null' EXIT

# run_step I STEP TTY runs one step (with the variables that narrow it under AFFECTED=1) and
# writes "<result>\t<seconds>\t<CPU seconds>\t<why skipped>" to $work/I.result (why last: read
# collapses empty tab-separated fields). Its output goes to $work/I.log, and to the terminal as
# it comes when TTY is 1. A step that exits 0 and prints a line starting "SKIPPED: <why>" is
# reported skipped; one that prints it and fails is a failure.
run_step() {
	local i=$1 step=$2 tty=$3 vars=() t0=$SECONDS out=$work/$1.log rc why result header cpu=0
	if [ "${plan_verdict[$step]:-run}" = skip ]; then
		header=$(printf '\n\033[1m==> make %s: skipped (AFFECTED=1: %s)\033[0m' "$step" "${plan_detail[$step]}")
		if [ "$tty" = 1 ]; then printf '%s\n' "$header"; else printf '%s\n' "$header" >"$out"; fi
		printf 'skipped\t0\t0\tAFFECTED=1: %s\n' "${plan_detail[$step]}" >"$work/$i.result"
		return
	fi
	[ -z "${plan_detail[$step]:-}" ] || IFS=$'\t' read -r -a vars <<<"${plan_detail[$step]}"
	header=$(printf '\n\033[1m==> make %s\033[0m' "$step${vars[*]:+ ${vars[*]}}")
	if [ "$tty" = 1 ]; then
		printf '%s\n' "$header"
		measured "$work/$i.cpu" $MAKE -C "$ROOT" --no-print-directory "$step" "${vars[@]}" 2>&1 | tee "$out"
		rc=${PIPESTATUS[0]}
	else
		{ printf '%s\n' "$header"; measured "$work/$i.cpu" $MAKE -C "$ROOT" --no-print-directory "$step" "${vars[@]}" 2>&1; } >"$out"
		rc=$?
	fi
	why=$(sed -n 's/^SKIPPED: *//p' "$out" | paste -sd ';' - | sed 's/;/; /g')
	if [ "$rc" -ne 0 ]; then
		result=FAIL
	elif [ -n "$why" ]; then
		result=skipped
	else
		result=ok
	fi
	[ ! -s "$work/$i.cpu" ] || read -r cpu <"$work/$i.cpu"
	printf '%s\t%s\t%s\t%s\n' "$result" "$((SECONDS - t0))" "$cpu" "$why" >"$work/$i.result"
}

steps=("$@")
start_all=$SECONDS
cpu_ticks
cpu_all=$ticks
lane_pid=
lane_steps=()
for name in $lane; do
	for i in "${!steps[@]}"; do
		[ "${steps[$i]}" = "$name" ] && lane_steps+=("$i")
	done
done
if [ "${#lane_steps[@]}" -gt 0 ]; then
	lane_names=()
	for i in "${lane_steps[@]}"; do lane_names+=("${steps[$i]}"); done
	printf '\n\033[1m==> in a second lane while the other steps run: %s (output after theirs)\033[0m\n' "${lane_names[*]}"
	(for i in "${lane_steps[@]}"; do run_step "$i" "${steps[$i]}" 0; done) </dev/null &
	lane_pid=$!
fi
for i in "${!steps[@]}"; do
	case "$lane" in *" ${steps[$i]} "*) continue ;; esac
	run_step "$i" "${steps[$i]}" 1
done
if [ -n "$lane_pid" ]; then
	wait "$lane_pid"
	lane_pid=
	for i in "${lane_steps[@]}"; do
		cat "$work/$i.log"
	done
fi

declare -a names results secs cpus whys
passed=0
failed=0
skipped=0
for i in "${!steps[@]}"; do
	step=${steps[$i]}
	result=FAIL sec=0 why= cpu=0
	[ ! -f "$work/$i.result" ] || IFS=$'\t' read -r result sec cpu why <"$work/$i.result"
	names+=("$step")
	results+=("$result")
	secs+=("$sec")
	cpus+=("$cpu")
	case "$result" in
	ok) passed=$((passed + 1)) ;;
	skipped)
		skipped=$((skipped + 1))
		whys+=("$step: $why")
		;;
	*) failed=$((failed + 1)) ;;
	esac
done

background_cpu=
if [ -n "$background_pid" ]; then
	wait "$background_pid"
	rc=$?
	background_cpu=0
	[ ! -s "$background_log.cpu" ] || read -r background_cpu <"$background_log.cpu"
	if [ "$rc" -ne 0 ]; then
		echo "test.sh: the background build of ${background_files[*]#"$ROOT"/} failed:" >&2
		cat "$background_log" >&2
		failed=$((failed + 1))
		names+=("tools/background")
		results+=(FAIL)
		secs+=(0)
		cpus+=("$background_cpu")
	fi
	background_pid=
fi

printf '\n\033[1mmake test summary\033[0m\n'
printf '%-24s %-7s %8s %8s\n' STEP RESULT SECONDS CPU-S
for i in "${!names[@]}"; do
	printf '%-24s %-7s %8s %8s\n' "${names[$i]}" "${results[$i]}" "${secs[$i]}" "${cpus[$i]}"
done
cpu_ticks
printf '%-24s %-7s %8s %8s\n' total "" $((SECONDS - start_all)) $(((ticks - cpu_all) / ticks_per_second))
[ -z "$background_cpu" ] || echo "(the background tool builds, niced, took $background_cpu CPU-seconds of the total)"
if [ "$skipped" -gt 0 ]; then
	echo
	echo "skipped (did not run):"
	for why in "${whys[@]}"; do
		echo "  $why"
	done
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

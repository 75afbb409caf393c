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

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# TEST_BACKGROUND is a make target started in the background, niced, before the first step,
# when a step that runs needs it (TEST_BACKGROUND_FOR): `tools`, whose compile (golangci-lint
# and tflint, minutes on a fresh machine) then overlaps the steps that wait on PostgreSQL,
# terraform and the stand-ins instead of adding to them. A step that needs a tool before it is
# ready waits on the tool's lock (mk/tools.mk). Its output goes to a log, shown if it fails.
background_pid=
background_log=
if [ -n "${TEST_BACKGROUND:-}" ]; then
	for step in "$@"; do
		[ "${plan_verdict[$step]:-run}" = run ] || continue
		case " ${TEST_BACKGROUND_FOR:-} " in *" $step "*) ;; *) continue ;; esac
		background_log=$(mktemp)
		printf '\n\033[1m==> make %s (in the background while the steps run)\033[0m\n' "$TEST_BACKGROUND"
		nice -n 10 $MAKE -C "$ROOT" --no-print-directory "$TEST_BACKGROUND" >"$background_log" 2>&1 &
		background_pid=$!
		trap 'rm -f "$log" "$background_log"; [ -z "$background_pid" ] || kill "$background_pid" 2>/dev/null' EXIT
		break
	done
fi

declare -a names results secs whys
passed=0
failed=0
skipped=0
start_all=$SECONDS
for step in "$@"; do
	vars=()
	if [ "${plan_verdict[$step]:-run}" = skip ]; then
		printf '\n\033[1m==> make %s: skipped (AFFECTED=1: %s)\033[0m\n' "$step" "${plan_detail[$step]}"
		names+=("$step")
		results+=(skipped)
		skipped=$((skipped + 1))
		whys+=("$step: AFFECTED=1: ${plan_detail[$step]}")
		secs+=(0)
		continue
	fi
	[ -z "${plan_detail[$step]:-}" ] || IFS=$'\t' read -r -a vars <<<"${plan_detail[$step]}"
	printf '\n\033[1m==> make %s\033[0m\n' "$step${vars[*]:+ ${vars[*]}}"
	t0=$SECONDS
	# The output goes to the terminal as it comes and to $log, where the SKIPPED: lines are read.
	if $MAKE -C "$ROOT" --no-print-directory "$step" "${vars[@]}" 2>&1 | tee "$log"; then
		why=$(sed -n 's/^SKIPPED: *//p' "$log" | paste -sd ';' - | sed 's/;/; /g')
		if [ -n "$why" ]; then
			results+=(skipped)
			skipped=$((skipped + 1))
			whys+=("$step: $why")
		else
			results+=(ok)
			passed=$((passed + 1))
		fi
	else
		results+=(FAIL)
		failed=$((failed + 1))
	fi
	names+=("$step")
	secs+=($((SECONDS - t0)))
done

if [ -n "$background_pid" ]; then
	if ! wait "$background_pid"; then
		echo "test.sh: make $TEST_BACKGROUND (background) failed:" >&2
		cat "$background_log" >&2
		failed=$((failed + 1))
		names+=("$TEST_BACKGROUND")
		results+=(FAIL)
		secs+=(0)
	fi
	background_pid=
fi

printf '\n\033[1mmake test summary\033[0m\n'
printf '%-24s %-7s %8s\n' STEP RESULT SECONDS
for i in "${!names[@]}"; do
	printf '%-24s %-7s %8s\n' "${names[$i]}" "${results[$i]}" "${secs[$i]}"
done
printf '%-24s %-7s %8s\n' total "" $((SECONDS - start_all))
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

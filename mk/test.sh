#!/usr/bin/env bash
# test.sh runs make targets one after another, goes on after a failure, and prints a summary
# table (step, result, seconds) and a last line "N passed, N failed, N skipped". It exits 1 if
# any step failed. mk/test.mk calls it with the TEST_STEPS.
#
# A step that did not really run says so: when it exits 0 and its output has a line starting
# with "SKIPPED: <why>", it is reported `skipped`, never `ok`, and the why is printed under the
# table. A step that prints SKIPPED: and fails is a failure.
#
# Usage: test.sh STEP...
set -uo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MAKE=${MAKE:-make}

if [ "$#" -eq 0 ]; then
	echo "test.sh: no steps to run" >&2
	exit 2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

declare -a names results secs whys
passed=0
failed=0
skipped=0
start_all=$SECONDS
for step in "$@"; do
	printf '\n\033[1m==> make %s\033[0m\n' "$step"
	t0=$SECONDS
	# The output goes to the terminal as it comes and to $log, where the SKIPPED: lines are read.
	if $MAKE -C "$ROOT" --no-print-directory "$step" 2>&1 | tee "$log"; then
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

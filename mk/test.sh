#!/usr/bin/env bash
# test.sh runs make targets one after another, goes on after a failure, and prints a summary
# table (step, result, seconds) and a last line "N passed, N failed". It exits 1 if any step
# failed. mk/test.mk calls it with the TEST_STEPS.
#
# Usage: test.sh STEP...
set -uo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MAKE=${MAKE:-make}

if [ "$#" -eq 0 ]; then
	echo "test.sh: no steps to run" >&2
	exit 2
fi

declare -a names results secs
passed=0
failed=0
start_all=$SECONDS
for step in "$@"; do
	printf '\n\033[1m==> make %s\033[0m\n' "$step"
	t0=$SECONDS
	if $MAKE -C "$ROOT" --no-print-directory "$step"; then
		results+=(ok)
		passed=$((passed + 1))
	else
		results+=(FAIL)
		failed=$((failed + 1))
	fi
	names+=("$step")
	secs+=($((SECONDS - t0)))
done

printf '\n\033[1mmake test summary\033[0m\n'
printf '%-24s %-6s %8s\n' STEP RESULT SECONDS
for i in "${!names[@]}"; do
	printf '%-24s %-6s %8s\n' "${names[$i]}" "${results[$i]}" "${secs[$i]}"
done
printf '%-24s %-6s %8s\n' total "" $((SECONDS - start_all))
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

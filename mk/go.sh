#!/usr/bin/env bash
# go.sh holds the longer recipes of mk/go.mk: go/test and go/lint over every module of go.work.
# Both go on after a failing module and fail at the end, so one run shows every failure.
#
# Usage: go.sh test-check-pkg PKG MODULE... | test PKG MODULE... | lint MODULE...
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# packages prints every package directory of the workspace, relative to ROOT.
packages() {
	local m patterns=()
	for m in $MODULES; do patterns+=("./$m/..."); done
	(cd "$ROOT" && go list -f '{{.Dir}}' "${patterns[@]}" | sed -n "s|^$ROOT/||p" | sort -u)
}

# module_of DIR prints the go.work module holding the directory DIR (relative to ROOT).
module_of() {
	local dir=$1 m best=""
	for m in $MODULES; do
		case "$dir/" in "$m/"*) [ "${#m}" -gt "${#best}" ] && best=$m ;; esac
	done
	echo "$best"
}

# check_pkg PKG fails, listing the valid values, unless PKG names a package directory of the
# workspace (optionally ./-prefixed) or a pattern DIR/... over one.
check_pkg() {
	local pkg=${1#./} all dir
	[ -n "$pkg" ] || return 0
	all=$(packages)
	dir=${pkg%/...}
	if [ "$pkg" != "$dir" ]; then
		if grep -qx -e "$dir" -e "$dir/.*" <<<"$all"; then return 0; fi
	elif grep -qx -e "$dir" <<<"$all"; then
		return 0
	fi
	{
		echo "error: unknown PKG '$1'; one of these package directories (or DIR/... for a tree):"
		sed 's/^/  /' <<<"$all"
	} >&2
	exit 2
}

cmd_test() {
	local pkg=${1#./} m dir rel failed=() flags=(-race -count=1)
	shift
	MODULES="$*"
	[ -z "${SHORT:-}" ] || flags+=(-short)
	# GO_TEST_FLAGS is split on spaces on purpose: it holds several flags.
	# shellcheck disable=SC2206
	[ -z "${GO_TEST_FLAGS:-}" ] || flags+=($GO_TEST_FLAGS)
	if [ -z "${SHORT:-}" ]; then
		[ -f "$LOCAL_ENV" ] || { echo "error: $LOCAL_ENV is missing; run make deps/up" >&2; exit 1; }
		set -a
		# shellcheck disable=SC1090
		. "$LOCAL_ENV"
		set +a
	fi
	if [ -n "$pkg" ]; then
		dir=${pkg%/...}
		m=$(module_of "$dir")
		rel=${pkg#"$m"}
		rel=./${rel#/}
		echo "== go test ${flags[*]} $rel in $m"
		cd "$ROOT/$m"
		go test "${flags[@]}" "$rel"
		return
	fi
	for m in $MODULES; do
		echo "== go test ${flags[*]} ./... in $m"
		(cd "$ROOT/$m" && go test "${flags[@]}" ./...) || failed+=("$m")
	done
	if [ "${#failed[@]}" -gt 0 ]; then
		echo "go/test: FAILED in ${failed[*]}" >&2
		exit 1
	fi
	echo "go/test: every module passed ($*)"
}

cmd_lint() {
	local m failed=() lint unformatted
	# go tool -n builds golangci-lint once (cached by the go command) and prints its path.
	lint=$(cd "$ROOT/tools" && go tool -n golangci-lint) || { echo "error: cannot build golangci-lint from tools/go.mod" >&2; exit 1; }
	for m in "$@"; do
		echo "== lint $m"
		unformatted=$(cd "$ROOT/$m" && gofmt -l .)
		if [ -n "$unformatted" ]; then
			echo "gofmt: these files need formatting (gofmt -w):" >&2
			sed "s|^|  $m/|" <<<"$unformatted" >&2
			failed+=("$m(gofmt)")
		fi
		(cd "$ROOT/$m" && go vet ./...) || failed+=("$m(vet)")
		(cd "$ROOT/$m" && "$lint" run --config "$ROOT/.golangci.yml" ./...) || failed+=("$m(golangci-lint)")
	done
	if [ "${#failed[@]}" -gt 0 ]; then
		echo "go/lint: FAILED: ${failed[*]}" >&2
		exit 1
	fi
	echo "go/lint: every module is clean ($*)"
}

case ${1:-} in
test-check-pkg) MODULES="${*:3}"; check_pkg "${2:-}" ;;
test) shift; cmd_test "$@" ;;
lint) shift; cmd_lint "$@" ;;
*) echo "usage: $0 test-check-pkg PKG MODULE... | test PKG MODULE... | lint MODULE..." >&2; exit 2 ;;
esac

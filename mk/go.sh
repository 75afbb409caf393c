#!/usr/bin/env bash
# go.sh holds the longer recipes of mk/go.mk: go/test, go/lint and go/vuln over every module of
# go.work. Each goes on after a failing module and fails at the end, so one run shows every
# failure.
#
# Usage: go.sh test-check-pkg PKG MODULE... | test PKG MODULE... | lint MODULE... | vuln MODULE...
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
	local m failed=() unformatted
	# GOLANGCI_LINT is the pinned binary's path (mk/tools.mk builds it once per version).
	local lint=${GOLANGCI_LINT:?GOLANGCI_LINT is not set: run make go/lint}
	for m in "$@"; do
		echo "== lint $m"
		unformatted=$(cd "$ROOT/$m" && gofmt -l .)
		if [ -n "$unformatted" ]; then
			echo "gofmt: these files need formatting (gofmt -w):" >&2
			sed "s|^|  $m/|" <<<"$unformatted" >&2
			failed+=("$m(gofmt)")
		fi
		# go vet's analyzers run inside golangci-lint (its govet linter), on the packages it has
		# already loaded; a separate `go vet` would type-check every module a second time.
		# --allow-serial-runners waits for another golangci-lint run (an editor's, a second
		# checkout's) to finish instead of failing with "parallel golangci-lint is running".
		(cd "$ROOT/$m" && "$lint" run --allow-serial-runners --config "$ROOT/.golangci.yml" ./...) || failed+=("$m(golangci-lint)")
	done
	if [ "${#failed[@]}" -gt 0 ]; then
		echo "go/lint: FAILED: ${failed[*]}" >&2
		exit 1
	fi
	echo "go/lint: every module is clean ($*)"
}

# build_vulndb builds the offline vulnerability database at $VULNDB from the OSV files of the
# pinned golang.org/x/vulndb module, with that module's own indexdb command; once per version.
build_vulndb() {
	[ -f "$VULNDB/index/db.json" ] && return 0
	local src tmp
	echo "go/vuln: building the vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION (once; about a minute)"
	src=$(GOWORK=off GOFLAGS=-mod=mod go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$src/data/osv" ] || { echo "error: golang.org/x/vulndb@$VULNDB_VERSION has no data/osv" >&2; exit 1; }
	tmp=$VULNDB.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$(dirname "$VULNDB")"
	(cd "$(dirname "$VULNDB")" && GOWORK=off GOFLAGS=-mod=mod go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$src/data/osv" -out "$tmp") ||
		{ rm -rf "$tmp"; echo "error: indexdb failed" >&2; exit 1; }
	mv "$tmp" "$VULNDB"
}

cmd_vuln() {
	local m failed=() vulncheck
	build_vulndb
	# GOVULNCHECK is the pinned binary's path (mk/tools.mk builds it once per version).
	vulncheck=${GOVULNCHECK:?GOVULNCHECK is not set: run make go/vuln}
	local out rc stdlib_only=()
	for m in "$@"; do
		echo "== govulncheck $m"
		rc=0
		out=$(cd "$ROOT/$m" && "$vulncheck" -db "file://$VULNDB" ./... 2>&1) || rc=$?
		printf '%s\n' "$out"
		[ "$rc" -eq 0 ] && continue
		# Exit 3 = vulnerable code is called. A finding in the standard library ("Found in:
		# net/http@go1.26.8") is fixed by a newer Go toolchain, not a change here; one listed in
		# .govulncheck-accept was reviewed and accepted with its mitigation. Anything else fails.
		if [ "$rc" -ne 3 ]; then
			failed+=("$m")
			continue
		fi
		local blocking
		blocking=$(awk -v accept_file="$ROOT/.govulncheck-accept" -v stdlib_ok="$([ "${VULN_STDLIB:-warn}" = warn ] && echo 1)" '
			BEGIN { while ((getline line < accept_file) > 0) if (line ~ /^GO-/) { split(line, f, " "); ok[f[1]] = 1 } }
			/^Vulnerability #[0-9]+: GO-/ { id = $3 }
			/Found in:/ && id != "" {
				if (ok[id]) next
				if ($3 ~ /@go[0-9]/ && stdlib_ok) { std = 1; next }
				print id
			}
			END { if (std) print "stdlib" > "/dev/stderr" }' <<<"$out" 2>/tmp/govuln-std.$$ | sort -u)
		if [ -n "$blocking" ]; then
			echo "go/vuln: $m: not accepted: $(echo $blocking)" >&2
			failed+=("$m")
		elif [ -s /tmp/govuln-std.$$ ]; then
			stdlib_only+=("$m")
		else
			echo "go/vuln: $m: every finding is accepted in .govulncheck-accept"
		fi
		rm -f /tmp/govuln-std.$$
	done
	if [ "${#stdlib_only[@]}" -gt 0 ]; then
		echo "go/vuln: WARNING: the Go toolchain's standard library ($(go env GOVERSION)) has known vulnerabilities reached from ${stdlib_only[*]};" \
			"upgrade Go to the 'Fixed in' version above (VULN_STDLIB=fail makes this an error, as in the GitHub workflow)" >&2
	fi
	if [ "${#failed[@]}" -gt 0 ]; then
		echo "go/vuln: vulnerabilities in dependencies (or errors) in ${failed[*]}" >&2
		exit 1
	fi
	if [ "${#stdlib_only[@]}" -eq 0 ]; then
		echo "go/vuln: no known vulnerability reaches the code of $* (database golang.org/x/vulndb@$VULNDB_VERSION)"
	else
		echo "go/vuln: no known vulnerability in the dependencies reaches the code (database golang.org/x/vulndb@$VULNDB_VERSION); see the stdlib warning above"
	fi
}

case ${1:-} in
test-check-pkg) MODULES="${*:3}"; check_pkg "${2:-}" ;;
test) shift; cmd_test "$@" ;;
lint) shift; cmd_lint "$@" ;;
vuln) shift; cmd_vuln "$@" ;;
*) echo "usage: $0 test-check-pkg PKG MODULE... | test PKG MODULE... | lint MODULE... | vuln MODULE..." >&2; exit 2 ;;
esac

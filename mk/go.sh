#!/usr/bin/env bash
# go.sh holds the longer recipes of mk/go.mk: go/test and go/lint over every module of go.work,
# go/vuln over every shipped artifact (mk/artifact.sh) and go/vuln-db. Each goes on after a
# failing module or artifact and fails at the end, so one run shows every failure.
#
# Usage: go.sh test-check-pkg PKG MODULE... | test PKG MODULE... | lint MODULE... | vuln-db |
#        vuln [ARTIFACT...]
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

# race_flag MODULE prints -race unless MODULE is in GO_TEST_NORACE (mk/go.mk: modules that do
# not ship).
race_flag() {
	case " ${GO_TEST_NORACE:-} " in *" $1 "*) ;; *) echo -race ;; esac
}

cmd_test() {
	local pkg=${1#./} m dir rel failed=() flags=(-count=1) race
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
		race=$(race_flag "$m")
		echo "== go test $race ${flags[*]} $rel in $m"
		cd "$ROOT/$m"
		go test $race "${flags[@]}" "$rel"
		return
	fi
	for m in $MODULES; do
		race=$(race_flag "$m")
		echo "== go test $race ${flags[*]} ./... in $m"
		(cd "$ROOT/$m" && go test $race "${flags[@]}" ./...) || failed+=("$m")
	done
	for m in ${GO_STANDALONE:-}; do
		echo "== go test ${flags[*]} ./... in $m (outside go.work: GOWORK=off)"
		(cd "$ROOT/$m" && GOWORK=off go test "${flags[@]}" ./...) || failed+=("$m")
	done
	if [ "${#failed[@]}" -gt 0 ]; then
		echo "go/test: FAILED in ${failed[*]}" >&2
		exit 1
	fi
	echo "go/test: every module passed ($* ${GO_STANDALONE:-})"
}

# standalone MODULE is true for a module outside go.work (GO_STANDALONE: tools/lint), which the
# go command must treat on its own (GOWORK=off).
standalone() {
	case " ${GO_STANDALONE:-} " in *" $1 "*) return 0 ;; esac
	return 1
}

cmd_lint() {
	local m failed=() unformatted gowork
	# LINT is the linter's path (mk/tools.mk builds tools/lint into bin/tools/).
	local lint=${LINT:?LINT is not set: run make go/lint}
	[ -x "$lint" ] || { echo "error: LINT '$lint' is not a built linter: run make go/lint" >&2; exit 1; }
	for m in "$@"; do
		echo "== lint $m"
		unformatted=$(cd "$ROOT/$m" && gofmt -l .)
		if [ -n "$unformatted" ]; then
			echo "gofmt: these files need formatting (gofmt -w):" >&2
			sed "s|^|  $m/|" <<<"$unformatted" >&2
			failed+=("$m(gofmt)")
		fi
		gowork=${GOWORK:-}
		! standalone "$m" || gowork=off
		# go vet runs the linter on each package from the export data the build cache already
		# holds, and caches its findings: an unchanged package is not analysed again.
		(cd "$ROOT/$m" && GOWORK=$gowork go vet -vettool="$lint" ./...) || failed+=("$m(lint)")
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
	if [ -f "$VULNDB/index/db.json" ]; then
		echo "go/vuln-db: the database of golang.org/x/vulndb@$VULNDB_VERSION is built (${VULNDB#"$ROOT"/})"
		return 0
	fi
	local src tmp
	echo "go/vuln-db: building the vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION (once per version)"
	src=$(GOWORK=off GOFLAGS=-mod=mod go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$src/data/osv" ] || { echo "error: golang.org/x/vulndb@$VULNDB_VERSION has no data/osv" >&2; exit 1; }
	tmp=$VULNDB.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$(dirname "$VULNDB")"
	(cd "$(dirname "$VULNDB")" && GOWORK=off GOFLAGS=-mod=mod go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$src/data/osv" -out "$tmp") ||
		{ rm -rf "$tmp"; echo "error: indexdb failed" >&2; exit 1; }
	mv "$tmp" "$VULNDB"
	echo "go/vuln-db: built ${VULNDB#"$ROOT"/}"
}

# cmd_vuln [ARTIFACT...] builds each shipped artifact (default: every one mk/artifact.sh lists)
# exactly as it ships, into a scratch directory, and has tools/cmd/vulncheck run govulncheck in
# binary mode on it and judge the findings against .govulncheck-accept.
cmd_vuln() {
	local all names=("$@") n dir scratch failed=() args=() rc=0 vulncheck=${GOVULNCHECK:-}
	all=$(bash "$ROOT/mk/artifact.sh" list | cut -d' ' -f1)
	[ "${#names[@]}" -gt 0 ] || mapfile -t names <<<"$all"
	for n in "${names[@]}"; do
		grep -qx -e "$n" <<<"$all" || { echo "error: unknown artifact '$n' in ARTIFACTS; one of: $(echo $all)" >&2; exit 2; }
	done
	[ -f "$VULNDB/index/db.json" ] || { echo "error: no vulnerability database at $VULNDB; run make go/vuln-db" >&2; exit 1; }
	# GOVULNCHECK is the pinned binary's path (mk/tools.mk builds it once per version).
	[ -x "$vulncheck" ] || { echo "error: GOVULNCHECK '$vulncheck' is not a built govulncheck: run make go/vuln" >&2; exit 1; }
	scratch=$(mktemp -d)
	# Expanded now: scratch is local, gone by the time the EXIT trap runs.
	# shellcheck disable=SC2064
	trap "rm -rf '$scratch'" EXIT
	for n in "${names[@]}"; do
		echo "== build $n: mk/artifact.sh build (GOWORK=off: its own build list, as it ships)"
		dir=$scratch/$n
		if bash "$ROOT/mk/artifact.sh" build "$n" "$dir"; then
			args+=("$n=$(bash "$ROOT/mk/artifact.sh" binary "$n" "$dir")")
		else
			failed+=("$n")
		fi
	done
	if [ "${#args[@]}" -gt 0 ]; then
		echo "== govulncheck -mode binary (database golang.org/x/vulndb@$VULNDB_VERSION)"
		(cd "$ROOT" && go run ./tools/cmd/vulncheck -govulncheck "$vulncheck" -db "$VULNDB" \
			-accept .govulncheck-accept -stdlib "${VULN_STDLIB:-warn}" "${args[@]}") || rc=$?
	fi
	if [ "${#failed[@]}" -gt 0 ]; then
		echo "go/vuln: FAILED: cannot build ${failed[*]} (above); the image or package would not build either" >&2
		exit 1
	fi
	[ "$rc" -eq 0 ] || { echo "go/vuln: FAILED (above)" >&2; exit 1; }
	echo "go/vuln: every shipped artifact is clean or accepted (${names[*]})"
}

case ${1:-} in
test-check-pkg) MODULES="${*:3}"; check_pkg "${2:-}" ;;
test) shift; cmd_test "$@" ;;
lint) shift; cmd_lint "$@" ;;
vuln-db) build_vulndb ;;
vuln) shift; cmd_vuln "$@" ;;
*) echo "usage: $0 test-check-pkg PKG MODULE... | test PKG MODULE... | lint MODULE... | vuln-db | vuln [ARTIFACT...]" >&2; exit 2 ;;
esac

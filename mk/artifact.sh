#!/usr/bin/env bash
# artifact.sh is the one place that says how each shipped artifact's binary is built. The
# Dockerfiles (services/*/Dockerfile), mailer/build, the deploy (tools/deploy) and go/vuln all run
# it, so the binary govulncheck judges is built exactly as the one that ships: from the
# artifact's own module with GOWORK=off (its own build list, never the workspace's), CGO off,
# for linux/arm64 (ECS tasks and the Lambda run on Graviton: modules/ecs-service,
# modules/lambda-function).
#
# Each service (services/<name>/service.yaml) ships one artifact: an image for kind http or
# worker (services/<name>/Dockerfile), a zip for kind lambda; its binary is the main package
# cmd/<command>. The binaries keep their symbol table (no -ldflags='-s -w'): without it
# govulncheck cannot tell which vulnerable functions a binary contains and reports every
# advisory of every module in it. tools/internal/vulncheck's artifact tests fail when a
# Dockerfile, the mailer Makefile or the deploy builds a shipped binary any other way.
#
# Usage:
#   artifact.sh list               the artifacts, one per line: NAME KIND BINARY (KIND: image | lambda)
#   artifact.sh build NAME DIR     build NAME's binary into DIR/<command> (a Lambda's: DIR/bootstrap)
#   artifact.sh binary NAME DIR    print the path build writes NAME's binary to
#   artifact.sh package NAME DIR   build a Lambda's binary and zip it into DIR/NAME.zip
set -euo pipefail

# The repository is where this script is: a ROOT in the environment (make test passes one to
# its steps) may name another checkout, e.g. the one whose make test scaffolds this clone.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "artifact.sh: error: $*" >&2; exit 2; }

# field NAME KEY prints a top-level scalar of services/NAME/service.yaml (the service's one
# definition, tools/internal/svcdef): kind (http | worker | lambda) or command (cmd/<command>).
# artifacts_test checks that this reading agrees with svcdef's.
field() {
	sed -n "s/^$2:[[:space:]]*\([a-z0-9-]*\).*/\1/p" "$ROOT/services/$1/service.yaml"
}

# names prints every service: each ships one artifact.
names() {
	local f
	for f in "$ROOT"/services/*/service.yaml; do
		[ -f "$f" ] && basename "$(dirname "$f")"
	done
}

# kind_of NAME prints the artifact's kind: image (http and worker services run on ECS) or lambda.
kind_of() {
	case $(field "$1" kind) in
	lambda) echo lambda ;;
	http | worker) echo image ;;
	*) die "services/$1/service.yaml: kind '$(field "$1" kind)' is not http, worker or lambda" ;;
	esac
}

# binary_of NAME prints the file name of NAME's binary: the Lambda runtime provided.al2023
# starts a file called bootstrap; an image holds the command's binary.
binary_of() {
	if [ "$(kind_of "$1")" = lambda ]; then echo bootstrap; else field "$1" command; fi
}

# check_name NAME fails, listing the valid names, unless NAME is an artifact.
check_name() {
	if [ -n "${1:-}" ] && [ -f "$ROOT/services/$1/service.yaml" ]; then return 0; fi
	die "unknown artifact '${1:-}'; one of: $(names | paste -sd' ' -)"
}

cmd_build() {
	local name=${1:-} dir=${2:-} tags=() binary command
	check_name "$name"
	[ -n "$dir" ] || die "build $name: the output directory is missing (artifact.sh build NAME DIR)"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	binary=$(binary_of "$name")
	command=$(field "$name" command)
	# lambda.norpc leaves out the RPC client of the retired go1.x runtime.
	[ "$(kind_of "$name")" != lambda ] || tags=(-tags lambda.norpc)
	# GOFLAGS is emptied so a developer's own flags cannot make this binary differ from CI's.
	(cd "$ROOT/services/$name" && GOWORK=off GOFLAGS= CGO_ENABLED=0 GOOS=linux GOARCH=arm64 \
		go build "${tags[@]}" -trimpath -o "$dir/$binary" "./cmd/$command")
}

cmd_package() {
	local name=${1:-} dir=${2:-}
	check_name "$name"
	[ "$(kind_of "$name")" = lambda ] || die "package $name: only Lambdas are zipped; images are built by services/$name/Dockerfile"
	[ -n "$dir" ] || die "package $name: the output directory is missing (artifact.sh package NAME DIR)"
	rm -f "$dir/bootstrap" "$dir/$name.zip"
	cmd_build "$name" "$dir"
	# -X leaves out extra file attributes, so the same binary gives the same zip.
	(cd "$dir" && zip -q -X "$name.zip" bootstrap)
}

case ${1:-} in
list) for n in $(names); do echo "$n $(kind_of "$n") $(binary_of "$n")"; done ;;
build) shift; cmd_build "$@" ;;
binary) check_name "${2:-}"; echo "${3:?artifact.sh binary NAME DIR}/$(binary_of "$2")" ;;
package) shift; cmd_package "$@" ;;
*) die "usage: artifact.sh list | build NAME DIR | binary NAME DIR | package NAME DIR" ;;
esac

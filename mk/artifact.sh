#!/usr/bin/env bash
# artifact.sh is the one place that says how each shipped artifact's binary is built. The
# Dockerfiles (services/*/Dockerfile), mailer/build, tools/deploy/deploy.sh and go/vuln all run
# it, so the binary govulncheck judges is built exactly as the one that ships: from the
# artifact's own module with GOWORK=off (its own build list, never the workspace's), CGO off,
# for linux/arm64 (ECS tasks and the Lambda run on Graviton: modules/ecs-service,
# modules/lambda-function). The binaries keep their symbol table (no -ldflags='-s -w'): without
# it govulncheck cannot tell which vulnerable functions a binary contains and reports every
# advisory of every module in it. tools/internal/vulncheck's artifact tests fail when a
# Dockerfile, the mailer Makefile or deploy.sh builds a shipped binary any other way.
#
# Usage:
#   artifact.sh list               the artifacts, one per line: NAME KIND (image | lambda)
#   artifact.sh build NAME DIR     build NAME's binary into DIR (DIR/NAME, or DIR/bootstrap for a Lambda)
#   artifact.sh binary NAME DIR    print the path build writes NAME's binary to
#   artifact.sh package NAME DIR   build a Lambda's binary and zip it into DIR/NAME.zip
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# ARTIFACTS are the shipped artifacts: the container images (built by services/<name>/Dockerfile)
# and the Lambda packages. Each is the main package cmd/<name> of the module services/<name>.
readonly IMAGES="todo-api todo-batch"
readonly LAMBDAS="mailer"

die() { echo "artifact.sh: error: $*" >&2; exit 2; }

# binary_of NAME prints the file name of NAME's binary: the Lambda runtime provided.al2023
# starts a file called bootstrap.
binary_of() {
	case " $LAMBDAS " in *" $1 "*) echo bootstrap ;; *) echo "$1" ;; esac
}

# check_name NAME fails, listing the valid names, unless NAME is an artifact.
check_name() {
	case " $IMAGES $LAMBDAS " in *" ${1:-} "*) [ -n "${1:-}" ] && return 0 ;; esac
	die "unknown artifact '${1:-}'; one of: $IMAGES $LAMBDAS"
}

cmd_build() {
	local name=${1:-} dir=${2:-} tags=()
	check_name "$name"
	[ -n "$dir" ] || die "build $name: the output directory is missing (artifact.sh build NAME DIR)"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	# lambda.norpc leaves out the RPC client of the retired go1.x runtime.
	case " $LAMBDAS " in *" $name "*) tags=(-tags lambda.norpc) ;; esac
	# GOFLAGS is emptied so a developer's own flags cannot make this binary differ from CI's.
	(cd "$ROOT/services/$name" && GOWORK=off GOFLAGS= CGO_ENABLED=0 GOOS=linux GOARCH=arm64 \
		go build "${tags[@]}" -trimpath -o "$dir/$(binary_of "$name")" "./cmd/$name")
}

cmd_package() {
	local name=${1:-} dir=${2:-}
	check_name "$name"
	case " $LAMBDAS " in *" $name "*) ;; *) die "package $name: only Lambdas are zipped ($LAMBDAS); images are built by services/$name/Dockerfile" ;; esac
	[ -n "$dir" ] || die "package $name: the output directory is missing (artifact.sh package NAME DIR)"
	rm -f "$dir/bootstrap" "$dir/$name.zip"
	cmd_build "$name" "$dir"
	# -X leaves out extra file attributes, so the same binary gives the same zip.
	(cd "$dir" && zip -q -X "$name.zip" bootstrap)
}

case ${1:-} in
list)
	for n in $IMAGES; do echo "$n image"; done
	for n in $LAMBDAS; do echo "$n lambda"; done
	;;
build) shift; cmd_build "$@" ;;
binary) check_name "${2:-}"; echo "${3:?artifact.sh binary NAME DIR}/$(binary_of "$2")" ;;
package) shift; cmd_package "$@" ;;
*) die "usage: artifact.sh list | build NAME DIR | binary NAME DIR | package NAME DIR" ;;
esac

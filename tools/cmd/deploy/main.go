// Command deploy runs one step of a deploy, the whole deploy, or a rollback, of one service to
// one environment (package tools/deploy). `make deploy`, the deploy/<step> targets and
// `make rollback` run it; so does .github/workflows/deploy.yml, through make.
//
//	deploy [-root DIR] STEP SERVICE ENV
//
// STEP is one of check, build, push, migrate, rollout, wait (deploy.Steps), all (every step
// in order, skipping build and push when the revision is published) or rollback. The
// revision is IMAGE_TAG, else the commit's 12-hex-digit hash; prd needs a clean working tree
// for every step that publishes or changes something. AWS_REGION defaults to ap-northeast-1.
//
// Exit status: 0 done, 1 a step failed, 2 bad usage (unknown step, service or environment,
// listed with the valid values).
package main

import (
	"context"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func main() {
	cli.Main("deploy", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stderr, connect)
	})
}

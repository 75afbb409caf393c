// Command affected prints what a change affects, from the diff between a base revision
// (default: the merge base of HEAD with main) and the working tree, uncommitted and untracked
// files included:
//
//	affected [-base REV] [-all] [-format text|json|steps] [-steps "STEP ..."]
//
// The JSON form ({"go_modules": [...], "terraform_stacks": [...], "terraform_modules": [...],
// "docs": bool, "workflows": bool, "make": bool, "e2e": bool, "everything": bool, ...}) is for
// scripts. With -steps (the `make test` step list) it decides each step and, by default, prints
// one line per step, tab-separated, which `make test AFFECTED=1` (mk/test.sh) reads:
//
//	go/test	run	GO_MODULES=services/todo-api services/todo-batch
//	tf/lint	skip	no terraform changed
//
// A running step lists the make variables that narrow it (none: the whole step); a skipped one
// says why. What each step covers is defined once, in tools/internal/affected (Steps).
package main

import (
	"context"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func main() {
	// Every error is exit status 2: affected has no findings, only answers.
	cli.Check("affected", nil, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

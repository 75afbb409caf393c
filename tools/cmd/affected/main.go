// Command affected prints what a change affects, from the diff between a base revision
// (default: the merge base of HEAD with main) and the working tree, uncommitted and untracked
// files included:
//
//	affected [-base REV] [-format text|json]
//
// The JSON form ({"go_modules": [...], "terraform_stacks": [...], "terraform_modules": [...],
// "docs": bool, "workflows": bool, "everything": bool}) feeds the CI matrices.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "affected: %v\n", err)
		os.Exit(2)
	}
}

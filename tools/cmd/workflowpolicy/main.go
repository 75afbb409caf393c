// Command workflowpolicy checks the GitHub workflows against the rules actionlint cannot know
// (tools/internal/workflowpolicy): jobs assume the apply and deploy roles only in their GitHub
// environment, prd runs only from main, deploys wait for main's CI and never run in parallel,
// CI runs make test's steps through make and never re-implements a make target.
//
//	workflowpolicy [DIR]   (default .github/workflows)
//
// It prints one line per finding and exits 1 when there are findings, 2 on errors.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/workflowpolicy"
)

// errFindings means the workflows break a rule (exit status 1).
var errFindings = errors.New("workflow policy violations found")

func main() {
	cli.Check("workflowpolicy", errFindings, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Stdout)
	})
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	dir := ".github/workflows"
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		return fmt.Errorf("usage: workflowpolicy [DIR], got %d arguments", len(args))
	}
	findings, err := workflowpolicy.CheckDir(ctx, dir)
	if err != nil {
		return fmt.Errorf("check %s: %w", dir, err)
	}
	for _, f := range findings {
		if _, err := fmt.Fprintln(stdout, f); err != nil {
			return fmt.Errorf("write findings: %w", err)
		}
	}
	if len(findings) > 0 {
		return fmt.Errorf("%d finding(s): %w", len(findings), errFindings)
	}
	_, err = fmt.Fprintf(stdout, "workflowpolicy: %s: no findings\n", dir)
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

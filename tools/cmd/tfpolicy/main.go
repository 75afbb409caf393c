// Command tfpolicy checks every terraform module and stack of the repository against the
// platform's policy rules (tools/internal/tfpolicy), offline, from the HCL alone.
//
//	tfpolicy [-root DIR] [-rule ID,...] [-list]
//
// It prints one line per finding, "file:line: [rule] message", and exits 1 when there are
// findings, 2 on bad usage or unparsable HCL. A block opts out of one rule with a comment
// "# tfpolicy:allow <rule> -- <reason>" inside it: the documented exception.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfpolicy"
)

// errFindings means the policy found violations (exit status 1).
var errFindings = errors.New("policy violations found")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "tfpolicy: %v\n", err)
	if errors.Is(err, errFindings) {
		os.Exit(1)
	}
	os.Exit(2)
}

func run(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfpolicy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root (holds modules/ and terraform/)")
	rules := fs.String("rule", "", "comma-separated rule IDs to run (default: all)")
	list := fs.Bool("list", false, "list the rules and exit")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	if *list {
		for _, r := range tfpolicy.Rules {
			if _, err := fmt.Fprintf(stdout, "%-26s %s\n", r.ID, r.Description); err != nil {
				return fmt.Errorf("write rules: %w", err)
			}
		}
		return nil
	}
	var only []string
	if *rules != "" {
		known := map[string]bool{}
		for _, r := range tfpolicy.Rules {
			known[r.ID] = true
		}
		for _, id := range strings.Split(*rules, ",") {
			if !known[id] {
				return fmt.Errorf("unknown rule %q (tfpolicy -list shows them)", id)
			}
			only = append(only, id)
		}
	}
	repo, err := tfpolicy.Load(*root)
	if err != nil {
		return fmt.Errorf("load terraform under %s: %w", *root, err)
	}
	if len(repo.Dirs) == 0 {
		return fmt.Errorf("no terraform found under %s/modules or %s/terraform", *root, *root)
	}
	findings := tfpolicy.Check(repo, only...)
	for _, f := range findings {
		if _, err := fmt.Fprintln(stdout, f); err != nil {
			return fmt.Errorf("write findings: %w", err)
		}
	}
	if len(findings) > 0 {
		return fmt.Errorf("%d finding(s): %w", len(findings), errFindings)
	}
	if _, err := fmt.Fprintf(stdout, "tfpolicy: %d directories, %d rules, no findings\n", len(repo.Dirs), len(tfpolicy.Rules)); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

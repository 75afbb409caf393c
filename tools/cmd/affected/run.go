package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/gitrepo"
)

// run computes and prints the affected sets; getenv is unused but keeps the service shape.
func run(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("affected", flag.ContinueOnError)
	fl.SetOutput(stderr)
	base := fl.String("base", "", "revision to compare with (default: merge base of HEAD with main)")
	format := fl.String("format", "text", "output format: text or json")
	all := fl.Bool("all", false, "ignore the diff: everything is affected (scheduled and manual full runs)")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("unknown -format %q; one of: text, json", *format)
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("working directory: %w", err)
	}
	repo, err := gitrepo.Open(ctx, cwd)
	if err != nil {
		return err
	}
	var rev string
	var changed []string
	if !*all {
		rev, err = repo.Base(ctx, *base)
		if err != nil {
			return err
		}
		changed, err = repo.ChangedFiles(ctx, rev)
		if err != nil {
			return err
		}
	}
	ws, err := affected.LoadWorkspace(repo.Dir)
	if err != nil {
		return err
	}
	tf, err := affected.LoadTerraform(repo.Dir)
	if err != nil {
		return err
	}
	r := affected.Compute(ws, tf, changed)
	if *all {
		r = affected.All(ws, tf)
		rev = "(all)"
	}
	if *format == "json" {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
		if _, err := fmt.Fprintln(stdout, string(b)); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
		return nil
	}
	var out strings.Builder
	fmt.Fprintf(&out, "base:              %.12s (%d changed file(s))\n", rev, len(changed))
	fmt.Fprintf(&out, "everything:        %t\n", r.Everything)
	fmt.Fprintf(&out, "go modules:        %s\n", list(r.GoModules))
	fmt.Fprintf(&out, "terraform stacks:  %s\n", list(r.TerraformStacks))
	fmt.Fprintf(&out, "terraform modules: %s\n", list(r.TerraformModules))
	targets := make([]string, len(r.TerraformTargets))
	for i, t := range r.TerraformTargets {
		targets[i] = t.Env + "/" + t.Stack
	}
	fmt.Fprintf(&out, "apply order:       %s\n", list(targets))
	fmt.Fprintf(&out, "docs:              %t\n", r.Docs)
	fmt.Fprintf(&out, "workflows:         %t\n", r.Workflows)
	if _, err := io.WriteString(stdout, out.String()); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, " ")
}

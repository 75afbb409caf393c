package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/destroyguard"
	"github.com/tsumiki-dev/tsumiki/tools/internal/gitrepo"
	"github.com/tsumiki-dev/tsumiki/tools/internal/renameguard"
)

// errBlocked marks a guard that found an unacknowledged destructive change (exit status 1).
var errBlocked = errors.New("blocked")

const usage = `usage:
  tfguard rename [-base REV] [-ack FILE] [-dirs terraform,modules]
  tfguard destroy -plan PLAN.json [-allow ADDR,...]
  tfguard allowed -stack terraform/ENV/STACK [-ack FILE]`

// run dispatches the subcommand; getenv is unused today but keeps the service shape.
func run(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("missing subcommand\n%s", usage)
	}
	switch args[0] {
	case "rename":
		return runRename(ctx, args[1:], stdout, stderr)
	case "destroy":
		return runDestroy(args[1:], stdout, stderr)
	case "allowed":
		return runAllowed(ctx, args[1:], stdout, stderr)
	default:
		return fmt.Errorf("unknown subcommand %q\n%s", args[0], usage)
	}
}

func runRename(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("rename", flag.ContinueOnError)
	fl.SetOutput(stderr)
	base := fl.String("base", "", "revision to compare with (default: merge base of HEAD with main)")
	ackPath := fl.String("ack", "tfguard.ack", "acknowledgement file, relative to the repository root")
	dirs := fl.String("dirs", "terraform,modules", "comma-separated directories holding terraform, relative to the repository root")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("rename: unexpected arguments %q", fl.Args())
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("rename: working directory: %w", err)
	}
	repo, err := gitrepo.Open(ctx, cwd)
	if err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	rev, err := repo.Base(ctx, *base)
	if err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	subs := strings.Split(*dirs, ",")
	tmp, err := os.MkdirTemp("", "tfguard-base-")
	if err != nil {
		return fmt.Errorf("rename: temp dir: %w", err)
	}
	defer func() { _ = os.RemoveAll(tmp) }() // only a temp copy of the base
	if err := repo.Export(ctx, rev, tmp, subs...); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	findings, err := renameguard.Check(tmp, repo.Dir, subs...)
	if err != nil {
		return fmt.Errorf("rename: against %.12s: %w", rev, err)
	}
	acks, err := readAcks(filepath.Join(repo.Dir, *ackPath))
	if err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	open := renameguard.Acknowledge(findings, acks)
	if err := renameguard.Write(stdout, findings); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	var b strings.Builder
	for _, a := range acks {
		if !a.Used {
			fmt.Fprintf(&b, "warning: %s line %d (%s %s) matches no finding; remove it once its change is merged\n", *ackPath, a.Line, a.Dir, a.Address)
		}
	}
	fmt.Fprintf(&b, "rename guard: %s compared with %.12s, %d finding(s), %d unacknowledged\n",
		strings.Join(subs, ", "), rev, len(findings), len(open))
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		return fmt.Errorf("rename: write: %w", err)
	}
	if len(open) > 0 {
		return fmt.Errorf("rename guard: %d unacknowledged destructive change(s); add the blocks shown or acknowledge them in %s: %w", len(open), *ackPath, errBlocked)
	}
	return nil
}

func readAcks(p string) ([]*renameguard.Ack, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open acknowledgement file: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only
	acks, err := renameguard.ParseAcks(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return acks, nil
}

func runDestroy(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("destroy", flag.ContinueOnError)
	fl.SetOutput(stderr)
	planPath := fl.String("plan", "", "plan JSON written by terraform show -json PLANFILE (required)")
	allow := fl.String("allow", "", "comma-separated resource addresses whose delete or replacement is intended")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("destroy: %w", err)
	}
	if *planPath == "" {
		return errors.New("destroy: -plan is required (the JSON of terraform show -json PLANFILE)")
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("destroy: unexpected arguments %q", fl.Args())
	}
	f, err := os.Open(*planPath)
	if err != nil {
		return fmt.Errorf("destroy: open plan: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only
	plan, err := destroyguard.Parse(f)
	if err != nil {
		return fmt.Errorf("destroy: %s: %w", *planPath, err)
	}
	report := destroyguard.Check(plan, strings.Split(*allow, ","))
	if err := report.Write(stdout); err != nil {
		return fmt.Errorf("destroy: %w", err)
	}
	if b := report.Blocked(); len(b) > 0 {
		return fmt.Errorf("destroy guard: %d unacknowledged delete(s)/replacement(s): %w", len(b), errBlocked)
	}
	return nil
}

func runAllowed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("allowed", flag.ContinueOnError)
	fl.SetOutput(stderr)
	stack := fl.String("stack", "", "stack directory, e.g. terraform/stg/database (required)")
	ackPath := fl.String("ack", "tfguard.ack", "acknowledgement file, relative to the repository root")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("allowed: %w", err)
	}
	if *stack == "" {
		return errors.New("allowed: -stack is required (a stack directory such as terraform/stg/database)")
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("allowed: working directory: %w", err)
	}
	repo, err := gitrepo.Open(ctx, cwd)
	if err != nil {
		return fmt.Errorf("allowed: %w", err)
	}
	acks, err := readAcks(filepath.Join(repo.Dir, *ackPath))
	if err != nil {
		return fmt.Errorf("allowed: %w", err)
	}
	var addrs []string
	for _, a := range acks {
		if a.Dir == path.Clean(*stack) {
			addrs = append(addrs, a.Address)
		}
	}
	if _, err := fmt.Fprintln(stdout, strings.Join(addrs, ",")); err != nil {
		return fmt.Errorf("allowed: write: %w", err)
	}
	return nil
}

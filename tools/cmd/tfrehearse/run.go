package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
	"github.com/tsumiki-dev/tsumiki/tools/internal/rehearse"
)

// expectedList is the expected-failure list, relative to the repository root.
const expectedList = "tools/cmd/tfrehearse/expected-failures.txt"

// store is the rehearsal's view of the simulated accounts: the offline provider's account store
// in the rehearsal's state directory (TSUMIKI_OFFLINE_AWS_STATE_DIR).
type store struct{ dir string }

// HasBucket tells whether the account holds an aws_s3_bucket of that name (its id).
func (s store) HasBucket(accountID, bucket string) (bool, error) {
	var has bool
	err := account.Open(s.dir, accountID).View(func(a *account.Account) error {
		_, err := a.Resource("aws_s3_bucket", bucket)
		switch {
		case err == nil:
			has = true
		case !errors.Is(err, account.ErrNotFound):
			return err
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("look up bucket %s in account %s: %w", bucket, accountID, err)
	}
	return has, nil
}

// AddHostedZone records a hosted zone created by hand.
func (s store) AddHostedZone(accountID, id, name string) error {
	return account.Open(s.dir, accountID).Update(func(a *account.Account) error {
		a.AddHostedZone(id, name)
		return nil
	})
}

// PushImage records an image tag pushed to an ECR repository.
func (s store) PushImage(accountID, repository, tag string) error {
	return account.Open(s.dir, accountID).Update(func(a *account.Account) error {
		a.PushImage(repository, tag)
		return nil
	})
}

// run parses the flags, builds what the rehearsal needs and runs it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfrehearse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository to rehearse (its working tree, uncommitted changes included)")
	work := fs.String("work", ".local/rehearse", "scratch directory, emptied first and kept for inspection (relative to -root)")
	provider := fs.String("provider", "", "offline hashicorp/aws provider binary (default: built from tools/cmd/terraform-provider-aws)")
	verbose := fs.Bool("v", false, "print every command's output")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	start := time.Now()
	rootDir, err := filepath.Abs(*root)
	if err != nil {
		return fmt.Errorf("root: %w", err)
	}
	workDir := *work
	if !filepath.IsAbs(workDir) {
		workDir = filepath.Join(rootDir, workDir)
	}
	listPath := filepath.Join(rootDir, expectedList)
	f, err := os.Open(listPath)
	if err != nil {
		return fmt.Errorf("read the expected failures: %w", err)
	}
	expectations, err := rehearse.ParseExpectations(expectedList, f)
	_ = f.Close() // read-only
	if err != nil {
		return err
	}

	bin, err := os.MkdirTemp("", "tfrehearse-bin-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer func() { _ = os.RemoveAll(bin) }() // built tools only
	if *provider == "" {
		*provider = filepath.Join(bin, "terraform-provider-aws")
		if err := goBuild(ctx, rootDir, "./tools/cmd/terraform-provider-aws", *provider); err != nil {
			return fmt.Errorf("build the offline provider: %w", err)
		}
	} else if *provider, err = filepath.Abs(*provider); err != nil {
		return fmt.Errorf("provider: %w", err)
	}
	policy := filepath.Join(bin, "tfpolicy")
	if err := goBuild(ctx, rootDir, "./tools/cmd/tfpolicy", policy); err != nil {
		return fmt.Errorf("build the policy checker: %w", err)
	}

	fmt.Fprintf(stdout, "tf/rehearse: a fresh account per environment, in %s (logs in %s)\n", rel(rootDir, workDir), rel(rootDir, filepath.Join(workDir, "logs")))
	for _, x := range expectations.All() {
		fmt.Fprintln(stdout, x)
	}
	cfg := rehearse.Config{
		Root:         rootDir,
		Work:         workDir,
		Provider:     *provider,
		Policy:       policy,
		Expectations: expectations,
		Environ:      environ(getenv),
		Out:          stdout,
		Verbose:      *verbose,
	}
	cfg.Account = store{dir: cfg.StateDir()}
	report, runErr := rehearse.Run(ctx, cfg)
	for _, s := range report.Skipped {
		fmt.Fprintf(stdout, "not run: %s\n", s)
	}
	fmt.Fprintf(stdout, "tf/rehearse: %d stacks applied, %d resources, %d checks passed, %d expected failures, %.0fs\n",
		report.StacksApplied, report.Resources, report.Checks, len(report.Expected), time.Since(start).Seconds())
	if runErr != nil {
		if errors.Is(runErr, rehearse.ErrUnexpected) {
			return fmt.Errorf("%w\n(the rehearsal's copy of the repository is in %s)", runErr, rel(rootDir, filepath.Join(workDir, "repo")))
		}
		return runErr
	}
	return nil
}

// environ rebuilds the environment from getenv for the variables a command needs; the
// rehearsal adds its own.
func environ(getenv func(string) string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		env = append(env, name+"="+getenv(name))
	}
	return env
}

func goBuild(ctx context.Context, dir, pkg, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
	}
	return nil
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

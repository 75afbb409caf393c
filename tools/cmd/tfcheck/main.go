// Command tfcheck is the engine of make tf/validate and make tf/test: it runs terraform validate
// or terraform test in each directory it is given, one after another, prints terraform's own
// diagnostics for what fails, and ends with a count of what it checked.
//
//	tfcheck validate [-data-dir DIR] [-init] DIR...
//	tfcheck test     [-data-dir DIR] [-init] DIR...
//
// Directories are classified by path for the count: modules/<m> is a module,
// modules/<m>/examples/<e> an example, anything else a root. Terraform's environment is the
// process's: make sets TF_CLI_CONFIG_FILE to the offline provider's dev_overrides config, or,
// with TF_ACC=1, passes -init so the real provider is installed from the registry.
//
// It exits 1 when a directory is invalid or a test fails, 2 on bad usage or when terraform
// cannot run.
package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

// errChecks means at least one directory was invalid or had a failing test (exit status 1).
var errChecks = errors.New("terraform checks failed")

func main() {
	cli.Check("tfcheck", errChecks, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "validate" && args[0] != "test") {
		return cli.Usagef("usage: tfcheck validate|test [-data-dir DIR] [-init] DIR...")
	}
	fs := flag.NewFlagSet("tfcheck "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "keep each directory's terraform data (TF_DATA_DIR) under this directory instead of <dir>/.terraform")
	init := fs.Bool("init", false, "install with terraform init -backend=false (the real providers, from the registry) instead of terraform get")
	if err := fs.Parse(args[1:]); err != nil {
		return cli.Usagef("parse flags: %w", err)
	}
	dirs := fs.Args()
	if len(dirs) == 0 {
		return cli.Usagef("no directories given")
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return cli.Usagef("%s is not a directory", dir)
		}
	}
	c := checker{terraform: getenv("TERRAFORM"), dataDir: *dataDir, init: *init, stdout: stdout}
	if args[0] == "validate" {
		return c.validate(ctx, dirs)
	}
	return c.test(ctx, dirs)
}

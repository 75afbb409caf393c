package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/deploy"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// usageError is a bad command line (exit status 2), under the name the tests use.
type usageError = cli.UsageError

// run is the whole command: args without the program name.
func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("deploynames", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	database := fs.Bool("database", false, "also the database stack's names (db_instance, bootstrap_role) for make db/bootstrap")
	if err := fs.Parse(args); err != nil {
		return cli.Usagef("%w", err)
	}
	if fs.NArg() != 2 {
		return cli.Usagef("usage: deploynames [-root DIR] [-database] SERVICE ENV")
	}
	service, env := fs.Arg(0), fs.Arg(1)
	services, err := svcdef.Load(*root)
	if err != nil {
		return err
	}
	if !slices.Contains(svcdef.Names(services), service) {
		return cli.Usagef("unknown SERVICE '%s'; one of: %s", service, strings.Join(svcdef.Names(services), " "))
	}
	if !slices.Contains(deploy.Environments, env) {
		return cli.Usagef("unknown ENV '%s'; one of: %s", env, strings.Join(deploy.Environments, " "))
	}
	resolve := deploy.Resolve
	if *database {
		resolve = deploy.ResolveDatabase
	}
	names, err := resolve(*root, service, env)
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, names.Shell())
	if err != nil {
		return fmt.Errorf("write names: %w", err)
	}
	return nil
}

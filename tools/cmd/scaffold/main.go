// Command scaffold writes a new service into the repository, or checks that it can
// (tools/internal/scaffold):
//
//	scaffold new -name NAME -kind http|worker|lambda [-description TEXT] [-owner TEAM]... [-root DIR]
//	scaffold verify [-full] [-make-test-args ARGS] [-keep] [-root DIR] [KIND...]
//
// new is `make new/service`: it prints what it created and edited and what to do next. verify
// is `make new/verify`: it clones the repository (uncommitted changes included) into a scratch
// directory, scaffolds every kind given (default: all) and runs the checks the new files are
// subject to there; -full (SCAFFOLD_FULL=1) runs the whole `make test` in the clone instead.
//
// Exit status: 2 for bad usage or an invalid or existing name, 1 for any other failure.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scaffold"
)

func main() {
	cli.Main("scaffold", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

// owners collects repeated -owner flags.
type owners []string

func (o *owners) String() string { return strings.Join(*o, ",") }

func (o *owners) Set(v string) error {
	*o = append(*o, v)
	return nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return cli.Usagef("usage: scaffold new|verify ... (see tools/cmd/scaffold)")
	}
	var err error
	switch args[0] {
	case "new":
		err = runNew(ctx, args[1:], stdout, stderr)
	case "verify":
		err = runVerify(ctx, args[1:], getenv, stdout, stderr)
	default:
		return cli.Usagef("usage: unknown command %q; one of: new verify", args[0])
	}
	if errors.Is(err, scaffold.ErrInvalid) || errors.Is(err, scaffold.ErrExists) {
		// An invalid or taken name or kind is the caller's to fix, like bad usage (status 2).
		return cli.UsageError{Err: err}
	}
	return err
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scaffold new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := scaffold.Options{}
	var kind string
	var own owners
	fs.StringVar(&opts.Root, "root", ".", "repository root")
	fs.StringVar(&opts.Name, "name", "", "service name")
	fs.StringVar(&kind, "kind", "", "one of: "+strings.Join(scaffold.KindNames(), " "))
	fs.StringVar(&opts.Description, "description", "", "one-line description for service.yaml")
	fs.Var(&own, "owner", "owning GitHub team, e.g. @tsumiki-dev/todo (repeatable)")
	if err := fs.Parse(args); err != nil {
		return cli.Usagef("usage: %w", err)
	}
	if fs.NArg() > 0 {
		return cli.Usagef("usage: unexpected arguments %q", fs.Args())
	}
	if err := scaffold.ValidateName(opts.Name); err != nil {
		return err
	}
	if kind == "" {
		return fmt.Errorf("%w: KIND is required; one of: %s", scaffold.ErrInvalid, strings.Join(scaffold.KindNames(), " "))
	}
	k, err := scaffold.ParseKind(kind)
	if err != nil {
		return err
	}
	opts.Kind, opts.Owners = k, own
	res, err := scaffold.Generate(ctx, opts)
	for _, f := range res.Created {
		fmt.Fprintf(stdout, "created  %s\n", f)
	}
	for _, f := range res.Edited {
		fmt.Fprintf(stdout, "edited   %s\n", f)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s (%s) is scaffolded. Next (README: \"Adding or removing a service\"):\n", opts.Name, k)
	for _, l := range [][2]string{
		{"make " + opts.Name + "/test", "its tests"},
		{"make test", "every check, as CI runs them"},
		{"services/" + opts.Name + "/service.yaml", "owners and description"},
		{"design-docs/" + opts.Name + ".md", "the team's own words in each section"},
		{"terraform/{stg,prd}/env/main.tf", "the stack's settings per environment"},
	} {
		fmt.Fprintf(stdout, "  %-40s %s\n", l[0], l[1])
	}
	return nil
}

func runVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scaffold verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := scaffold.VerifyOptions{Stdout: stdout}
	fs.StringVar(&opts.Root, "root", ".", "repository root")
	fs.BoolVar(&opts.Full, "full", getenv("SCAFFOLD_FULL") == "1", "run the whole make test in the clone (default from SCAFFOLD_FULL=1)")
	fs.BoolVar(&opts.Keep, "keep", false, "keep the scratch clone and print where it is")
	makeArgs := fs.String("make-test-args", "", "extra arguments of the full mode's make test, space-separated (e.g. \"SHORT=1 TEST_SKIP=e2e\")")
	if err := fs.Parse(args); err != nil {
		return cli.Usagef("usage: %w", err)
	}
	opts.MakeTestArgs = strings.Fields(*makeArgs)
	for _, a := range fs.Args() {
		k, err := scaffold.ParseKind(a)
		if err != nil {
			return err
		}
		opts.Kinds = append(opts.Kinds, k)
	}
	return scaffold.Verify(ctx, opts)
}

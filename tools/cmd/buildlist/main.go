// Command buildlist is the engine of make go/buildlist-check and make go/align: it compares,
// for every module of go.work but the skipped ones, the versions its packages and tests are
// built from in the workspace with those of its own build (GOWORK=off, as its image and the
// Lambda zip are built), and aligns them (tools/internal/buildlist says how).
//
//	buildlist check [-root DIR] [-skip DIR,...]
//	buildlist align [-root DIR] [-skip DIR,...] [-rounds N]
//
// check prints one line per difference, naming the module, the dependency and both versions,
// and exits 1 when there is one. align raises each module's requirements to the workspace
// versions (go get, then go mod tidy) until check passes. Both exit 2 on bad usage or when the
// go command fails.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/buildlist"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

// errDiffers means a module's workspace and own builds differ (exit status 1); run has
// printed the differences.
var errDiffers error = cli.ExitError{Code: 1}

func main() {
	cli.Check("buildlist", errDiffers, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	})
}

const usage = "usage: buildlist check|align [-root DIR] [-skip DIR,...] [-rounds N]"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "check" && args[0] != "align") {
		return cli.Usagef(usage)
	}
	fs := flag.NewFlagSet("buildlist "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the workspace root (holds go.work)")
	skip := fs.String("skip", "", "comma-separated module directories of go.work not to compare (tools: it does not ship)")
	rounds := fs.Int("rounds", 5, "align: at most this many rounds of go get and go mod tidy")
	if err := fs.Parse(args[1:]); err != nil {
		return cli.Usagef("parse flags: %w", err)
	}
	if fs.NArg() > 0 {
		return cli.Usagef("unexpected arguments %q; %s", fs.Args(), usage)
	}
	all, err := buildlist.WorkModules(*root)
	if err != nil {
		return err
	}
	var modules []string
	skipped := map[string]bool{}
	for _, s := range strings.Split(*skip, ",") {
		if s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "./"), "/"); s == "" {
			continue
		}
		if !slices.Contains(all, s) {
			return cli.Usagef("-skip %s is not a module of go.work; one of: %s", s, strings.Join(all, " "))
		}
		skipped[s] = true
	}
	for _, m := range all {
		if !skipped[m] {
			modules = append(modules, m)
		}
	}
	r := buildlist.Runner{Root: *root}
	if args[0] == "align" {
		if err := r.Align(ctx, modules, *rounds, stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "go/align: every module builds with the workspace's versions on its own too (%s)\n", strings.Join(modules, " "))
		return nil
	}
	diffs, err := r.Check(ctx, modules)
	if err != nil {
		return err
	}
	if len(diffs) > 0 {
		fmt.Fprint(stderr, buildlist.Report(diffs))
		return errDiffers
	}
	fmt.Fprintf(stdout, "go/buildlist-check: the workspace builds every module with the versions of its own build (%s)\n", strings.Join(modules, " "))
	return nil
}

// Command tfdocs regenerates the inputs and outputs tables of terraform module READMEs from
// their HCL (tools/internal/tfdocs).
//
//	tfdocs [-check] MODULE_DIR...
//
// With -check it changes nothing and exits 1 when a README is out of date, naming it; make
// tf/docs fixes it. Exit status 2 on bad usage or unreadable modules.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfdocs"
)

// errStale means -check found READMEs whose tables are out of date (exit status 1).
var errStale = errors.New("module READMEs are out of date; run make tf/docs")

func main() {
	cli.Check("tfdocs", errStale, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

func run(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfdocs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "report out-of-date READMEs instead of rewriting them")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	if fs.NArg() == 0 {
		return errors.New("name at least one module directory, e.g. tfdocs modules/naming")
	}
	stale := 0
	for _, dir := range fs.Args() {
		changed, err := tfdocs.Update(dir, *check)
		if err != nil {
			return fmt.Errorf("module %s: %w", dir, err)
		}
		msg := ""
		switch {
		case changed && *check:
			stale++
			msg = "inputs/outputs tables are out of date"
		case changed:
			msg = "updated"
		}
		if msg == "" {
			continue
		}
		if _, err := fmt.Fprintf(stdout, "%s/README.md: %s\n", dir, msg); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	if stale > 0 {
		return fmt.Errorf("%d README(s): %w", stale, errStale)
	}
	return nil
}

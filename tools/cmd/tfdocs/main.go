// Command tfdocs regenerates the inputs and outputs tables of terraform module READMEs from
// their HCL (tools/internal/tfdocs) and, with -alerts ROOT, the "## Alerts" table of every
// design doc of a service with an observability.yaml (tools/internal/alerts).
//
//	tfdocs [-check] [-alerts ROOT] MODULE_DIR...
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

	"github.com/tsumiki-dev/tsumiki/tools/internal/alerts"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfdocs"
)

// errStale means -check found READMEs whose tables are out of date (exit status 1).
var errStale = errors.New("module READMEs or design docs' alert tables are out of date; run make tf/docs")

func main() {
	cli.Check("tfdocs", errStale, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

func run(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfdocs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "report out-of-date READMEs instead of rewriting them")
	alertsRoot := fs.String("alerts", "", "repository root: also regenerate the design docs' generated Alerts tables")
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
	if *alertsRoot != "" {
		n, err := updateAlerts(*alertsRoot, *check, stdout)
		if err != nil {
			return err
		}
		stale += n
	}
	if stale > 0 {
		return fmt.Errorf("%d file(s): %w", stale, errStale)
	}
	return nil
}

// updateAlerts regenerates (or checks) the Alerts table of every service's design doc and
// returns how many are out of date when checking.
func updateAlerts(root string, check bool, stdout io.Writer) (int, error) {
	services, err := alerts.Services(root)
	if err != nil {
		return 0, fmt.Errorf("alerts: %w", err)
	}
	stale := 0
	for _, svc := range services {
		changed, err := alerts.Update(root, svc, check)
		if err != nil {
			return 0, fmt.Errorf("alerts of %s: %w", svc, err)
		}
		if !changed {
			continue
		}
		msg := "Alerts table updated"
		if check {
			stale++
			msg = "Alerts table is out of date"
		}
		if _, err := fmt.Fprintf(stdout, "design-docs/%s.md: %s\n", svc, msg); err != nil {
			return 0, fmt.Errorf("write report: %w", err)
		}
	}
	return stale, nil
}

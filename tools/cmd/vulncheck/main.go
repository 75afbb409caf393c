// Command vulncheck runs govulncheck in binary mode on each shipped artifact's binary against
// the offline vulnerability database and judges the findings against .govulncheck-accept
// (package tools/internal/vulncheck). `make go/vuln` builds the artifacts with mk/artifact.sh
// and runs it:
//
//	vulncheck -govulncheck PATH -db DIR [-accept FILE] [-stdlib warn|fail] NAME=BINARY...
//
// It prints one block per artifact and exits 1 when a finding is not accepted, an acceptance
// has expired or is malformed, or a scan fails; 2 on bad arguments.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/vulncheck"
)

func main() {
	cli.Main("vulncheck", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], time.Now(), os.Stdout)
	})
}

// errFailed is returned when the verdict fails; the reasons are already printed.
var errFailed = errors.New("go/vuln failed (above)")

// artifact is one NAME=BINARY argument.
type artifact struct{ name, path string }

func run(ctx context.Context, args []string, now time.Time, stdout io.Writer) error {
	fs := flag.NewFlagSet("vulncheck", flag.ContinueOnError)
	fs.SetOutput(stdout)
	govulncheck := fs.String("govulncheck", "", "`path` of the pinned govulncheck binary (required)")
	db := fs.String("db", "", "`directory` of the offline vulnerability database (required)")
	accept := fs.String("accept", ".govulncheck-accept", "the reviewed acceptances `file`")
	stdlib := fs.String("stdlib", string(vulncheck.StdlibWarn), "standard-library findings: warn or fail")
	today := fs.String("today", "", "judge expiry dates as of this `date` (YYYY-MM-DD; default today, UTC)")
	if err := fs.Parse(args); err != nil {
		return cli.Usagef("parse arguments: %w", err)
	}
	mode, err := vulncheck.ParseStdlibMode(*stdlib)
	if err != nil {
		return cli.UsageError{Err: err}
	}
	if *govulncheck == "" || *db == "" {
		return cli.Usagef("-govulncheck and -db are required")
	}
	if *today != "" {
		if now, err = time.Parse(vulncheck.DateLayout, *today); err != nil {
			return cli.Usagef("-today %q is not a date (YYYY-MM-DD)", *today)
		}
	}
	var artifacts []artifact
	for _, a := range fs.Args() {
		name, path, ok := strings.Cut(a, "=")
		if !ok || name == "" || path == "" {
			return cli.Usagef("argument %q: want NAME=BINARY", a)
		}
		artifacts = append(artifacts, artifact{name, path})
	}
	if len(artifacts) == 0 {
		return cli.Usagef("no artifact to check: give NAME=BINARY arguments")
	}

	f, err := os.Open(*accept)
	if err != nil {
		return fmt.Errorf("open acceptances: %w", err)
	}
	acceptances, err := vulncheck.ParseAcceptances(f, *accept)
	f.Close()
	if err != nil {
		return fmt.Errorf("malformed acceptances (a line is: ID  YYYY-MM-DD  reason):\n%w", err)
	}

	scanner := vulncheck.Scanner{Govulncheck: *govulncheck, DB: *db}
	var reports []vulncheck.Report
	var scanErrs []error
	for _, a := range artifacts {
		rep, err := scanner.Scan(ctx, a.name, a.path)
		if err != nil {
			scanErrs = append(scanErrs, err)
			continue
		}
		reports = append(reports, rep)
	}
	verdict := vulncheck.Policy{Accept: acceptances, Today: now, Stdlib: mode}.Evaluate(reports)
	verdict.Write(stdout)
	if len(scanErrs) > 0 {
		return fmt.Errorf("scan: %w", errors.Join(scanErrs...))
	}
	if verdict.Failed() {
		return errFailed
	}
	return nil
}

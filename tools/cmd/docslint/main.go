// Command docslint checks the design docs (design-docs/*.md) against the checklist of
// design-docs/TEMPLATE.md: a doc per service, every section filled in, mermaid diagrams that
// parse, relative links that resolve. `make docs/lint` runs it; it prints one line per
// problem (file, section, reason) and exits 1 when there is any.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/docslint"
)

func main() {
	cli.Main("docslint", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Stdout)
	})
}

// errFindings is returned when the docs have problems; they are already printed.
var errFindings = fmt.Errorf("the design docs have problems (above)")

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("docslint", flag.ContinueOnError)
	root := fs.String("root", ".", "repository `root` (holds services/ and design-docs/)")
	mmdc := fs.String("mmdc", "", "mermaid CLI `path` (default <root>/node_modules/.bin/mmdc)")
	chromium := fs.String("chromium", "/usr/bin/chromium", "`path` of the Chromium that renders mermaid")
	noMermaid := fs.Bool("no-mermaid", false, "skip parsing the mermaid diagrams")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	l := docslint.Linter{Root: *root}
	if !*noMermaid {
		if *mmdc == "" {
			*mmdc = filepath.Join(*root, "node_modules", ".bin", "mmdc")
		}
		l.Mermaid = docslint.MMDC{Command: *mmdc, Chromium: *chromium}
	}
	findings, err := l.Run(ctx)
	if err != nil {
		return fmt.Errorf("check design docs: %w", err)
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	if len(findings) > 0 {
		return errFindings
	}
	fmt.Fprintln(stdout, "docslint: every design doc is complete")
	return nil
}

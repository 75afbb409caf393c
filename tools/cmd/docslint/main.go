// Command docslint checks the design docs (design-docs/*.md) against the checklist of
// design-docs/TEMPLATE.md: a doc per service, every section filled in, mermaid diagrams that
// parse, relative links that resolve. `make docs/lint` runs it; it prints one line per
// problem (file, section, reason) and exits 1 when there is any.
//
//	docslint [-root DIR] [-mmdc PATH] [-chromium PATH] [-no-mermaid | -mermaid FILE ...]
//
// Parsing the diagrams renders them in a browser, the costly part. By default every doc's
// diagrams are parsed; each -mermaid FILE (repeatable, design-docs/<name>.md relative to the
// root) narrows that to the docs named, while the other checks still cover every doc: `make
// new/verify` names the docs the scaffold wrote. A FILE that is not a design doc is an error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	var only []string
	fs.Func("mermaid", "parse the mermaid diagrams of this design doc `file` only (design-docs/<name>.md; repeatable; default: every doc's)", func(v string) error {
		only = append(only, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *noMermaid && only != nil {
		return errors.New("-no-mermaid and -mermaid contradict each other; give one")
	}
	l := docslint.Linter{Root: *root, MermaidDocs: only}
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
	if only != nil && !*noMermaid {
		fmt.Fprintf(stdout, "docslint: every design doc is complete (diagrams parsed only in %s)\n", strings.Join(only, " "))
		return nil
	}
	fmt.Fprintln(stdout, "docslint: every design doc is complete")
	return nil
}

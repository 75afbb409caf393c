package main

import (
	"context"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfcheck"
)

// devOverridesWarning is the warning terraform prints on every command while dev_overrides are
// in effect: expected offline, so not repeated for every directory.
const devOverridesWarning = "Provider development overrides are in effect"

// checker runs the checks and writes the report.
type checker struct {
	terraform string
	dataDir   string
	init      bool
	stdout    io.Writer
}

func (c checker) runner() tfcheck.Runner {
	return tfcheck.Runner{Terraform: c.terraform, DataDir: c.dataDir, Init: c.init}
}

// kind classifies a directory for the count: module, example or root.
func kind(dir string) string {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/")
	for i, p := range parts {
		if p != "modules" {
			continue
		}
		switch rest := parts[i+1:]; {
		case len(rest) == 1:
			return "module"
		case len(rest) == 3 && rest[1] == "examples":
			return "example"
		}
	}
	return "root"
}

// plural returns "1 module", "2 modules"; words whose plural is not word+"s" are given as
// "directory/directories".
func plural(n int, word string) string {
	one, many, found := strings.Cut(word, "/")
	if !found {
		many = one + "s"
	}
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// printDiagnostics prints the errors in diags as terraform does, then each distinct warning once
// on one line with how often it came (a provider warning repeats for every run of a test file),
// leaving out the dev_overrides warning.
func (c checker) printDiagnostics(diags []tfcheck.Diagnostic) {
	type warning struct {
		first tfcheck.Diagnostic
		count int
	}
	var order []string
	warnings := map[string]*warning{}
	for _, d := range diags {
		if d.IsError() {
			fmt.Fprintf(c.stdout, "\n%s", d.Format())
			continue
		}
		if d.Summary == devOverridesWarning {
			continue
		}
		key := d.Summary + "\x00" + d.Detail
		if w, ok := warnings[key]; ok {
			w.count++
			continue
		}
		warnings[key] = &warning{first: d, count: 1}
		order = append(order, key)
	}
	for _, key := range order {
		w := warnings[key]
		where := ""
		if w.first.Range != nil {
			where = fmt.Sprintf(" (%s:%d)", path.Join(w.first.Dir, w.first.Range.Filename), w.first.Range.Start.Line)
		}
		fmt.Fprintf(c.stdout, "  warning: %s%s, %s\n", w.first.Summary, where, plural(w.count, "time"))
	}
}

func (c checker) validate(ctx context.Context, dirs []string) error {
	counts := map[string]int{}
	var invalid []string
	for _, dir := range dirs {
		res, err := c.runner().Validate(ctx, dir)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "INVALID %s\n%v\n", dir, err)
			invalid = append(invalid, dir)
			continue
		}
		if !res.Valid {
			fmt.Fprintf(c.stdout, "INVALID %s\n", dir)
			c.printDiagnostics(res.Diagnostics)
			fmt.Fprintln(c.stdout)
			invalid = append(invalid, dir)
			continue
		}
		fmt.Fprintf(c.stdout, "valid   %s\n", dir)
		c.printDiagnostics(res.Diagnostics)
		counts[kind(dir)]++
	}
	if len(invalid) > 0 {
		fmt.Fprintf(c.stdout, "tf/validate: %d of %d directories invalid: %s\n", len(invalid), len(dirs), strings.Join(invalid, " "))
		return fmt.Errorf("%s invalid: %w", plural(len(invalid), "directory/directories"), errChecks)
	}
	fmt.Fprintf(c.stdout, "tf/validate: %s, %s, %s valid\n",
		plural(counts["module"], "module"), plural(counts["example"], "example"), plural(counts["root"], "root"))
	return nil
}

func (c checker) test(ctx context.Context, dirs []string) error {
	var files, runs, passed int
	var failed []string
	for _, dir := range dirs {
		res, err := c.runner().Test(ctx, dir)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "FAIL %s\n%v\n", dir, err)
			failed = append(failed, dir)
			continue
		}
		files += len(res.Files)
		runs += len(res.Runs)
		passed += res.Count(tfcheck.StatusPass)
		if !res.Passed() {
			fmt.Fprintf(c.stdout, "FAIL %s: %s of %s passed\n", dir, plural(res.Count(tfcheck.StatusPass), "run"), plural(len(res.Runs), "run"))
			for _, run := range res.Runs {
				if run.Status != tfcheck.StatusPass {
					status := run.Status
					if status == "" {
						status = "not run"
					}
					fmt.Fprintf(c.stdout, "  %s run %q: %s\n", run.File, run.Name, status)
				}
			}
			c.printDiagnostics(res.Diagnostics)
			fmt.Fprintln(c.stdout)
			failed = append(failed, dir)
			continue
		}
		fmt.Fprintf(c.stdout, "pass %s: %s in %s\n", dir, plural(len(res.Runs), "run"), plural(len(res.Files), "file"))
		c.printDiagnostics(res.Diagnostics)
	}
	fmt.Fprintf(c.stdout, "tf/test: %s, %s, %s: %d passed, %d not passed\n",
		plural(len(dirs), "directory/directories"), plural(files, "file"), plural(runs, "run"), passed, runs-passed)
	if len(failed) > 0 {
		fmt.Fprintf(c.stdout, "tf/test: failing: %s\n", strings.Join(failed, " "))
		return fmt.Errorf("tests failed in %s: %w", plural(len(failed), "directory/directories"), errChecks)
	}
	return nil
}

package tfcheck

import (
	"fmt"
	"path"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Diagnostic is one error or warning terraform reported, as it reported it.
type Diagnostic struct {
	tfjson.Diagnostic
	// Dir is the directory terraform ran in; the diagnostic's file names are relative to it.
	Dir string
	// TestFile and TestRun name the test file and run block a `terraform test` diagnostic
	// belongs to; empty otherwise.
	TestFile, TestRun string
}

// IsError reports whether the diagnostic is an error (not a warning).
func (d Diagnostic) IsError() bool { return d.Severity == tfjson.DiagnosticSeverityError }

// Format renders the diagnostic the way terraform prints it: severity and summary, the file
// and line with the source line, then the detail. File names are prefixed with Dir.
func (d Diagnostic) Format() string {
	var b strings.Builder
	severity := "Error"
	if !d.IsError() {
		severity = "Warning"
	}
	fmt.Fprintf(&b, "%s: %s\n", severity, d.Summary)
	if d.TestRun != "" {
		fmt.Fprintf(&b, "\n  in %s, run %q\n", path.Join(d.Dir, d.TestFile), d.TestRun)
	}
	if d.Range != nil {
		in := ""
		if d.Snippet != nil && d.Snippet.Context != nil && *d.Snippet.Context != "" {
			in = ", in " + *d.Snippet.Context
		}
		fmt.Fprintf(&b, "\n  on %s line %d%s:\n", path.Join(d.Dir, d.Range.Filename), d.Range.Start.Line, in)
		if d.Snippet != nil {
			for i, line := range strings.Split(d.Snippet.Code, "\n") {
				fmt.Fprintf(&b, "  %4d: %s\n", d.Snippet.StartLine+i, line)
			}
			for _, v := range d.Snippet.Values {
				fmt.Fprintf(&b, "    │ %s %s\n", v.Traversal, v.Statement)
			}
		}
	}
	if d.Detail != "" {
		fmt.Fprintf(&b, "\n%s\n", d.Detail)
	}
	return b.String()
}

// errorsOf returns the errors among diags.
func errorsOf(diags []Diagnostic) []Diagnostic {
	var errs []Diagnostic
	for _, d := range diags {
		if d.IsError() {
			errs = append(errs, d)
		}
	}
	return errs
}

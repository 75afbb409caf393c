package scaffold

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

// sectionHeading matches a `## ` heading of the design-doc template.
var sectionHeading = regexp.MustCompile(`(?m)^## +(.+?)\s*$`)

// Sections returns the `## ` section titles of a design-doc template, in order.
func Sections(tmpl []byte) []string {
	var out []string
	for _, m := range sectionHeading.FindAllSubmatch(tmpl, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// DesignDoc returns design-docs/<name>.md for d: the sections of design-docs/TEMPLATE.md, read
// now (the template stays the one place that says what a design doc holds), in its order,
// each filled from the named template of the same title in templates/design-doc.tmpl. A
// template section without text here is an error naming it.
func DesignDoc(root string, d data) ([]byte, error) {
	tmpl, err := os.ReadFile(filepath.Join(root, "design-docs", "TEMPLATE.md"))
	if err != nil {
		return nil, fmt.Errorf("read the design-doc template: %w", err)
	}
	src, err := templates.ReadFile("templates/design-doc.tmpl")
	if err != nil {
		return nil, fmt.Errorf("read templates/design-doc.tmpl: %w", err)
	}
	t, err := template.New("design-doc").Funcs(funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("parse templates/design-doc.tmpl: %w", err)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# %s\n", d.Name)
	for _, title := range Sections(tmpl) {
		if t.Lookup(title) == nil {
			return nil, fmt.Errorf("design-docs/TEMPLATE.md has a section %q that tools/internal/scaffold/templates/design-doc.tmpl has no text for; add a {{define %q}}", title, title)
		}
		var body bytes.Buffer
		if err := t.ExecuteTemplate(&body, title, d); err != nil {
			return nil, fmt.Errorf("render design-doc section %q: %w", title, err)
		}
		fmt.Fprintf(&out, "\n## %s\n\n%s\n", title, strings.TrimSpace(body.String()))
	}
	return out.Bytes(), nil
}

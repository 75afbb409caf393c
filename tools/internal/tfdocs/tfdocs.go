// Package tfdocs generates the inputs and outputs tables of a terraform module's README from
// the module's HCL, between the markers <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS -->, so the
// tables are never kept by hand.
package tfdocs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Begin and End delimit the generated part of a README.
const (
	Begin = "<!-- BEGIN_TF_DOCS -->"
	End   = "<!-- END_TF_DOCS -->"
)

// ErrNoMarkers means a README lacks the Begin/End markers.
var ErrNoMarkers = errors.New("README has no " + Begin + " / " + End + " markers")

// Variable is one input of a module.
type Variable struct {
	// Name, Type (source text, "any" when absent) and Description as written.
	Name, Type, Description string
	// Default is the default's source text; empty with Required set when there is none.
	Default string
	// Required is true when the variable has no default.
	Required bool
}

// Output is one output of a module.
type Output struct {
	// Name and Description as written.
	Name, Description string
}

// Module is what the tables show.
type Module struct {
	// Variables and Outputs in alphabetical order.
	Variables []Variable
	Outputs   []Output
}

// Read parses every .tf file of dir (not subdirectories) and returns its inputs and outputs.
func Read(dir string) (*Module, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .tf files in %s", dir)
	}
	parser := hclparse.NewParser()
	m := &Module{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		file, diags := parser.ParseHCL(src, f)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parse %s: %w", f, diags)
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			return nil, fmt.Errorf("parse %s: not native HCL syntax", f)
		}
		for _, b := range body.Blocks {
			switch {
			case b.Type == "variable" && len(b.Labels) == 1:
				v := Variable{Name: b.Labels[0], Type: "any", Description: text(b.Body, "description", src), Required: true}
				if a, ok := b.Body.Attributes["type"]; ok {
					v.Type = source(src, a.Expr)
				}
				if a, ok := b.Body.Attributes["default"]; ok {
					v.Default, v.Required = source(src, a.Expr), false
				}
				m.Variables = append(m.Variables, v)
			case b.Type == "output" && len(b.Labels) == 1:
				m.Outputs = append(m.Outputs, Output{Name: b.Labels[0], Description: text(b.Body, "description", src)})
			}
		}
	}
	sort.Slice(m.Variables, func(i, j int) bool { return m.Variables[i].Name < m.Variables[j].Name })
	sort.Slice(m.Outputs, func(i, j int) bool { return m.Outputs[i].Name < m.Outputs[j].Name })
	return m, nil
}

// text returns a string attribute's value, or its source text when it is not a literal.
func text(body *hclsyntax.Body, name string, src []byte) string {
	a, ok := body.Attributes[name]
	if !ok {
		return ""
	}
	if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "string" {
		return v.AsString()
	}
	return source(src, a.Expr)
}

func source(src []byte, e hclsyntax.Expression) string {
	r := e.Range()
	return strings.TrimSpace(string(src[r.Start.Byte:r.End.Byte]))
}

// cell makes text safe for one markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "\\|")
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + cell(s) + "`"
}

// Markdown renders the tables (without markers).
func (m *Module) Markdown() string {
	var b strings.Builder
	b.WriteString("## Inputs\n\n")
	if len(m.Variables) == 0 {
		b.WriteString("No inputs.\n")
	} else {
		b.WriteString("| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n")
		for _, v := range m.Variables {
			req, def := "no", code(v.Default)
			if v.Required {
				req, def = "yes", "n/a"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", code(v.Name), cell(v.Description), code(v.Type), def, req)
		}
	}
	b.WriteString("\n## Outputs\n\n")
	if len(m.Outputs) == 0 {
		b.WriteString("No outputs.\n")
	} else {
		b.WriteString("| Name | Description |\n|------|-------------|\n")
		for _, o := range m.Outputs {
			fmt.Fprintf(&b, "| %s | %s |\n", code(o.Name), cell(o.Description))
		}
	}
	return b.String()
}

// Render returns readme with the generated part between the markers replaced by m's tables.
func Render(readme []byte, m *Module) ([]byte, error) {
	s := string(readme)
	i, j := strings.Index(s, Begin), strings.Index(s, End)
	if i < 0 || j < i {
		return nil, ErrNoMarkers
	}
	var out bytes.Buffer
	out.WriteString(s[:i+len(Begin)])
	out.WriteString("\n")
	out.WriteString(m.Markdown())
	out.WriteString(s[j:])
	return out.Bytes(), nil
}

// Update regenerates dir/README.md. With check it writes nothing and reports whether the file
// is already up to date. It returns changed = true when the README differs (or was rewritten).
func Update(dir string, check bool) (changed bool, err error) {
	m, err := Read(dir)
	if err != nil {
		return false, err
	}
	path := filepath.Join(dir, "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	rendered, err := Render(readme, m)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(rendered, readme) {
		return false, nil
	}
	if check {
		return true, nil
	}
	if err := os.WriteFile(path, rendered, 0o644); err != nil {
		return true, fmt.Errorf("write %s: %w", path, err)
	}
	return true, nil
}

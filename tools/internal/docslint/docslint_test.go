package docslint_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/docslint"
)

// fakeMermaid rejects every diagram that contains the word BROKEN.
type fakeMermaid struct{}

func (fakeMermaid) Parse(_ context.Context, diagrams []string) ([]error, error) {
	errs := make([]error, len(diagrams))
	for i, d := range diagrams {
		if strings.Contains(d, "BROKEN") {
			errs[i] = errors.New("Parse error on line 2")
		}
	}
	return errs, nil
}

// newRepo lays out a repository with the real design-docs/TEMPLATE.md, the given services and
// the given docs (name -> content), and returns its root.
func newRepo(t *testing.T, services []string, docs map[string]string) string {
	t.Helper()
	root := t.TempDir()
	template, err := os.ReadFile(filepath.Join("..", "..", "..", "design-docs", "TEMPLATE.md"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "design-docs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "design-docs", "TEMPLATE.md"), template, 0o644))
	for _, s := range services {
		require.NoError(t, os.MkdirAll(filepath.Join(root, "services", s, "api"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, "services", s, "api", "openapi.yaml"), []byte("openapi: 3.1.0\n"), 0o644))
	}
	for name, content := range docs {
		require.NoError(t, os.WriteFile(filepath.Join(root, "design-docs", name), []byte(content), 0o644))
	}
	return root
}

func validDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "valid.md"))
	require.NoError(t, err)
	return string(b)
}

// replaceSection replaces the body of the `## title` section of doc with body.
func replaceSection(t *testing.T, doc, title, body string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)(## ` + regexp.QuoteMeta(title) + `\n).*?(\n## |\z)`)
	require.Regexp(t, re, doc, "section %q in the fixture", title)
	return re.ReplaceAllString(doc, "${1}"+strings.ReplaceAll(body, "$", "$$")+"${2}")
}

// removeSection drops the `## title` section of doc, heading and body.
func removeSection(t *testing.T, doc, title string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)## ` + regexp.QuoteMeta(title) + `\n.*?(## |\z)`)
	require.Regexp(t, re, doc, "section %q in the fixture", title)
	return re.ReplaceAllString(doc, "${1}")
}

func TestLinter_Run(t *testing.T) {
	tests := []struct {
		name     string
		services []string
		doc      func(t *testing.T, valid string) string
		want     []string
	}{
		{
			name:     "Valid",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return valid },
			want:     nil,
		},
		{
			name:     "MissingSection",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return removeSection(t, valid, "SLO") },
			want:     []string{`design-docs/demo.md: section "SLO": missing: add a '## SLO' section`},
		},
		{
			name:     "EmptySection",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "Database", "\n<!-- which databases -->\n")
			},
			want: []string{`design-docs/demo.md: section "Database": empty`},
		},
		{
			name:     "PlaceholderTODO",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return replaceSection(t, valid, "Personal data", "\nTODO\n") },
			want:     []string{`design-docs/demo.md: section "Personal data": placeholder "TODO"`},
		},
		{
			name:     "PlaceholderEllipsis",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return replaceSection(t, valid, "Background", "\n...\n") },
			want:     []string{`design-docs/demo.md: section "Background": placeholder "..."`},
		},
		{
			name:     "TBDInsideText",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "SLO", "\nAvailability 99.9%; latency TBD.\n")
			},
			want: []string{`design-docs/demo.md: section "SLO": contains "TBD"`},
		},
		{
			name:     "TemplateHintKept",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "Security considerations", "\n_Authentication, authorisation, secrets, input validation, abuse cases._\n")
			},
			want: []string{`design-docs/demo.md: section "Security considerations": still the template's hint text`},
		},
		{
			name:     "DiagramSectionWithoutMermaid",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "AWS architecture diagram", "\nIt runs on ECS and uses RDS.\n")
			},
			want: []string{"design-docs/demo.md: section \"AWS architecture diagram\": needs a ```mermaid diagram"},
		},
		{
			name:     "BrokenMermaid",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return strings.Replace(valid, "D-->>C: 200 things", "BROKEN", 1)
			},
			want: []string{`design-docs/demo.md: section "Sequence diagram": mermaid block at line 9 does not parse: Parse error on line 2`},
		},
		{
			name:     "BrokenRelativeLink",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return strings.Replace(valid, "../services/demo/api/openapi.yaml", "../services/demo/api/openapi.json", 1)
			},
			want: []string{`design-docs/demo.md: section "Interface": line 39: link to ../services/demo/api/openapi.json#/paths: no such file`},
		},
		{
			name:     "MissingExpectedLoad",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return removeSection(t, valid, "Expected load and growth") },
			want:     []string{`design-docs/demo.md: section "Expected load and growth": missing`},
		},
		{
			name:     "MissingScaling",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return removeSection(t, valid, "Scaling") },
			want:     []string{`design-docs/demo.md: section "Scaling": missing`},
		},
		{
			name:     "CostPlaceholder",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return replaceSection(t, valid, "Cost", "\nTBD\n") },
			want:     []string{`design-docs/demo.md: section "Cost": placeholder "TBD"`},
		},
		{
			name:     "MissingIncidentResponse",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return removeSection(t, valid, "Incident response") },
			want:     []string{`design-docs/demo.md: section "Incident response": missing`},
		},
		{
			name:     "EmptyRunbooks",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return replaceSection(t, valid, "Runbooks", "\n") },
			want:     []string{`design-docs/demo.md: section "Runbooks": empty`},
		},
		{
			name:     "MissingAlerts",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return removeSection(t, valid, "Alerts") },
			want:     []string{`design-docs/demo.md: section "Alerts": missing`},
		},
		{
			name:     "AlertsWithoutMarkers",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "Alerts", "\nprd pages, stg opens tickets.\n\n| alarm |\n|---|\n| demo-availability |\n")
			},
			want: []string{`design-docs/demo.md: section "Alerts": needs the markers <!-- alerts:begin --> and <!-- alerts:end -->`},
		},
		{
			name:     "AlertsEndMarkerMissing",
			services: []string{"demo"},
			doc:      func(t *testing.T, valid string) string { return strings.Replace(valid, "<!-- alerts:end -->\n", "", 1) },
			want:     []string{`design-docs/demo.md: section "Alerts": needs the markers`},
		},
		{
			name:     "AlertsMarkersSwapped",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "Alerts", "\nprd pages.\n\n<!-- alerts:end -->\n<!-- alerts:begin -->\n")
			},
			want: []string{`design-docs/demo.md: section "Alerts": <!-- alerts:end --> comes before <!-- alerts:begin -->`},
		},
		{
			name:     "AlertsMarkerTwice",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				return replaceSection(t, valid, "Alerts", "\nprd pages.\n\n<!-- alerts:begin -->\n<!-- alerts:begin -->\n<!-- alerts:end -->\n")
			},
			want: []string{`design-docs/demo.md: section "Alerts": has <!-- alerts:begin --> twice`},
		},
		{
			name:     "AlertsMarkersInAnotherSection",
			services: []string{"demo"},
			doc: func(t *testing.T, valid string) string {
				v := replaceSection(t, valid, "Alerts", "\nprd pages.\n")
				return replaceSection(t, v, "Incident response", "\nSEV1 pages.\n\n<!-- alerts:begin -->\n<!-- alerts:end -->\n")
			},
			want: []string{`design-docs/demo.md: section "Alerts": needs the markers`},
		},
		{
			name:     "ServiceWithoutDoc",
			services: []string{"demo", "billing"},
			doc:      func(t *testing.T, valid string) string { return valid },
			want:     []string{"design-docs/billing.md: missing: services/billing has no design doc"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newRepo(t, tt.services, map[string]string{"demo.md": tt.doc(t, validDoc(t))})
			findings, err := docslint.Linter{Root: root, Mermaid: fakeMermaid{}}.Run(context.Background())
			require.NoError(t, err)
			got := make([]string, len(findings))
			for i, f := range findings {
				got[i] = f.String()
			}
			require.Len(t, got, len(tt.want), "findings: %q", got)
			for i, w := range tt.want {
				require.Contains(t, got[i], w)
			}
		})
	}
}

// TestLinter_Run_SupportingDoc: a supporting doc needs no checklist sections, but its links
// must resolve.
func TestLinter_Run_SupportingDoc(t *testing.T) {
	root := newRepo(t, []string{"demo"}, map[string]string{
		"demo.md":              validDoc(t),
		"platform-runbooks.md": "# Platform runbooks\n\n## Runbooks\n\n### runbook-pages-topic\n\nSee [demo](demo.md) and [gone](gone.md).\n",
	})
	findings, err := docslint.Linter{Root: root, Mermaid: fakeMermaid{}}.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, findings, 1, "findings: %v", findings)
	require.Equal(t, "design-docs/platform-runbooks.md", findings[0].File)
	require.Contains(t, findings[0].Reason, "link to gone.md: no such file")
}

func TestLinter_Run_TemplateCopiedUnchanged(t *testing.T) {
	template, err := os.ReadFile(filepath.Join("..", "..", "..", "design-docs", "TEMPLATE.md"))
	require.NoError(t, err)
	root := newRepo(t, []string{"demo"}, map[string]string{"demo.md": string(template)})

	findings, err := docslint.Linter{Root: root, Mermaid: fakeMermaid{}}.Run(context.Background())
	require.NoError(t, err)

	// Every checklist section still holds the template's hint, so every one is reported.
	require.Len(t, findings, len(docslint.Sections))
	for i, f := range findings {
		require.Equal(t, "design-docs/demo.md", f.File)
		require.Equal(t, docslint.Sections[i], f.Section)
		require.Contains(t, f.Reason, "still the template's hint text")
	}
}

func TestLinter_Run_NoTemplate(t *testing.T) {
	_, err := docslint.Linter{Root: t.TempDir()}.Run(context.Background())
	require.ErrorContains(t, err, "read the template")
}

// TestLinter_Run_MermaidDocs: MermaidDocs narrows the diagram check to the docs it names; the
// sections and links of the others are still checked.
func TestLinter_Run_MermaidDocs(t *testing.T) {
	broken := strings.Replace(validDoc(t), "D-->>C: 200 things", "BROKEN", 1)
	root := newRepo(t, []string{"demo", "other"}, map[string]string{
		"demo.md":  broken,
		"other.md": removeSection(t, broken, "SLO"),
	})
	run := func(t *testing.T, only []string) []string {
		t.Helper()
		findings, err := docslint.Linter{Root: root, Mermaid: fakeMermaid{}, MermaidDocs: only}.Run(context.Background())
		require.NoError(t, err)
		got := make([]string, len(findings))
		for i, f := range findings {
			got[i] = f.String()
		}
		return got
	}
	const (
		demoDiagram  = `design-docs/demo.md: section "Sequence diagram": mermaid block at line 9 does not parse`
		otherDiagram = `design-docs/other.md: section "Sequence diagram": mermaid block at line 9 does not parse`
		otherSLO     = `design-docs/other.md: section "SLO": missing`
	)

	t.Run("NilParsesEveryDoc", func(t *testing.T) {
		got := run(t, nil)
		require.Len(t, got, 3, "findings: %q", got)
		require.Contains(t, got[0], demoDiagram)
		require.Contains(t, strings.Join(got[1:], "\n"), otherDiagram)
		require.Contains(t, strings.Join(got[1:], "\n"), otherSLO)
	})
	t.Run("NamedDocOnly", func(t *testing.T) {
		got := run(t, []string{"design-docs/demo.md"})
		require.Len(t, got, 2, "findings: %q", got)
		require.Contains(t, got[0], demoDiagram)
		require.Contains(t, got[1], otherSLO, "the other doc's sections are still checked")
	})
	t.Run("OtherDocOnly", func(t *testing.T) {
		got := run(t, []string{"./design-docs/other.md"})
		require.Len(t, got, 2, "findings: %q", got)
		require.Contains(t, strings.Join(got, "\n"), otherDiagram)
		require.NotContains(t, strings.Join(got, "\n"), "design-docs/demo.md")
	})
	t.Run("EmptyParsesNone", func(t *testing.T) {
		got := run(t, []string{})
		require.Equal(t, []string{otherSLO + ": add a '## SLO' section (see design-docs/TEMPLATE.md)"}, got)
	})
}

func TestLinter_Run_MermaidDocsNotADesignDoc(t *testing.T) {
	root := newRepo(t, []string{"demo"}, map[string]string{"demo.md": validDoc(t)})
	for _, name := range []string{"design-docs/TEMPLATE.md", "design-docs/gone.md", "services/demo/api/openapi.yaml", "demo.md"} {
		t.Run(name, func(t *testing.T) {
			_, err := docslint.Linter{Root: root, Mermaid: fakeMermaid{}, MermaidDocs: []string{"design-docs/demo.md", name}}.Run(context.Background())
			require.ErrorIs(t, err, docslint.ErrNotDesignDoc)
			require.ErrorContains(t, err, name)
			require.NotContains(t, err.Error(), "design-docs/demo.md,", "only the bad name is reported")
		})
	}
}

func TestIsDesignDoc(t *testing.T) {
	tests := []struct {
		name string
		rel  string
		want bool
	}{
		{name: "ServiceDoc", rel: "design-docs/todo-api.md", want: true},
		{name: "SupportingDoc", rel: "design-docs/platform-runbooks.md", want: true},
		{name: "Template", rel: "design-docs/TEMPLATE.md"},
		{name: "Readme", rel: "design-docs/README.md"},
		{name: "Nested", rel: "design-docs/old/todo-api.md"},
		{name: "NotMarkdown", rel: "design-docs/diagram.svg"},
		{name: "ElsewhereMarkdown", rel: "services/todo-api/README.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, docslint.IsDesignDoc(tt.rel))
		})
	}
}

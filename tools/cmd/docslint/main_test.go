package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/docslint"
)

// fakeMMDC stands in for the mermaid CLI (docslint.MMDC runs `mmdc -q -p CONFIG -i IN -o
// OUT`): a diagram with the word BROKEN fails to parse, as mmdc reports it; the rest render.
const fakeMMDC = `#!/bin/sh
if grep -q BROKEN "$5"; then echo "Error: Parse error on line 2: BROKEN"; exit 1; fi
: >"$7"
`

// newRepo lays out a repository with the real design-docs/TEMPLATE.md and two services whose
// docs each have a diagram that does not parse, and returns its root and the stand-in mmdc.
func newRepo(t *testing.T) (root, mmdc string) {
	t.Helper()
	root = t.TempDir()
	template, err := os.ReadFile(filepath.Join("..", "..", "..", "design-docs", "TEMPLATE.md"))
	require.NoError(t, err)
	valid, err := os.ReadFile(filepath.Join("..", "..", "internal", "docslint", "testdata", "valid.md"))
	require.NoError(t, err)
	broken := strings.Replace(string(valid), "D-->>C: 200 things", "BROKEN", 1)
	require.NotEqual(t, string(valid), broken, "the fixture's sequence diagram changed")
	files := map[string]string{"design-docs/TEMPLATE.md": string(template)}
	for _, s := range []string{"demo", "other"} {
		files["design-docs/"+s+".md"] = strings.ReplaceAll(broken, "services/demo", "services/"+s)
		files["services/"+s+"/api/openapi.yaml"] = "openapi: 3.1.0\n"
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	mmdc = filepath.Join(t.TempDir(), "mmdc")
	require.NoError(t, os.WriteFile(mmdc, []byte(fakeMMDC), 0o755))
	return root, mmdc
}

func TestRun_Mermaid(t *testing.T) {
	root, mmdc := newRepo(t)
	const (
		demo  = `design-docs/demo.md: section "Sequence diagram": mermaid block at line 9 does not parse: Error: Parse error on line 2`
		other = `design-docs/other.md: section "Sequence diagram": mermaid block at line 9 does not parse`
	)
	tests := []struct {
		name    string
		args    []string
		wantErr error
		want    []string
		notWant []string
	}{
		{name: "EveryDocByDefault", args: nil, wantErr: errFindings, want: []string{demo, other}},
		{name: "OnlyTheNamedDoc", args: []string{"-mermaid", "design-docs/demo.md"}, wantErr: errFindings, want: []string{demo}, notWant: []string{"design-docs/other.md"}},
		{name: "RepeatedFlag", args: []string{"-mermaid", "design-docs/other.md", "-mermaid", "design-docs/demo.md"}, wantErr: errFindings, want: []string{demo, other}},
		{name: "NotADesignDoc", args: []string{"-mermaid", "design-docs/demo.md", "-mermaid", "services/demo/api/openapi.yaml"}, wantErr: docslint.ErrNotDesignDoc, notWant: []string{"does not parse"}},
		{name: "TheTemplateIsNotADoc", args: []string{"-mermaid", "design-docs/TEMPLATE.md"}, wantErr: docslint.ErrNotDesignDoc},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			args := append([]string{"-root", root, "-mmdc", mmdc, "-chromium", mmdc}, tt.args...)

			err := run(context.Background(), args, &stdout)

			require.ErrorIs(t, err, tt.wantErr)
			for _, w := range tt.want {
				require.Contains(t, stdout.String(), w)
			}
			for _, w := range tt.notWant {
				require.NotContains(t, stdout.String(), w)
			}
		})
	}
}

func TestRun_MermaidWithNoMermaid(t *testing.T) {
	root, _ := newRepo(t)
	err := run(context.Background(), []string{"-root", root, "-no-mermaid", "-mermaid", "design-docs/demo.md"}, &bytes.Buffer{})
	require.ErrorContains(t, err, "-no-mermaid and -mermaid contradict each other")
}

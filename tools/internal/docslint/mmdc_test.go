package docslint_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/docslint"
)

// realMMDC returns the repository's pinned mermaid CLI with Debian's chromium. The test needs
// both (`make deps/up` runs npm ci; `make deps/chromium` installs chromium); it is skipped
// under -short and fails, saying what is missing, otherwise.
func realMMDC(t *testing.T) docslint.MMDC {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: runs the mermaid CLI in chromium (skipped under -short)")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	m := docslint.MMDC{Command: filepath.Join(root, "node_modules", ".bin", "mmdc"), Chromium: "/usr/bin/chromium"}
	if _, err := os.Stat(m.Command); err != nil {
		t.Fatalf("mermaid CLI missing at %s: run `make deps/up` (npm ci) first", m.Command)
	}
	if _, err := os.Stat(m.Chromium); err != nil {
		t.Fatalf("chromium missing at %s: run `make deps/chromium` (apt-get install chromium) first", m.Chromium)
	}
	return m
}

func TestMMDC_Parse(t *testing.T) {
	m := realMMDC(t)
	good := "sequenceDiagram\n  participant A\n  A->>A: ping\n"
	broken := "flowchart LR\n  a --> ((( b\n"
	// A semicolon ends a statement in a sequence diagram, so this message is cut in two.
	semicolon := "sequenceDiagram\n  participant A\n  participant P\n  A->>P: BEGIN; INSERT (a, b)\n"

	errs, err := m.Parse(context.Background(), []string{good, broken, semicolon})
	require.NoError(t, err)
	require.Len(t, errs, 3)
	require.NoError(t, errs[0])
	require.ErrorContains(t, errs[1], "Parse error")
	require.ErrorContains(t, errs[2], "Parse error")
}

func TestMMDC_Parse_AllValidInOneRun(t *testing.T) {
	m := realMMDC(t)
	errs, err := m.Parse(context.Background(), []string{
		"flowchart LR\n  a --> b\n",
		"sequenceDiagram\n  participant A\n  A->>A: ping\n",
	})
	require.NoError(t, err)
	require.Equal(t, []error{nil, nil}, errs)
}

func TestMMDC_Parse_MissingCommand(t *testing.T) {
	m := docslint.MMDC{Command: filepath.Join(t.TempDir(), "mmdc"), Chromium: "/usr/bin/chromium"}
	_, err := m.Parse(context.Background(), []string{"flowchart LR\n  a --> b\n"})
	require.Error(t, err)
	require.True(t, strings.Contains(err.Error(), "mermaid CLI") && strings.Contains(err.Error(), "npm ci"), err.Error())
}

package tools_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"
)

// readMod parses the go.mod at path (relative to the repository root, this directory's
// parent).
func readMod(t *testing.T, path string) *modfile.File {
	t.Helper()
	full := filepath.Join("..", filepath.FromSlash(path))
	data, err := os.ReadFile(full)
	require.NoError(t, err)
	f, err := modfile.Parse(full, data, nil)
	require.NoError(t, err)
	return f
}

// TestPins_OneHomeOutsideTheWorkspace keeps the tool pins in one place, tools/pins/go.mod,
// outside go.work: no workspace module has a tool directive (its requirements would raise the
// workspace's versions again), and nothing under mk/ or .github/ installs a pinned tool at a
// version of its own.
func TestPins_OneHomeOutsideTheWorkspace(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "go.work"))
	require.NoError(t, err)
	work, err := modfile.ParseWork("go.work", data, nil)
	require.NoError(t, err)
	for _, u := range work.Use {
		dir := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(u.Path)), "./")
		require.NotEqual(t, "tools/pins", dir, "tools/pins must stay out of go.work")
		require.Empty(t, readMod(t, dir+"/go.mod").Tool, "%s/go.mod has tool directives; pin tools in tools/pins/go.mod", dir)
	}
	pins := readMod(t, "tools/pins/go.mod")
	require.NotEmpty(t, pins.Tool)
	var files []string
	for _, pattern := range []string{"../mk/*", "../.github/workflows/*.yml", "../Makefile"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, tool := range pins.Tool {
			require.NotContains(t, string(b), tool.Path+"@v", "%s installs %s at a version of its own; use its variable from mk/tools.mk", f, tool.Path)
		}
	}
}

// TestPins_ToolsAwkReadsEveryPin checks mk/tools.awk, which make uses to read the pins without
// running the go command, against the go command's own go.mod parser: one VAR|name|package|
// version line per tool directive, the version being the one required of the tool's module.
func TestPins_ToolsAwkReadsEveryPin(t *testing.T) {
	t.Parallel()
	pins := readMod(t, "tools/pins/go.mod")
	var want []string
	for _, tool := range pins.Tool {
		version := ""
		best := ""
		for _, r := range pins.Require {
			if (tool.Path == r.Mod.Path || strings.HasPrefix(tool.Path, r.Mod.Path+"/")) && len(r.Mod.Path) > len(best) {
				best, version = r.Mod.Path, r.Mod.Version
			}
		}
		require.NotEmpty(t, version, "no requirement holds tool %s", tool.Path)
		name := tool.Path[strings.LastIndex(tool.Path, "/")+1:]
		variable := strings.ReplaceAll(strings.ToUpper(name), "-", "_")
		want = append(want, strings.Join([]string{variable, name, tool.Path, version}, "|"))
	}
	cmd := exec.Command("awk", "-f", filepath.Join("..", "mk", "tools.awk"), filepath.Join("..", "tools", "pins", "go.mod"))
	out, err := cmd.Output()
	require.NoError(t, err)

	require.Equal(t, want, strings.Fields(string(out)))
	for _, v := range []string{"ACTIONLINT|", "GOVULNCHECK|"} {
		require.Contains(t, string(out), v, "mk/tools.mk's users expect this variable")
	}
}

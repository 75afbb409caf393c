package buildlist_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/tsumiki-dev/tsumiki/tools/internal/buildlist"
)

// scratch is a workspace of two small modules, a and b, that both import example.com/dep:
// a requires dep v1.0.0, b v1.1.0, so the workspace builds a with v1.1.0 and a on its own
// builds with v1.0.0. dep is served by a file:// GOPROXY in the test's temporary directory,
// with a module cache of its own there: nothing leaves the directory.
type scratch struct {
	t      *testing.T
	root   string
	env    []string
	runner buildlist.Runner
}

func newScratch(t *testing.T) *scratch {
	t.Helper()
	dir := t.TempDir()
	proxy := filepath.Join(dir, "proxy")
	for _, v := range []string{"v1.0.0", "v1.1.0"} {
		publish(t, proxy, "example.com/dep", v, map[string]string{
			"go.mod": "module example.com/dep\n\ngo 1.22\n",
			"dep.go": fmt.Sprintf("// Package dep is a dependency at a version.\npackage dep\n\n// V is its version.\nconst V = %q\n", v),
		})
	}
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "GOFLAGS", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOMODCACHE", "GOWORK", "GOTOOLCHAIN":
		default:
			env = append(env, kv)
		}
	}
	env = append(env,
		"GOPROXY=file://"+filepath.ToSlash(proxy),
		"GOSUMDB=off",
		"GONOSUMDB=*",
		"GOMODCACHE="+filepath.Join(dir, "modcache"),
		// -modcacherw: t.TempDir's cleanup can delete the module cache. -mod=mod is not set:
		// the go command refuses it in workspace mode.
		"GOFLAGS=-modcacherw",
		"GOTOOLCHAIN=local",
	)
	s := &scratch{t: t, root: filepath.Join(dir, "ws"), env: env}
	s.write("go.work", "go 1.26\n\nuse (\n\t./a\n\t./b\n)\n")
	for name, v := range map[string]string{"a": "v1.0.0", "b": "v1.1.0"} {
		s.write(name+"/go.mod", fmt.Sprintf("module example.com/%s\n\ngo 1.26\n\nrequire example.com/dep %s\n", name, v))
		s.write(name+"/"+name+".go", fmt.Sprintf("// Package %s uses dep.\npackage %s\n\nimport \"example.com/dep\"\n\n// V is dep's version.\nconst V = dep.V\n", name, name))
		s.goOwn(name, "mod", "tidy")
	}
	s.runner = buildlist.Runner{Root: s.root, Env: env}
	return s
}

// publish writes module path@version with files into the file:// proxy at dir.
func publish(t *testing.T, dir, path, version string, files map[string]string) {
	t.Helper()
	src := t.TempDir()
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(src, name), []byte(content), 0o644))
	}
	at := filepath.Join(dir, filepath.FromSlash(path), "@v")
	require.NoError(t, os.MkdirAll(at, 0o755))
	var z bytes.Buffer
	require.NoError(t, zip.CreateFromDir(&z, module.Version{Path: path, Version: version}, src))
	require.NoError(t, os.WriteFile(filepath.Join(at, version+".zip"), z.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(at, version+".mod"), []byte(files["go.mod"]), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(at, version+".info"), fmt.Appendf(nil, `{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, version), 0o644))
	list, err := os.OpenFile(filepath.Join(at, "list"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	_, err = fmt.Fprintln(list, version)
	require.NoError(t, err)
	require.NoError(t, list.Close())
}

func (s *scratch) write(name, content string) {
	s.t.Helper()
	p := filepath.Join(s.root, filepath.FromSlash(name))
	require.NoError(s.t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(s.t, os.WriteFile(p, []byte(content), 0o644))
}

func (s *scratch) read(name string) string {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.root, filepath.FromSlash(name)))
	require.NoError(s.t, err)
	return string(b)
}

// goOwn runs the go command in module dir on the module's own (GOWORK=off).
func (s *scratch) goOwn(dir string, args ...string) string {
	s.t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Join(s.root, dir)
	cmd.Env = append(append([]string{}, s.env...), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(s.t, err, "GOWORK=off go %s in %s:\n%s", strings.Join(args, " "), dir, out)
	return string(out)
}

func requireGoTool(t *testing.T) {
	t.Helper()
	_, err := exec.LookPath("go")
	require.NoError(t, err, "the go command must be on PATH")
}

func TestWorkModules(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.work"), []byte("go 1.26\n\nuse (\n\t./services/x\n\tlibs/kit\n)\n\nuse ./tools\n"), 0o644))

	got, err := buildlist.WorkModules(root)

	require.NoError(t, err)
	require.Equal(t, []string{"libs/kit", "services/x", "tools"}, got)
}

func TestWorkModules_Missing(t *testing.T) {
	t.Parallel()

	_, err := buildlist.WorkModules(t.TempDir())

	require.ErrorContains(t, err, "read go.work")
}

func TestRunner_CheckFindsWorkspaceOwnDifference(t *testing.T) {
	t.Parallel()
	requireGoTool(t)
	s := newScratch(t)

	diffs, err := s.runner.Check(context.Background(), []string{"a", "b"})

	require.NoError(t, err)
	require.Equal(t, []buildlist.Difference{{Module: "a", Path: "example.com/dep", Workspace: "v1.1.0", Own: "v1.0.0"}}, diffs)
	report := buildlist.Report(diffs)
	for _, want := range []string{"a: example.com/dep", "v1.1.0 in the workspace", "v1.0.0 in the module's own build", "run make go/align"} {
		require.Contains(t, report, want)
	}
}

func TestRunner_AlignFixesTheDifference(t *testing.T) {
	t.Parallel()
	requireGoTool(t)
	s := newScratch(t)
	var log bytes.Buffer

	err := s.runner.Align(context.Background(), []string{"a", "b"}, 3, &log)

	require.NoError(t, err, "align log:\n%s", log.String())
	diffs, err := s.runner.Check(context.Background(), []string{"a", "b"})
	require.NoError(t, err)
	require.Empty(t, diffs, buildlist.Report(diffs))
	require.Contains(t, s.read("a/go.mod"), "require example.com/dep v1.1.0")
	require.Contains(t, log.String(), "a: GOWORK=off go get example.com/dep@v1.1.0")
	require.NotContains(t, log.String(), "b: ", "b was aligned already")
	s.goOwn("a", "build", "./...")
}

func TestRunner_CheckUntidyModuleIsALoadErrorThatAlignFixes(t *testing.T) {
	t.Parallel()
	requireGoTool(t)
	s := newScratch(t)
	require.NoError(t, os.Remove(filepath.Join(s.root, "a", "go.sum")))

	_, err := s.runner.Check(context.Background(), []string{"a"})

	var loadErr *buildlist.LoadError
	require.ErrorAs(t, err, &loadErr)
	require.Equal(t, "a", loadErr.Module)
	require.True(t, loadErr.Own, "the workspace still has b's go.sum; a's own build lacks one")
	require.Contains(t, loadErr.Error(), "missing go.sum entry")
	var log bytes.Buffer
	require.NoError(t, s.runner.Align(context.Background(), []string{"a"}, 3, &log), "align log:\n%s", log.String())
	diffs, err := s.runner.Check(context.Background(), []string{"a"})
	require.NoError(t, err)
	require.Empty(t, diffs)
}

func TestReport_Empty(t *testing.T) {
	t.Parallel()

	require.Empty(t, buildlist.Report(nil))
}

package repotests_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/repotests"
)

// fixture is a module at tools/ in a repository: a root finder like tools/internal/cli, and
// packages whose tests read the repository in the ways the real tests do, or do not read it.
var fixture = map[string]string{
	"go.mod": "module example.com/tools\n\ngo 1.26\n",
	"internal/cli/root.go": `package cli

import "os"

func FindRoot(hint string) (string, error) { return os.Getwd() }
`,
	"internal/finder/finder.go": `package finder

import "example.com/tools/internal/cli"

// Root finds the root itself: callers in other packages read what it likes.
func Root() string { return root() }

func root() string { r, _ := cli.FindRoot("x"); return r }

func Pure() string { return "pure" }
`,
	"internal/a/a_test.go": `package a

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"example.com/tools/internal/cli"
)

var repoRoot = filepath.Join("..", "..", "..")

func TestReadsDefinition(t *testing.T) {
	_, _ = os.ReadFile(filepath.Join(repoRoot, "services", "demo", "service.yaml"))
}

func TestReadsServicesFolder(t *testing.T) {
	_, _ = os.ReadDir(filepath.Join(repoRoot, "services"))
}

func TestRunsMakeAtTheRoot(t *testing.T) {
	_ = exec.Command("make", "-C", repoRoot, "help").Run()
}

func TestTable(t *testing.T) {
	tests := []struct{ name string; args []string }{{name: "Repository", args: []string{"-root", "../../.."}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { run(tt.args) })
	}
}

func run(args []string) {}

func TestThroughHelper(t *testing.T) { readService(t) }

func readService(t *testing.T) {
	root, err := cli.FindRoot("run inside the repository")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = os.ReadFile(filepath.Join(root, "services", t.Name()))
}

func TestGlob(t *testing.T) {
	_, _ = filepath.Glob(filepath.Join("../../..", "services", "*", "service.yaml"))
}

func TestMethod(t *testing.T) {
	var f fixture
	f.load()
}

type fixture struct{}

func (fixture) load() { _, _ = os.ReadFile(filepath.Join(repoRoot, "go.work")) }

func TestOwnGolden(t *testing.T) {
	_, _ = os.ReadFile(filepath.Join("testdata", "names.golden"))
}

func TestIntegration(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("integration test")
	}
	_ = exec.Command("make", "-C", repoRoot, "dev").Run()
}

func TestIntegrationViaHelper(t *testing.T) {
	root := integration(t)
	_ = exec.Command("make", "-C", root, "dev").Run()
}

func integration(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test")
	}
	return repoRoot
}

func TestReadsThenSkips(t *testing.T) {
	_ = exec.Command("make", "-C", repoRoot, "help").Run()
	if testing.Short() {
		t.Skip("the rest is slow")
	}
}

// The tests below read nothing the scaffold wrote.

func TestOtherFiles(t *testing.T) {
	for _, p := range []string{"Makefile", "mk/test.sh"} {
		_, _ = os.ReadFile(filepath.Join(repoRoot, p))
	}
	_, _ = os.ReadFile(filepath.Join("..", "..", "..", "modules", "naming", "main.tf"))
}

func TestFixtureOnly(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "services", "demo", "service.yaml"), []byte("module \"x\" { source = \"../..\" }"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "go.work"), nil, 0o644)
}

func TestSiblingCommand(t *testing.T) {
	_ = exec.Command("go", "build", "-o", t.TempDir(), "../../cmd/d").Run()
	_ = "../.."
}

func TestCallsAPureFunction(t *testing.T) { _ = notReading() }

func notReading() string { return "no" }
`,
	"internal/b/b_test.go": `package b

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMain(m *testing.M) {
	_, _ = os.ReadFile(filepath.Join("..", "..", "..", "go.work"))
	os.Exit(m.Run())
}

func TestAnything(t *testing.T) {}

func ExampleAnything() {}

func TestlowerCaseIsNoTest(t *testing.T) {}
`,
	"internal/c/c_test.go": `package c

import "testing"

func TestNothing(t *testing.T) { _ = "services/demo/service.yaml" }
`,
	"cmd/d/run.go": `package main

import (
	"os"
	"path/filepath"

	"example.com/tools/internal/cli"
)

func main() { _ = run("") }

func run(root string) error {
	if root == "" {
		r, err := cli.FindRoot("pass -root")
		if err != nil {
			return err
		}
		root = r
	}
	_, err := os.ReadFile(filepath.Join(root, "services"))
	return err
}

func usage() string { return "usage" }
`,
	"cmd/d/run_test.go": `package main

import "testing"

func TestRun(t *testing.T) { _ = run("") }

func TestUsage(t *testing.T) { _ = usage() }
`,
	"internal/e/e_test.go": `package e_test

import (
	"testing"

	"example.com/tools/internal/finder"
)

func TestFinds(t *testing.T) { _ = finder.Root() }

func TestPure(t *testing.T) { _ = finder.Pure() }
`,
	"internal/a/testdata/ignored_test.go": `package ignored

import "testing"

func TestInTestdata(t *testing.T) { _ = "../../../../.." }
`,
}

func writeFixture(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tools")
	for name, text := range fixture {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

func TestSelect(t *testing.T) {
	dir := writeFixture(t)
	written := []string{
		"services/demo/service.yaml",
		"go.work",
		"tools/internal/a/testdata/names.golden",
	}

	pkgs, err := repotests.Select(dir, "tools", written, false)
	require.NoError(t, err)

	got := map[string][]string{}
	for _, p := range pkgs {
		got[p.Dir] = p.Tests
		for _, test := range p.Tests {
			require.NotEmpty(t, p.Why[test], "%s %s has a reason", p.Dir, test)
		}
	}
	require.Equal(t, []string{
		"TestGlob", "TestIntegration", "TestIntegrationViaHelper", "TestMethod", "TestOwnGolden", "TestReadsDefinition",
		"TestReadsServicesFolder", "TestReadsThenSkips", "TestRunsMakeAtTheRoot", "TestTable", "TestThroughHelper",
	}, got["./internal/a"], "the fixture-only tests of a package that reads the repository are left out")
	require.Equal(t, []string{"ExampleAnything", "TestAnything"}, got["./internal/b"], "TestMain reads go.work: every test")
	require.Equal(t, []string{"TestRun"}, got["./cmd/d"], "run finds the root itself")
	require.Equal(t, []string{"TestFinds"}, got["./internal/e"], "finder.Root finds the root in another package")
	require.NotContains(t, got, "./internal/c", "a path in a string of its own folder")
	require.Len(t, got, 4)
	require.Equal(t, []string{"./cmd/d", "./internal/a", "./internal/b", "./internal/e"}, repotests.Dirs(pkgs))
	for _, p := range pkgs {
		if p.Dir == "./internal/a" {
			require.Contains(t, p.Why["TestReadsDefinition"], "a_test.go:15 reads services/demo/service.yaml")
			require.Contains(t, p.Why["TestRunsMakeAtTheRoot"], "reads .")
		}
	}
}

// TestSelect_OtherFiles: the same tests read nothing when the scaffold wrote elsewhere.
func TestSelect_OtherFiles(t *testing.T) {
	dir := writeFixture(t)
	pkgs, err := repotests.Select(dir, "tools", []string{"terraform/stg/demo/main.tf"}, false)
	require.NoError(t, err)
	got := map[string][]string{}
	for _, p := range pkgs {
		got[p.Dir] = p.Tests
	}
	require.Equal(t, map[string][]string{
		"./internal/a": {"TestIntegration", "TestIntegrationViaHelper", "TestReadsThenSkips", "TestRunsMakeAtTheRoot", "TestTable"},
		"./cmd/d":      {"TestRun"},
		"./internal/e": {"TestFinds"},
	}, got, "only what reads the whole root; TestThroughHelper reads under services/ only")
}

// TestSelect_Short: under -short, a test that skips before anything else reads nothing.
func TestSelect_Short(t *testing.T) {
	dir := writeFixture(t)
	pkgs, err := repotests.Select(dir, "tools", []string{"go.work"}, true)
	require.NoError(t, err)
	require.Equal(t, "./internal/a", pkgs[1].Dir)
	require.Contains(t, pkgs[1].Tests, "TestReadsThenSkips", "it reads before it skips")
	require.NotContains(t, pkgs[1].Tests, "TestIntegration")
	require.NotContains(t, pkgs[1].Tests, "TestIntegrationViaHelper", "its helper skips first")
}

func TestRunPattern(t *testing.T) {
	require.Empty(t, repotests.RunPattern(nil))
	require.Equal(t, `^(TestA|TestB_x\.y)$`, repotests.RunPattern([]repotests.Package{
		{Dir: "./a", Tests: []string{"TestB_x.y", "TestA"}},
		{Dir: "./b", Tests: []string{"TestA"}},
	}))
}

// TestSelect_ThisModule: in this repository, the tests that read a service's definition and
// the deploy workflow are found; the fixture tests next to them are not.
func TestSelect_ThisModule(t *testing.T) {
	pkgs, err := repotests.Select(filepath.Join("..", ".."), "tools", []string{"services/demo/service.yaml", ".github/workflows/deploy.yml"}, true)
	require.NoError(t, err)
	got := map[string][]string{}
	for _, p := range pkgs {
		got[p.Dir] = p.Tests
	}
	require.Contains(t, got["./internal/svcdef"], "TestLoad_Repository")
	require.Contains(t, got["./internal/workflowpolicy"], "TestCheckDir_Repository")
	require.NotContains(t, got["./internal/affected"], "TestRepository_Compute")
	require.NotContains(t, got, "./internal/buildlist")
}

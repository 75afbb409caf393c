package makehelp_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
)

// repoRoot is the real repository root, relative to this package.
var repoRoot = filepath.Join("..", "..", "..")

// makeEnv is the environment without a surrounding make's flags and variables (make go/test).
func makeEnv(extra ...string) []string {
	return append(makeenv.Environ("NO_COLOR"), extra...)
}

// runMake runs make in dir and returns its stdout, its stderr and the exit code.
func runMake(t *testing.T, dir string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command("make", append([]string{"--no-print-directory", "-C", dir}, args...)...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return stdout.String(), stderr.String(), code
}

// onTerminal runs `make help` in the real repository on a pseudo-terminal (util-linux script)
// and returns what it printed.
func onTerminal(t *testing.T, extra ...string) string {
	t.Helper()
	script, err := exec.LookPath("script")
	require.NoError(t, err, "the colour tests need script(1) from util-linux: apt-get install util-linux")
	root, err := filepath.Abs(repoRoot)
	require.NoError(t, err)
	cmd := exec.Command(script, "-qec", "make --no-print-directory -C "+root+" help", "/dev/null")
	cmd.Env = makeEnv(append([]string{"TERM=xterm"}, extra...)...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return string(out)
}

func TestHelp_Repository(t *testing.T) {
	out, stderr, code := runMake(t, repoRoot, makeEnv(), "help")
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, out, "\x1b", "make help | cat must print no escape codes")
	lines := strings.Split(out, "\n")
	require.Equal(t, "Start here", lines[0], "the first group")
	var start []string
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		start = append(start, strings.Fields(l)[0])
	}
	require.Equal(t, []string{"doctor", "dev", "test", "lint"}, start)
	for _, l := range lines {
		require.LessOrEqual(t, len([]rune(l)), 100, "help line over 100 columns: %q", l)
	}
}

func TestHelp_Terminal(t *testing.T) {
	t.Run("Colour", func(t *testing.T) {
		out := onTerminal(t)
		require.Contains(t, out, "\x1b[1mStart here\x1b[0m")
	})
	t.Run("NoColor", func(t *testing.T) {
		out := onTerminal(t, "NO_COLOR=1")
		require.Contains(t, out, "Start here")
		require.NotContains(t, out, "\x1b")
	})
}

func TestHelpLint_Repository(t *testing.T) {
	out, stderr, code := runMake(t, repoRoot, makeEnv(), "help/lint")
	require.Equal(t, 0, code, out+stderr)
	require.Contains(t, out, "help/lint:")
}

// fixtureMakefile includes mk files and service Makefiles the way the real Makefile does.
const fixtureMakefile = `SHELL := bash
.DEFAULT_GOAL := help
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
include $(sort $(wildcard $(ROOT)/mk/*.mk))
include $(sort $(wildcard $(ROOT)/services/*/Makefile))
`

// goodTree is a tree help/lint accepts, under the settings fixtureVars passes.
var goodTree = map[string]string{
	"mk/dev.mk": "##@ Development\n\ndev: ## Run everything\n\ndev/status: ## Show what runs\n\n" +
		"bench/dev: ## Time make dev\n",
	"mk/go.mk": "##@ Go\n\nGO_FLAGS ?= -race\ngo/test: GO_FLAGS := -v\n" +
		"go/test: ## Test every module\n\nbuild: ## Build everything\n\nbuild/cross: ## Build for every platform\n\n" +
		"_private: go/test\n",
	"mk/odd.mk":           "##@ Odd\n\ntest/odd: ## Known to be in the wrong file\n",
	"services/b/Makefile": "##@ b\n\nb/run: ## Run b\n",
	"services/a/Makefile": "##@ a\n\na/run: ## Run a\n\nbench/a: ## Measure a\n",
}

// fixtureVars are the help settings for the fixtures (the real ones name the real groups).
var fixtureVars = []string{
	"HELP_START=dev go/test",
	"HELP_GROUPS=Start here;Development;services/*;Go;Odd;Help",
	"HELP_MISPLACED=test/odd=mk/odd.mk",
}

// scratch writes the real mk/help.mk and mk/help.awk, the fixture Makefile, goodTree and
// change (an empty content deletes a file) into a temporary directory.
func scratch(t *testing.T, change map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"Makefile": fixtureMakefile}
	for _, p := range []string{"mk/help.mk", "mk/help.awk"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, p))
		require.NoError(t, err)
		files[p] = string(b)
	}
	for p, c := range goodTree {
		files[p] = c
	}
	for p, c := range change {
		files[p] = c
	}
	for p, c := range files {
		if c == "" {
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644))
	}
	return dir
}

func TestHelp_Fixture(t *testing.T) {
	dir := scratch(t, nil)
	out, stderr, code := runMake(t, dir, makeEnv(), append([]string{"help"}, fixtureVars...)...)
	require.Equal(t, 0, code, stderr)
	want := `Start here
  dev                  Run everything
  go/test              Test every module

Development
  dev/status           Show what runs
  bench/dev            Time make dev

a
  a/run                Run a
  bench/a              Measure a

b
  b/run                Run b

Go
  build                Build everything
  build/cross          Build for every platform

Odd
  test/odd             Known to be in the wrong file

Help
  help                 Show every target with its description, grouped by area (NO_COLOR=1: plain)
  help/lint            Fail on a target without description, over 100 columns or outside its area
`
	require.Equal(t, want, out)

	out, stderr, code = runMake(t, dir, makeEnv(), append([]string{"help/lint"}, fixtureVars...)...)
	require.Equal(t, 0, code, out+stderr)
}

func TestHelpLint_Fixtures(t *testing.T) {
	long := strings.Repeat("x", 78)
	tests := []struct {
		name    string
		change  map[string]string
		vars    []string
		wantErr []string
	}{
		{
			name:    "NoDescription",
			change:  map[string]string{"mk/go.mk": "##@ Go\n\ngo/test:\n\tgo test ./...\n"},
			wantErr: []string{"mk/go.mk: target 'go/test' has no '## ' description"},
		},
		{
			name:    "OverWidth",
			change:  map[string]string{"services/a/Makefile": "##@ a\n\na/run: ## " + long + "\n"},
			wantErr: []string{"services/a/Makefile: target 'a/run': help line is 101 columns, over 100"},
		},
		{
			name:    "WideCharactersCountOnce",
			change:  map[string]string{"services/a/Makefile": "##@ a\n\na/run: ## " + strings.Repeat("é", 77) + "\n"},
			wantErr: nil,
		},
		{
			name: "WrongAreaFile",
			change: map[string]string{
				"mk/go.mk":  "##@ Go\n\ngo/test: ## Test\n\ntf/plan: ## Plan a stack\n",
				"mk/tf.mk":  "##@ Terraform\n\ntf/fmt: ## Format\n",
				"mk/dev.mk": "##@ Development\n\ndev: ## Run\n\ndeps/up: ## Start the dependencies\n\nbench/go: ## Measure go\n",
			},
			vars: []string{"HELP_GROUPS=Start here;Development;services/*;Go;Odd;Terraform;Help"},
			wantErr: []string{
				"mk/go.mk: target 'tf/plan' belongs in the file of its area",
				"mk/dev.mk: target 'deps/up' belongs in the file of its area",
				"mk/dev.mk: target 'bench/go' belongs in the file of its area",
			},
		},
		{
			name:    "AggregateOutsideItsFile",
			change:  map[string]string{"mk/go.mk": "##@ Go\n\ngo/test: ## Test\n\ndev/more: ## More\n", "mk/odd.mk": "##@ Odd\n\ndev: ## Run\n\ntest/odd: ## Odd\n"},
			wantErr: []string{"mk/odd.mk: target 'dev' belongs in the file of its area", "mk/go.mk: target 'dev/more' belongs"},
		},
		{
			name:    "GroupMissingFromOrder",
			change:  map[string]string{"mk/new.mk": "##@ New things\n\nnew/thing: ## Make a thing\n"},
			wantErr: []string{"mk/new.mk: group 'New things' is not in HELP_GROUPS (mk/help.mk)"},
		},
		{
			name:    "NoStartHereInOrder",
			vars:    []string{"HELP_GROUPS=Development;services/*;Go;Odd;Help"},
			wantErr: []string{"HELP_GROUPS lacks 'Start here'"},
		},
		{
			name:    "StaleGroupInOrder",
			vars:    []string{"HELP_GROUPS=Start here;Development;services/*;Go;Odd;Gone;Help"},
			wantErr: []string{"HELP_GROUPS lists 'Gone', which no file declares"},
		},
		{
			name:    "ServiceHeadingNotItsName",
			change:  map[string]string{"services/b/Makefile": "##@ Bee\n\nb/run: ## Run b\n"},
			wantErr: []string{"services/b/Makefile: heading 'Bee' must be the service's name 'b'"},
		},
		{
			name:    "TargetBeforeHeading",
			change:  map[string]string{"services/b/Makefile": "b/run: ## Run b\n"},
			wantErr: []string{"services/b/Makefile: target 'b/run' comes before the file's '##@ Area' heading"},
		},
		{
			name:    "StartTargetMissing",
			vars:    []string{"HELP_START=dev doctor"},
			wantErr: []string{"HELP_START names 'doctor', which is no described target"},
		},
		{
			name:    "MisplacedEntryMoved",
			change:  map[string]string{"mk/odd.mk": "##@ Odd\n\nodd/x: ## Odd\n", "mk/test.mk": "##@ Odd\n\ntest/odd: ## Now home\n"},
			wantErr: []string{"HELP_MISPLACED lists test/odd=mk/odd.mk but it is in mk/test.mk; remove the entry"},
		},
		{
			name:    "MisplacedEntryGone",
			change:  map[string]string{"mk/odd.mk": "##@ Odd\n\nodd/x: ## Odd\n"},
			wantErr: []string{"HELP_MISPLACED lists test/odd, which no file defines"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := scratch(t, tt.change)
			args := append([]string{"help/lint"}, fixtureVars...)
			args = append(args, tt.vars...)
			out, stderr, code := runMake(t, dir, makeEnv(), args...)
			if len(tt.wantErr) == 0 {
				require.Equal(t, 0, code, out+stderr)
				return
			}
			require.NotEqual(t, 0, code, "help/lint passed:\n"+out)
			for _, w := range tt.wantErr {
				require.Contains(t, out, w)
			}
		})
	}
}

// TestHelp_ReadmeExcerpt fails when the README's excerpt of make help (the first text block
// under "## Everyday targets") shows a heading or target line make help no longer prints.
func TestHelp_ReadmeExcerpt(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(readme), "\n## Everyday targets\n")
	require.True(t, ok, "README.md has no '## Everyday targets' section")
	_, block, ok := strings.Cut(after, "```text\n")
	require.True(t, ok, "no ```text block under Everyday targets")
	block, _, ok = strings.Cut(block, "```")
	require.True(t, ok)

	out, stderr, code := runMake(t, repoRoot, makeEnv(), "help")
	require.Equal(t, 0, code, stderr)
	printed := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		printed[l] = true
	}
	checked := 0
	for _, l := range strings.Split(block, "\n") {
		if l == "" || strings.TrimSpace(l) == "..." {
			continue
		}
		require.Truef(t, printed[l], "README.md shows %q, which make help does not print (copy the line from make help | cat)", l)
		checked++
	}
	require.Greater(t, checked, 5, "the excerpt checked too few lines")
}

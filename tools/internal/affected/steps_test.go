package affected_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

// planSteps are the steps TestRepository_Plan decides on: real ones plus one without a
// coverage entry.
var planSteps = []string{"help/lint", "go/test", "docs/lint", "tf/guard", "ci/actionlint", "e2e", "tf/docs-check", "new/step"}

// toolsPackages are Go packages in the scratch tools module: tfguard imports gitrepo, docslint
// does not.
var toolsPackages = map[string]string{
	"tools/cmd/tfguard/main.go":         "package main\n\nimport _ \"" + root + "/tools/internal/gitrepo\"\n\nfunc main() {}\n",
	"tools/internal/gitrepo/gitrepo.go": "// Package gitrepo is a stand-in.\npackage gitrepo\n",
	"tools/cmd/docslint/main.go":        "package main\n\nfunc main() {}\n",
	"tools/internal/scratch/scratch.go": "// Package scratch is imported by no tool.\npackage scratch\n",
	"tools/e2e/doc.go":                  "// Package e2e holds the end-to-end tests.\npackage e2e\n",
	"tools/e2e/e2e_test.go":             "package e2e\n\nimport _ \"" + root + "/tools/internal/harness\"\n",
	"tools/internal/harness/harness.go": "// Package harness is what the end-to-end tests use.\npackage harness\n",
}

func TestRepository_Plan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(r *scratchgit.Repo)
		want   []string
	}{
		{
			name:   "MigrationReachesTheReaderAndE2E",
			change: write(map[string]string{"services/todo-api/migrations/0002_tags.up.sql": "ALTER TABLE todos ADD tags text[];\n"}),
			want: []string{
				"help/lint\tskip\tno Makefile or mk/*.mk changed",
				"go/test\trun\tGO_MODULES=services/todo-api services/todo-batch",
				"docs/lint\tskip\tno Markdown or design doc changed",
				"tf/guard\tskip\tno terraform changed",
				"ci/actionlint\tskip\tno workflow or make file changed",
				"e2e\trun",
				"tf/docs-check\tskip\tno terraform changed",
				"new/step\trun",
			},
		},
		{
			name:   "PackageAToolImportsRunsItsStep",
			change: write(map[string]string{"tools/internal/gitrepo/gitrepo.go": "// Package gitrepo changed.\npackage gitrepo\n"}),
			want: []string{
				"help/lint\tskip\tno Makefile or mk/*.mk changed",
				"go/test\trun\tGO_MODULES=tools",
				"docs/lint\tskip\tno Markdown or design doc changed",
				"tf/guard\trun",
				"ci/actionlint\tskip\tno workflow or make file changed",
				"e2e\tskip\tno service or library affected",
				"tf/docs-check\tskip\tno terraform changed",
				"new/step\trun",
			},
		},
		{
			name:   "PackageNoToolImportsRunsOnlyGoSteps",
			change: write(map[string]string{"tools/internal/scratch/scratch.go": "// Package scratch changed.\npackage scratch\n"}),
			want: []string{
				"help/lint\tskip\tno Makefile or mk/*.mk changed",
				"go/test\trun\tGO_MODULES=tools",
				"docs/lint\tskip\tno Markdown or design doc changed",
				"tf/guard\tskip\tno terraform changed",
				"ci/actionlint\tskip\tno workflow or make file changed",
				"e2e\tskip\tno service or library affected",
				"tf/docs-check\tskip\tno terraform changed",
				"new/step\trun",
			},
		},
		{
			name:   "TestImportOfTheEndToEndTests",
			change: write(map[string]string{"tools/internal/harness/harness.go": "// Package harness changed.\npackage harness\n"}),
			want: []string{
				"help/lint\tskip\tno Makefile or mk/*.mk changed",
				"go/test\trun\tGO_MODULES=tools",
				"docs/lint\tskip\tno Markdown or design doc changed",
				"tf/guard\tskip\tno terraform changed",
				"ci/actionlint\tskip\tno workflow or make file changed",
				"e2e\trun",
				"tf/docs-check\tskip\tno terraform changed",
				"new/step\trun",
			},
		},
		{
			name:   "ModuleReadmeRunsTheDocsChecks",
			change: write(map[string]string{"modules/sqs-queue/README.md": "# sqs-queue, changed\n"}),
			want: []string{
				"help/lint\tskip\tno Makefile or mk/*.mk changed",
				"go/test\tskip\tno Go module affected",
				"docs/lint\trun",
				"tf/guard\tskip\tno terraform changed",
				"ci/actionlint\tskip\tno workflow or make file changed",
				"e2e\tskip\tno service or library affected",
				"tf/docs-check\trun",
				"new/step\trun",
			},
		},
		{
			name:   "ServiceMakefileRunsTheMakeChecks",
			change: write(map[string]string{"services/todo-api/Makefile": "todo-api/run: ## x\n"}),
			want: []string{
				"help/lint\trun",
				"go/test\trun\tGO_MODULES=services/todo-api tools",
				"docs/lint\tskip\tno Markdown or design doc changed",
				"tf/guard\tskip\tno terraform changed",
				"ci/actionlint\trun",
				"e2e\trun",
				"tf/docs-check\tskip\tno terraform changed",
				"new/step\trun",
			},
		},
		{
			name:   "BuildFileRunsEverythingWhole",
			change: write(map[string]string{"go.work.sum": "x\n"}),
			want: []string{
				"help/lint\trun", "go/test\trun", "docs/lint\trun", "tf/guard\trun", "ci/actionlint\trun", "e2e\trun",
				"tf/docs-check\trun", "new/step\trun",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			graph, changed := scratch(t, func(r *scratchgit.Repo) {
				r.Write(toolsPackages)
				r.Commit("tools packages")
				tt.change(r)
			})
			decisions, err := graph.Plan(context.Background(), graph.Compute(changed), changed, planSteps)
			require.NoError(t, err)

			got := make([]string, len(decisions))
			for i, d := range decisions {
				got[i] = d.String()
			}
			require.Equal(t, tt.want, got, "changed files: %q", changed)
		})
	}
}

// TestSteps_CoverEveryTestStep requires a coverage entry for every step of the repository's
// `make test` (TEST_STEPS, printed by make test/steps), naming Go packages that exist.
func TestSteps_CoverEveryTestStep(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	cmd := exec.Command("make", "-s", "--no-print-directory", "-C", root, "test/steps")
	cmd.Env = makeenv.Environ()
	out, err := cmd.Output()
	require.NoError(t, err, "make test/steps")
	steps := strings.Fields(string(out))
	require.NotEmpty(t, steps)

	var missing, gone []string
	for _, s := range steps {
		c, ok := affected.Steps[s]
		if !ok {
			missing = append(missing, s)
			continue
		}
		// A renamed tool must not silently drop out of its step's coverage.
		for _, dir := range append(append([]string{}, c.Tools...), c.Tests...) {
			if matches, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*.go")); len(matches) == 0 {
				gone = append(gone, s+": "+dir)
			}
		}
	}
	require.Empty(t, missing, "make test steps without a coverage entry in affected.Steps: say what each covers")
	require.Empty(t, gone, "affected.Steps follows Go packages that do not exist (renamed? name the package the step runs now)")
}

// TestSteps_NarrowingReachesMake requires that the steps narrowed with make variables really
// narrow: `make -n <step> GO_MODULES=libs/kit` names libs/kit and no other module.
func TestSteps_NarrowingReachesMake(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	narrowed := 0
	for step, c := range affected.Steps {
		if c.Covers == nil {
			continue
		}
		run, vars := c.Covers(affected.Result{GoModules: []string{"libs/kit"}})
		if !run || len(vars) == 0 {
			continue
		}
		narrowed++
		t.Run(strings.ReplaceAll(step, "/", "_"), func(t *testing.T) {
			args := append([]string{"-n", "--no-print-directory", "-C", root, step, "SHORT=1"}, vars...)
			cmd := exec.Command("make", args...)
			cmd.Env = makeenv.Environ()
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "make %s: %s", strings.Join(args, " "), out)
			require.Contains(t, string(out), "libs/kit")
			require.NotContains(t, string(out), "services/todo-api", "make %s runs over more than the modules it was given", step)
		})
	}
	require.Equal(t, 2, narrowed, "go/lint and go/test narrow to GO_MODULES")
}

package tfmake_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

// repoRoot is the real repository root, relative to this package.
var repoRoot = filepath.Join("..", "..", "..")

// fakeTerraform records every call in $FAKE_LOG and imitates the parts of terraform that
// tf.sh relies on: plan -out writes the file, show prints a plan, plan's exit code is
// $FAKE_PLAN_EXIT (2 = changes with -detailed-exitcode).
const fakeTerraform = `#!/usr/bin/env bash
set -eu
echo "terraform $*" >>"$FAKE_LOG"
chdir=${1#-chdir=}; shift
case "$1" in
plan)
  for a in "$@"; do case "$a" in -out=*) : >"${a#-out=}";; esac; done
  exit "${FAKE_PLAN_EXIT:-0}";;
show)
  if [[ "$2" == -json ]]; then echo '{"format_version":"1.2"}'; else
    printf '  # aws_s3_bucket.exports must be replaced\nPlan: 2 to add, 1 to change, 1 to destroy.\n'; fi;;
esac
`

// fakeGuard records its arguments and exits $FAKE_GUARD_EXIT.
const fakeGuard = `#!/usr/bin/env bash
echo "guard $*" >>"$FAKE_LOG"
exit "${FAKE_GUARD_EXIT:-0}"
`

// fakeWhoami records its arguments and exits $FAKE_WHOAMI_EXIT (1: credentials of another
// account).
const fakeWhoami = `#!/usr/bin/env bash
echo "whoami $*" >>"$FAKE_LOG"
exit "${FAKE_WHOAMI_EXIT:-0}"
`

type fixture struct {
	repo *scratchgit.Repo
	log  string
	bin  string
}

// newFixture builds a scratch repository with the real Makefile, mk/common.mk, mk/tools.* (with
// tools/pins/go.mod, which it reads), mk/help.*, mk/tf.mk and mk/tf.sh, two environments with a
// network stack each, and bootstrap.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	repo := scratchgit.New(t)
	files := map[string]string{}
	for _, p := range []string{"Makefile", ".gitignore", "mk/common.mk", "mk/tools.mk", "mk/tools.awk", "tools/pins/go.mod", "mk/help.mk", "mk/help.awk", "mk/tf.mk", "mk/tf.sh"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, p))
		require.NoError(t, err)
		files[p] = string(b)
	}
	for _, env := range []string{"stg", "prd"} {
		files["terraform/"+env+"/env/main.tf"] = "locals {}\n"
		files["terraform/"+env+"/network/main.tf"] = "# stack\n"
		files["terraform/bootstrap/env/"+env+".tfvars"] = "environment = \"" + env + "\"\n"
	}
	files["terraform/bootstrap/main.tf"] = "# bootstrap\n"
	repo.Write(files)
	require.NoError(t, os.Chmod(filepath.Join(repo.Dir, "mk", "tf.sh"), 0o755))
	repo.Commit("base")

	bin := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(bin, "terraform"), []byte(fakeTerraform), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(bin, "fakeguard"), []byte(fakeGuard), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(bin, "fakewhoami"), []byte(fakeWhoami), 0o755))
	return &fixture{repo: repo, log: filepath.Join(t.TempDir(), "calls.log"), bin: bin}
}

// withOrigin gives the repository an origin whose main equals the local main.
func (f *fixture) withOrigin(t *testing.T) {
	t.Helper()
	origin := filepath.Join(t.TempDir(), "origin.git")
	out, err := exec.Command("git", "clone", "-q", "--bare", f.repo.Dir, origin).CombinedOutput()
	require.NoError(t, err, string(out))
	f.repo.Git("remote", "add", "origin", origin)
	f.repo.Git("fetch", "-q", "origin")
}

// make runs make in the scratch repository with the stand-ins first on PATH and stdin as
// given, and returns the combined output, the recorded calls and the exit code.
func (f *fixture) make(t *testing.T, stdin string, env []string, args ...string) (string, []string, int) {
	t.Helper()
	cmd := exec.Command("make", append([]string{"-C", f.repo.Dir, "TF_GUARD=" + filepath.Join(f.bin, "fakeguard"), "TF_WHOAMI=" + filepath.Join(f.bin, "fakewhoami")}, args...)...)
	// A surrounding make (make go/test) must not leak its flags or variables in.
	cmd.Env = makeenv.Environ("ENV", "STACK", "AUTO_APPROVE", "ALLOW_DESTROY")
	cmd.Env = append(cmd.Env, "PATH="+f.bin+string(os.PathListSeparator)+os.Getenv("PATH"), "FAKE_LOG="+f.log)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else {
		require.NoError(t, err)
	}
	var calls []string
	if b, err := os.ReadFile(f.log); err == nil {
		for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
			calls = append(calls, strings.ReplaceAll(line, f.repo.Dir, "ROOT"))
		}
	}
	return out.String(), calls, code
}

// applyCalls is the exact sequence of a successful apply of <env>/network.
func applyCalls(env, allow string) []string {
	dir := "-chdir=ROOT/terraform/" + env + "/network"
	plan := "ROOT/.local/tf/" + env + "-network.tfplan"
	return []string{
		"whoami -env " + env + " -stack network",
		"terraform " + dir + " init -input=false -lockfile=readonly",
		"terraform " + dir + " plan -input=false -out=" + plan,
		"terraform " + dir + " show -no-color " + plan,
		"terraform " + dir + " show -json " + plan,
		"guard destroy -plan " + plan + ".json -allow " + allow,
		"terraform " + dir + " apply -input=false " + plan,
	}
}

func TestApply_Parameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantOut string
	}{
		{name: "MissingEnvListsEnvironments", args: []string{"apply"}, wantOut: "error: ENV is required; one of: prd stg"},
		{name: "UnknownEnvListsEnvironments", args: []string{"apply", "ENV=dev", "STACK=network"}, wantOut: "error: unknown ENV 'dev'; one of: prd stg"},
		{name: "MissingStackListsStacks", args: []string{"apply", "ENV=stg"}, wantOut: "error: STACK is required; one of: bootstrap network"},
		{name: "UnknownStackListsStacks", args: []string{"tf/plan", "ENV=stg", "STACK=nope"}, wantOut: "error: unknown STACK 'nope'; one of: bootstrap network"},
		{name: "DriftChecksToo", args: []string{"tf/drift", "STACK=network"}, wantOut: "error: ENV is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)

			out, calls, code := f.make(t, "", nil, tt.args...)

			require.Equal(t, 2, code, out)
			require.Contains(t, out, tt.wantOut)
			require.Empty(t, calls, "nothing may run before the parameters are valid")
		})
	}
}

func TestApply_Flow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		stdin     string
		env       []string
		wantCode  int
		wantCalls []string
		wantOut   string
	}{
		{
			name:      "AutoApproveAppliesTheSavedPlan",
			args:      []string{"apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1"},
			wantCalls: applyCalls("stg", ""),
			wantOut:   "Summary for stg/network: 1 to add, 1 to change, 1 to replace, 0 to destroy",
		},
		{
			name:      "YesAtThePromptApplies",
			args:      []string{"apply", "ENV=stg", "STACK=network"},
			stdin:     "yes\n",
			wantCalls: applyCalls("stg", ""),
			wantOut:   "Only 'yes' applies",
		},
		{
			name:      "AnythingButYesRefuses",
			args:      []string{"apply", "ENV=stg", "STACK=network"},
			stdin:     "y\n",
			wantCode:  2,
			wantCalls: applyCalls("stg", "")[:6],
			wantOut:   "not applied (answer was 'y'",
		},
		{
			name:      "NoAnswerRefuses",
			args:      []string{"apply", "ENV=stg", "STACK=network"},
			wantCode:  2,
			wantCalls: applyCalls("stg", "")[:6],
			wantOut:   "not applied",
		},
		{
			name:      "AllowDestroyReachesTheGuard",
			args:      []string{"apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1", "ALLOW_DESTROY=aws_s3_bucket.exports"},
			wantCalls: applyCalls("stg", "aws_s3_bucket.exports"),
		},
		{
			name:      "GuardRefusalStopsBeforeApply",
			args:      []string{"apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1"},
			env:       []string{"FAKE_GUARD_EXIT=1"},
			wantCode:  2,
			wantCalls: applyCalls("stg", "")[:6],
			wantOut:   "the destroy guard refused this plan",
		},
		{
			name:      "FailedPlanStopsEverything",
			args:      []string{"apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1"},
			env:       []string{"FAKE_PLAN_EXIT=1"},
			wantCode:  2,
			wantCalls: applyCalls("stg", "")[:3],
		},
		{
			name:     "BootstrapUsesTheEnvironmentFiles",
			args:     []string{"tf/plan", "ENV=prd", "STACK=bootstrap"},
			wantCode: 0,
			wantCalls: []string{
				"whoami -env prd -stack bootstrap",
				"terraform -chdir=ROOT/terraform/bootstrap init -input=false -lockfile=readonly -backend-config=env/prd.s3.tfbackend",
				"terraform -chdir=ROOT/terraform/bootstrap plan -input=false -var-file=env/prd.tfvars -out=ROOT/.local/tf/prd-bootstrap.tfplan",
				"terraform -chdir=ROOT/terraform/bootstrap show -no-color ROOT/.local/tf/prd-bootstrap.tfplan",
				"terraform -chdir=ROOT/terraform/bootstrap show -json ROOT/.local/tf/prd-bootstrap.tfplan",
			},
			wantOut: "Summary for prd/bootstrap: 1 to add, 1 to change, 1 to replace, 0 to destroy",
		},
		{
			name:      "OtherAccountsCredentialsStopBeforeInit",
			args:      []string{"apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1"},
			env:       []string{"FAKE_WHOAMI_EXIT=1"},
			wantCode:  2,
			wantCalls: applyCalls("stg", "")[:1],
			wantOut:   "the current AWS credentials cannot plan or apply stg/network",
		},
		{
			name:      "PlanChecksTheCredentialsToo",
			args:      []string{"tf/plan", "ENV=stg", "STACK=network"},
			env:       []string{"FAKE_WHOAMI_EXIT=1"},
			wantCode:  2,
			wantCalls: []string{"whoami -env stg -stack network"},
		},
		{
			name:      "DriftExitsTwo",
			args:      []string{"tf/drift", "ENV=stg", "STACK=network"},
			env:       []string{"FAKE_PLAN_EXIT=2"},
			wantCode:  2,
			wantCalls: []string{"whoami -env stg -stack network", "terraform -chdir=ROOT/terraform/stg/network init -input=false -lockfile=readonly", "terraform -chdir=ROOT/terraform/stg/network plan -input=false -lock=false -detailed-exitcode"},
			wantOut:   "drift: stg/network differs from its code",
		},
		{
			name:      "NoDriftExitsZero",
			args:      []string{"tf/drift", "ENV=stg", "STACK=network"},
			wantCalls: []string{"whoami -env stg -stack network", "terraform -chdir=ROOT/terraform/stg/network init -input=false -lockfile=readonly", "terraform -chdir=ROOT/terraform/stg/network plan -input=false -lock=false -detailed-exitcode"},
			wantOut:   "no drift",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)

			out, calls, code := f.make(t, tt.stdin, tt.env, tt.args...)

			require.Equal(t, tt.wantCode, code, out)
			require.Equal(t, tt.wantCalls, calls, out)
			require.Contains(t, out, tt.wantOut)
		})
	}
}

func TestApply_Production(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		prepare   func(t *testing.T, f *fixture)
		wantCode  int
		wantCalls []string
		wantOut   string
	}{
		{
			name:      "CleanUpToDateMainApplies",
			prepare:   func(t *testing.T, f *fixture) { f.withOrigin(t) },
			wantCalls: applyCalls("prd", ""),
		},
		{
			name: "DirtyTreeRefuses",
			prepare: func(t *testing.T, f *fixture) {
				f.withOrigin(t)
				f.repo.Write(map[string]string{"terraform/prd/network/extra.tf": "# uncommitted\n"})
			},
			wantCode: 2,
			wantOut:  "prd applies need a clean tree",
		},
		{
			name: "OtherBranchRefuses",
			prepare: func(t *testing.T, f *fixture) {
				f.withOrigin(t)
				f.repo.Git("checkout", "-q", "-b", "feature")
			},
			wantCode: 2,
			wantOut:  "prd applies run from main, not 'feature'",
		},
		{
			name: "UnpushedCommitRefuses",
			prepare: func(t *testing.T, f *fixture) {
				f.withOrigin(t)
				f.repo.Write(map[string]string{"terraform/prd/network/extra.tf": "# committed, not pushed\n"})
				f.repo.Commit("local only")
			},
			wantCode: 2,
			wantOut:  "is not origin/main",
		},
		{
			name:     "NoOriginRefuses",
			prepare:  func(*testing.T, *fixture) {},
			wantCode: 2,
			wantOut:  "cannot fetch origin/main",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tt.prepare(t, f)

			out, calls, code := f.make(t, "", nil, "apply", "ENV=prd", "STACK=network", "AUTO_APPROVE=1")

			require.Equal(t, tt.wantCode, code, out)
			require.Equal(t, tt.wantCalls, calls, out)
			require.Contains(t, out, tt.wantOut)
		})
	}
}

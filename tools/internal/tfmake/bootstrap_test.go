package tfmake_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// accountTerraform is a stand-in for terraform that keeps the state terraform's init and a
// fresh AWS account would have, so the bootstrap steps fail the way the real ones do:
//   - init remembers the backend in the working directory ($TF_DATA_DIR, default
//     <dir>/.terraform) and refuses another one without -reconfigure or -migrate-state
//     ("Backend configuration changed");
//   - the backend is local while <dir>/first_run_override.tf exists (terraform's override
//     files), else S3, whose init fails until an apply created the state bucket
//     ($FAKE_ACCOUNT/state-bucket);
//   - plan and apply need an initialised working directory ("Backend initialization
//     required"), and log which backend they ran with.
const accountTerraform = `#!/usr/bin/env bash
set -eu
chdir=${1#-chdir=}; shift
data=${TF_DATA_DIR:-$chdir/.terraform}
backend=s3
[[ -f $chdir/first_run_override.tf ]] && backend=local
echo "terraform[$backend] $*" >>"$FAKE_LOG"
case "$1" in
init)
  want=$backend
  for a in "$@"; do case "$a" in -backend-config=*) want="$want ${a#-backend-config=}";; esac; done
  if [[ -f $data/backend && "$(cat "$data/backend")" != "$want" ]]; then
    case " $* " in *" -reconfigure "*|*" -migrate-state "*) ;; *)
      echo "Error: Backend configuration changed" >&2; exit 1;; esac
  fi
  if [[ $backend == s3 && ! -f $FAKE_ACCOUNT/state-bucket ]]; then
    echo "Error: Failed to get existing workspaces: S3 bucket does not exist." >&2; exit 1
  fi
  mkdir -p "$data" && echo "$want" >"$data/backend";;
plan)
  [[ -f $data/backend ]] || { echo 'Error: Backend initialization required, please run "terraform init"' >&2; exit 1; }
  for a in "$@"; do case "$a" in -out=*) : >"${a#-out=}";; esac; done;;
show)
  if [[ "$2" == -json ]]; then echo '{"format_version":"1.2"}'; else echo 'Plan: 3 to add, 0 to change, 0 to destroy.'; fi;;
apply)
  [[ -f $data/backend ]] || { echo 'Error: Backend initialization required, please run "terraform init"' >&2; exit 1; }
  : >"$FAKE_ACCOUNT/state-bucket";;
esac
`

// newAccountFixture is newFixture with accountTerraform as terraform and an empty account.
func newAccountFixture(t *testing.T) (*fixture, []string) {
	t.Helper()
	f := newFixture(t)
	require.NoError(t, os.WriteFile(filepath.Join(f.bin, "terraform"), []byte(accountTerraform), 0o755))
	return f, []string{"FAKE_ACCOUNT=" + t.TempDir()}
}

// TestBootstrap_FirstRunMigratesIntoTheBucketItCreated runs the documented first run of a new
// account: make tf/bootstrap applies with local state (the state bucket does not exist yet),
// then migrates that state into the bucket, and leaves no override file behind.
func TestBootstrap_FirstRunMigratesIntoTheBucketItCreated(t *testing.T) {
	t.Parallel()
	f, env := newAccountFixture(t)

	out, calls, code := f.make(t, "", env, "tf/bootstrap", "ENV=stg", "AUTO_APPROVE=1")

	require.Equal(t, 0, code, out)
	dir := "-chdir=ROOT/terraform/bootstrap"
	plan := "ROOT/.local/tf/stg-bootstrap.tfplan"
	require.Equal(t, []string{
		"whoami -env stg -stack bootstrap",
		"terraform[s3] init -input=false -reconfigure -lockfile=readonly -backend-config=env/stg.s3.tfbackend",
		"terraform[local] init -input=false -reconfigure -lockfile=readonly",
		"terraform[local] plan -input=false -var-file=env/stg.tfvars -out=" + plan,
		"terraform[local] show -no-color " + plan,
		"terraform[local] show -json " + plan,
		"guard destroy -plan " + plan + ".json -allow ",
		"terraform[local] apply -input=false " + plan,
		"terraform[s3] init -input=false -migrate-state -force-copy -lockfile=readonly -backend-config=env/stg.s3.tfbackend",
	}, stripChdir(calls, dir), out)
	require.Contains(t, out, "from now on run make apply ENV=stg STACK=bootstrap")
	require.NoFileExists(t, filepath.Join(f.repo.Dir, "terraform", "bootstrap", "first_run_override.tf"))

	// Afterwards bootstrap is a normal stack, and a second first run refuses before applying.
	out, _, code = f.make(t, "", env, "apply", "ENV=stg", "STACK=bootstrap", "AUTO_APPROVE=1")
	require.Equal(t, 0, code, out)
	out, _, code = f.make(t, "", env, "tf/bootstrap", "ENV=stg", "AUTO_APPROVE=1")
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "stg/bootstrap already keeps its state in S3: run make apply ENV=stg STACK=bootstrap")
}

// TestBootstrap_ApplyOnAFreshAccountNeedsTheFirstRun shows why the first run exists: with no
// state bucket yet, make apply cannot even initialise the S3 backend.
func TestBootstrap_ApplyOnAFreshAccountNeedsTheFirstRun(t *testing.T) {
	t.Parallel()
	f, env := newAccountFixture(t)

	out, _, code := f.make(t, "", env, "apply", "ENV=stg", "STACK=bootstrap", "AUTO_APPROVE=1")

	require.Equal(t, 2, code, out)
	require.Contains(t, out, "S3 bucket does not exist")
}

// TestBootstrap_StgThenPrdInOneCheckout applies bootstrap for stg and then for prd from the
// same checkout: each account has its own working directory, so the second init does not stop
// on "Backend configuration changed".
func TestBootstrap_StgThenPrdInOneCheckout(t *testing.T) {
	t.Parallel()
	f, env := newAccountFixture(t)
	f.withOrigin(t)
	require.NoError(t, os.WriteFile(filepath.Join(env[0][len("FAKE_ACCOUNT="):], "state-bucket"), nil, 0o644))

	for _, e := range []string{"stg", "prd", "stg"} {
		out, _, code := f.make(t, "", env, "apply", "ENV="+e, "STACK=bootstrap", "AUTO_APPROVE=1")
		require.Equal(t, 0, code, "apply %s/bootstrap:\n%s", e, out)
		require.DirExists(t, filepath.Join(f.repo.Dir, ".local", "tf", "bootstrap-"+e))
	}
}

// TestBootstrap_OnlyForBootstrap refuses a first run for any other stack.
func TestBootstrap_OnlyForBootstrap(t *testing.T) {
	t.Parallel()
	f, env := newAccountFixture(t)

	out, calls, code := f.make(t, "", env, "tf/bootstrap")

	require.Equal(t, 2, code, out)
	require.Contains(t, out, "error: ENV is required; one of: prd stg")
	require.Empty(t, calls)
}

// stripChdir removes the working directory argument from recorded calls.
func stripChdir(calls []string, dir string) []string {
	out := make([]string, 0, len(calls))
	for _, c := range calls {
		out = append(out, strings.Replace(c, dir+" ", "", 1))
	}
	return out
}

package rehearse

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

// repoRoot is the real repository, relative to this package.
var repoRoot = filepath.Join("..", "..", "..")

// fixtureStack is a stack root: an S3 backend and a call of the shared stack code.
func fixtureStack(env, stack string) string {
	return `terraform {
  backend "s3" {
    bucket       = "tsumiki-` + env + `-tfstate"
    key          = "` + env + `/` + stack + `/terraform.tfstate"
    region       = "ap-northeast-1"
    use_lockfile = true
  }
}

module "stack" {
  source      = "../../stacks/` + stack + `"
  environment = "` + env + `"
}

output "id" {
  value = module.stack.id
}
`
}

// newFixtureRepo is a provider-free repository with the real Makefile, mk/tf.mk and mk/tf.sh
// (and mk/tools.* with tools/pins/go.mod, which the Makefile includes):
// bootstrap, a network stack and a database stack that reads the network's state, stg and prd.
// prd's database fails at apply like a fresh-account defect would.
func newFixtureRepo(t *testing.T, guard string) *scratchgit.Repo {
	t.Helper()
	repo := scratchgit.New(t)
	files := map[string]string{
		// The rename guard of the real repository, which make tf/guard (mk/tf.mk) runs.
		"mk/ci.mk":            "TF_GUARD := " + guard + "\nTF_WHOAMI := true\n",
		"terraform/README.md": "Stacks, in apply order: `network` → `database` → `mailer`.\n\nMore text.\n",
		"terraform/bootstrap/main.tf": `# First run in a new account: make tf/bootstrap ENV=<env>.
# After that it is a normal stack: make apply ENV=<env> STACK=bootstrap.

terraform {
  backend "s3" {
    use_lockfile = true
  }
}

variable "environment" {
  type = string
}

variable "account_id" {
  type = string
}

resource "terraform_data" "bucket" {
  input = "tsumiki-${var.environment}-tfstate"
}
`,
		"terraform/stacks/mailer/main.tf": `variable "environment" {
  type = string
}

resource "terraform_data" "function" {
  input = "mailer"

  lifecycle {
    precondition {
      condition     = var.environment != "prd"
      error_message = "The fresh prd account lacks the artifact."
    }
  }
}

output "id" {
  value = terraform_data.function.output
}
`,
		"terraform/stacks/network/main.tf": `variable "environment" {
  type = string
}

resource "terraform_data" "vpc" {
  input = "vpc-${var.environment}"

  lifecycle {
    precondition {
      condition     = fileexists("${path.root}/../../../.local/zones/${var.environment}")
      error_message = "The network needs the zone."
    }
  }
}

output "id" {
  value = terraform_data.vpc.output
}
`,
		"terraform/stacks/database/main.tf": `variable "environment" {
  type = string
}

data "terraform_remote_state" "network" {
  backend = "s3"

  config = {
    bucket = "tsumiki-${var.environment}-tfstate"
    key    = "${var.environment}/network/terraform.tfstate"
    region = "ap-northeast-1"
  }
}

resource "terraform_data" "client" {
  input = data.terraform_remote_state.network.outputs.id
}

locals {
  trigger = "tsumiki"
}

# prd keeps data: the protected variant (prevent_destroy must be a literal).
resource "terraform_data" "db_protected" {
  count            = var.environment == "prd" ? 1 : 0
  triggers_replace = local.trigger

  lifecycle {
    prevent_destroy = true
  }
}

resource "terraform_data" "db_unprotected" {
  count            = var.environment == "prd" ? 0 : 1
  triggers_replace = local.trigger
}

output "id" {
  value = terraform_data.client.output
}
`,
	}
	for _, p := range []string{"Makefile", ".gitignore", "mk/common.mk", "mk/tools.mk", "mk/tools.awk", "tools/pins/go.mod", "mk/help.mk", "mk/help.awk", "mk/tf.mk", "mk/tf.sh"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, p))
		require.NoError(t, err)
		files[p] = string(b)
	}
	for env, account := range map[string]string{"stg": "111111111111", "prd": "222222222222"} {
		files["terraform/"+env+"/env/main.tf"] = "locals {\n  dns = {\n    zone_id   = \"Z" + map[string]string{"stg": "1", "prd": "2"}[env] + "\"\n    zone_name = \"" + env + ".example\"\n  }\n}\n"
		files["terraform/"+env+"/network/main.tf"] = fixtureStack(env, "network")
		files["terraform/"+env+"/database/main.tf"] = fixtureStack(env, "database")
		files["terraform/"+env+"/mailer/main.tf"] = fixtureStack(env, "mailer")
		files["terraform/bootstrap/env/"+env+".tfvars"] = "environment = \"" + env + "\"\naccount_id  = \"" + account + "\"\n"
		files["terraform/bootstrap/env/"+env+".s3.tfbackend"] = "bucket = \"tsumiki-" + env + "-tfstate\"\nkey    = \"" + env + "/bootstrap/terraform.tfstate\"\nregion = \"ap-northeast-1\"\n"
	}
	repo.Write(files)
	require.NoError(t, os.Chmod(filepath.Join(repo.Dir, "mk", "tf.sh"), 0o755))
	repo.Commit("fixture")
	return repo
}

// TestRun_Fixture rehearses a provider-free repository end to end with the real terraform,
// make apply and guards: the first bootstrap run, every stack through make apply with state in
// the S3 stand-in and remote state between stacks, empty second plans, a held lock, the rename
// and replacement cases, prd's refusals, an expected failure that happens and one that no
// longer does.
func TestRun_Fixture(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform and make about forty times; make test runs it")
	}
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH")
	guard := filepath.Join(t.TempDir(), "tfguard")
	build := exec.Command("go", "build", "-o", guard, "./tools/cmd/tfguard")
	build.Dir = repoRoot
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	repo := newFixtureRepo(t, guard)
	list, err := ParseExpectations("list.txt", strings.NewReader(
		"prd/mailer apply | The fresh prd account lacks the artifact | fresh-account defect\n"+
			"stg/network apply | never printed | a defect fixed since\n"))
	require.NoError(t, err)
	var progress bytes.Buffer
	work := filepath.Join(t.TempDir(), "work")
	account := &fakeAccount{work: work}

	report, err := Run(context.Background(), Config{
		Root:         repo.Dir,
		Work:         work,
		Expectations: list,
		Rename:       Edit{Stack: "database", Dir: "terraform/stacks/database", Pattern: `(resource "terraform_data" "client"|terraform_data\.client\b)`, What: "rename without moved"},
		Replace:      Edit{Stack: "database", Dir: "terraform/stacks/database", Pattern: `(trigger = )"tsumiki"`, Replace: `${1}"tsumiki_rehearsal"`, What: "stateful replacement", WantReplaced: "terraform_data.db_"},
		Account:      account,
		Skips:        []Skip{{Stack: "network", Skip: "zone", Want: "needs the zone"}},
		Environ:      os.Environ(),
		Out:          &progress,
	})

	// The fixed defect's line fails the run at the end, after every other step ran.
	require.ErrorIs(t, err, ErrUnexpected, progress.String())
	require.ErrorContains(t, err, "stg/network apply passed, but list.txt:2 lists it as an expected failure (a defect fixed since); it is fixed: remove that line", progress.String())
	got := progress.String()
	require.Regexp(t, `stg/network apply +ok, but listed as an expected failure`, got)
	for _, want := range []string{
		"stg/network apply without the hand-made hosted zone fails",
		"stg/bootstrap first run as documented",
		"stg/database apply ",
		"stg/database second plan is empty",
		"stg/network a held state lock stops make tf/plan",
		"stg/database rename without moved: make tf/guard refuses",
		"stg/database rename without moved: make apply refuses",
		"stg/database stateful replacement: make apply refuses",
		"stg/database stateful replacement: make apply ALLOW_DESTROY=module.stack.terraform_data.db_unprotected[0] applies",
		"stg/database back to the committed code with ALLOW_DESTROY",
		"prd/network refuses a dirty tree",
		"prd/network refuses another branch",
		"prd/network refuses an unpushed commit",
		"prd/network second plan is empty",
		"prd/database stateful replacement merged: prevent_destroy stops make apply ALLOW_DESTROY=...",
	} {
		require.Contains(t, got, want+" ", "step %q", want)
	}
	require.NotContains(t, got, "FAIL")
	require.Regexp(t, `prd/mailer apply +expected failure`, got)
	require.Equal(t, 7, report.StacksApplied, "bootstrap, network, database and mailer in stg; all but mailer in prd")
	require.Equal(t, 9, report.Resources, "stg: bucket, vpc, client, db, function; prd: bucket, vpc, client, db; from the second plans")
	require.Len(t, report.Expected, 1)
	require.Contains(t, strings.Join(report.Skipped, "\n"), "prd/mailer second plan and policy: its apply is an expected failure")
	require.Greater(t, report.Checks, 15)
	require.Equal(t, []string{"111111111111 Z1 stg.example", "222222222222 Z2 prd.example"}, account.zones, "the hand-made zones, nothing else")
}

// fakeAccount stands in for the offline provider's account store.
type fakeAccount struct {
	work  string
	zones []string
}

// HasBucket: the fixture's bootstrap "creates" its bucket by applying, so the account holds
// the bucket once that apply has written its state (locally, during the first run).
func (a *fakeAccount) HasBucket(_, bucket string) (bool, error) {
	env := strings.TrimSuffix(strings.TrimPrefix(bucket, "tsumiki-"), "-tfstate")
	_, err := os.Stat(filepath.Join(a.work, "repo", ".local", "tf", "bootstrap-"+env+".tfstate"))
	return err == nil, nil
}

// AddHostedZone records the zone where the fixture's network stack looks for it.
func (a *fakeAccount) AddHostedZone(accountID, id, name string) error {
	a.zones = append(a.zones, accountID+" "+id+" "+name)
	env, _, _ := strings.Cut(name, ".")
	dir := filepath.Join(a.work, "repo", ".local", "zones")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, env), nil, 0o644)
}

func (a *fakeAccount) PushImage(_, _, _ string) error {
	return errors.New("the fixture has no images")
}

package affected_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/gitrepo"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

const root = "github.com/example/mono"

// base is a small monorepo: kit <- mailer-lib <- (mailer, todo-batch); todo-api <- kit;
// tools alone. Terraform: naming <- sqs-queue <- stacks module terraform/stacks/mailer <-
// terraform/{stg,prd}/mailer; naming <- terraform/stg/network; terraform/stg/database uses
// nothing local.
func base() map[string]string {
	mod := func(path string, requires ...string) string {
		s := "module " + root + "/" + path + "\n\ngo 1.26\n"
		for _, r := range requires {
			s += "\nrequire " + root + "/" + r + " v0.0.0\n\nreplace " + root + "/" + r + " => ../../" + r + "\n"
		}
		return s
	}
	call := func(name, source string) string {
		return "module \"" + name + "\" {\n  source = \"" + source + "\"\n}\n"
	}
	return map[string]string{
		"go.work":                     "go 1.26\n\nuse (\n\t./libs/kit\n\t./libs/mailer\n\t./services/mailer\n\t./services/todo-api\n\t./services/todo-batch\n\t./tools\n)\n",
		"libs/kit/go.mod":             mod("libs/kit"),
		"libs/kit/kit.go":             "package kit\n",
		"libs/mailer/go.mod":          mod("libs/mailer", "libs/kit"),
		"libs/mailer/mailer.go":       "package mailer\n",
		"libs/mailer/templates/a.txt": "hello\n",
		"services/mailer/go.mod":      mod("services/mailer", "libs/mailer", "libs/kit"),
		"services/mailer/main.go":     "package main\n",
		"services/todo-api/go.mod":    mod("services/todo-api", "libs/kit"),
		"services/todo-api/main.go":   "package main\n",
		"services/todo-api/README.md": "# todo-api\n",
		"services/todo-batch/go.mod":  mod("services/todo-batch", "libs/mailer", "libs/kit"),
		"services/todo-batch/main.go": "package main\n",
		"tools/go.mod":                "module " + root + "/tools\n\ngo 1.26\n",
		"tools/doc.go":                "package tools\n",
		"Makefile":                    "include mk/*.mk\n",
		"mk/go.mk":                    "go/test:\n",
		"README.md":                   "# mono\n",
		"design-docs/todo-api.md":     "# todo-api\n",
		".github/workflows/ci.yml":    "on: push\n",

		"modules/naming/main.tf":                  "variable \"service\" {\n  type = string\n}\n",
		"modules/naming/examples/basic/main.tf":   call("name", "../.."),
		"modules/sqs-queue/main.tf":               call("name", "../naming") + "resource \"aws_sqs_queue\" \"this\" {}\n",
		"modules/sqs-queue/README.md":             "# sqs-queue\n",
		"modules/ecr-repository/main.tf":          "resource \"aws_ecr_repository\" \"this\" {}\n",
		"terraform/stacks/mailer/main.tf":         call("queue", "../../../modules/sqs-queue") + "data \"terraform_remote_state\" \"network\" {\n  backend = \"s3\"\n}\n",
		"terraform/stg/mailer/main.tf":            call("stack", "../../stacks/mailer"),
		"terraform/prd/mailer/main.tf":            call("stack", "../../stacks/mailer"),
		"terraform/stg/network/main.tf":           call("name", "../../../modules/naming"),
		"terraform/stg/database/main.tf":          "resource \"aws_db_instance\" \"this\" {}\n",
		"terraform/stg/database/terraform.tfvars": "x = 1\n",
		"terraform/stg/env.auto.tfvars.json":      "{}\n",
	}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *scratchgit.Repo)
		want   affected.Result
	}{
		{
			name:   "NothingChanged",
			change: func(*scratchgit.Repo) {},
			want:   affected.Result{GoModules: []string{}, TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "DocsOnly",
			change: write(map[string]string{"README.md": "# changed\n", "services/todo-api/README.md": "x\n", "design-docs/todo-api.md": "y\n", "modules/sqs-queue/README.md": "z\n"}),
			want:   affected.Result{GoModules: []string{}, TerraformStacks: []string{}, TerraformModules: []string{}, Docs: true, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "LeafServiceOnly",
			change: write(map[string]string{"services/todo-api/main.go": "package main\n\nfunc main() {}\n"}),
			want:   affected.Result{GoModules: []string{"services/todo-api"}, TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "LibraryReachesItsDependentsTransitively",
			change: write(map[string]string{"libs/mailer/templates/a.txt": "bye\n"}),
			want:   affected.Result{GoModules: []string{"libs/mailer", "services/mailer", "services/todo-batch"}, TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "KitReachesEveryUser",
			change: write(map[string]string{"libs/kit/new.go": "package kit\n"}),
			want: affected.Result{GoModules: []string{"libs/kit", "libs/mailer", "services/mailer", "services/todo-api", "services/todo-batch"},
				TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "DeletedFileCounts",
			change: func(r *scratchgit.Repo) { r.Remove("tools/doc.go") },
			want:   affected.Result{GoModules: []string{"tools"}, TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "OneStack",
			change: write(map[string]string{"terraform/stg/database/main.tf": "resource \"aws_db_instance\" \"this\" {\n}\n"}),
			want:   affected.Result{GoModules: []string{}, TerraformStacks: []string{"terraform/stg/database"}, TerraformModules: []string{}, TerraformTargets: []affected.Target{stg("database")}},
		},
		{
			name:   "StackTfvars",
			change: write(map[string]string{"terraform/stg/database/terraform.tfvars": "x = 2\n"}),
			want:   affected.Result{GoModules: []string{}, TerraformStacks: []string{"terraform/stg/database"}, TerraformModules: []string{}, TerraformTargets: []affected.Target{stg("database")}},
		},
		{
			name:   "SharedEnvironmentFileReachesEveryStackBelow",
			change: write(map[string]string{"terraform/stg/env.auto.tfvars.json": "{\"a\": 1}\n"}),
			want: affected.Result{GoModules: []string{}, TerraformStacks: []string{"terraform/stg/database", "terraform/stg/mailer", "terraform/stg/network"},
				TerraformModules: []string{}, TerraformTargets: []affected.Target{stg("database"), stg("network"), stg("mailer")}},
		},
		{
			name:   "SharedStackModuleReachesEveryEnvironment",
			change: write(map[string]string{"terraform/stacks/mailer/main.tf": "module \"queue\" {\n  source = \"../../../modules/sqs-queue\"\n}\n\n"}),
			want: affected.Result{GoModules: []string{}, TerraformStacks: []string{"terraform/prd/mailer", "terraform/stg/mailer"}, TerraformModules: []string{},
				TerraformTargets: []affected.Target{{Env: "prd", Stack: "mailer", Dir: "terraform/prd/mailer"}, stg("mailer")}},
		},
		{
			name:   "ModuleReachesStacksTransitively",
			change: write(map[string]string{"modules/naming/main.tf": "variable \"service\" {\n  type = string\n}\nvariable \"env\" {\n  type = string\n}\n"}),
			want: affected.Result{GoModules: []string{},
				TerraformStacks:  []string{"terraform/prd/mailer", "terraform/stg/mailer", "terraform/stg/network"},
				TerraformModules: []string{"modules/naming", "modules/sqs-queue"},
				TerraformTargets: []affected.Target{{Env: "prd", Stack: "mailer", Dir: "terraform/prd/mailer"}, stg("network"), stg("mailer")}},
		},
		{
			name:   "ModuleExampleCountsAsItsModule",
			change: write(map[string]string{"modules/ecr-repository/examples/basic/main.tf": "module \"repo\" {\n  source = \"../..\"\n}\n"}),
			want:   affected.Result{GoModules: []string{}, TerraformStacks: []string{}, TerraformModules: []string{"modules/ecr-repository"}, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "WorkflowOnly",
			change: write(map[string]string{".github/workflows/ci.yml": "on: pull_request\n"}),
			want:   affected.Result{GoModules: []string{}, TerraformStacks: []string{}, TerraformModules: []string{}, Workflows: true, TerraformTargets: []affected.Target{}},
		},
		{
			name:   "BuildChangeAffectsEverything",
			change: write(map[string]string{"mk/go.mk": "go/test: ## x\n"}),
			want: affected.Result{
				GoModules:        []string{"libs/kit", "libs/mailer", "services/mailer", "services/todo-api", "services/todo-batch", "tools"},
				TerraformStacks:  []string{"terraform/prd/mailer", "terraform/stg/database", "terraform/stg/mailer", "terraform/stg/network"},
				TerraformModules: []string{"modules/ecr-repository", "modules/naming", "modules/sqs-queue"},
				Docs:             true, Workflows: true, Everything: true,
				TerraformTargets: []affected.Target{{Env: "prd", Stack: "mailer", Dir: "terraform/prd/mailer"}, stg("database"), stg("network"), stg("mailer")},
			},
		},
		{
			name: "CommittedOnBranchPlusUntracked",
			change: func(r *scratchgit.Repo) {
				r.Git("checkout", "-q", "-b", "feature")
				r.Write(map[string]string{"services/todo-api/main.go": "package main\n\n// x\n"})
				r.Commit("api")
				r.Write(map[string]string{"services/mailer/new.go": "package main\n"})
			},
			want: affected.Result{GoModules: []string{"services/mailer", "services/todo-api"}, TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := scratchgit.New(t)
			r.Write(base())
			r.Commit("base")
			tt.change(r)

			ctx := context.Background()
			repo, err := gitrepo.Open(ctx, r.Dir)
			require.NoError(t, err)
			rev, err := repo.Base(ctx, "")
			require.NoError(t, err)
			changed, err := repo.ChangedFiles(ctx, rev)
			require.NoError(t, err)
			ws, err := affected.LoadWorkspace(r.Dir)
			require.NoError(t, err)
			tf, err := affected.LoadTerraform(r.Dir)
			require.NoError(t, err)
			require.Equal(t, tt.want, affected.Compute(ws, tf, changed), "changed files: %q", changed)
		})
	}
}

func TestLoadWorkspace_MissingModule(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(map[string]string{"go.work": "go 1.26\n\nuse ./libs/nope\n"})
	_, err := affected.LoadWorkspace(r.Dir)
	require.ErrorContains(t, err, "read libs/nope/go.mod (listed in go.work)")
}

func stg(stack string) affected.Target {
	return affected.Target{Env: "stg", Stack: stack, Dir: "terraform/stg/" + stack}
}

func write(files map[string]string) func(r *scratchgit.Repo) {
	return func(r *scratchgit.Repo) { r.Write(files) }
}

package affected_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/gitrepo"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

const root = "github.com/example/mono"

// base is a small monorepo: kit <- mailer-lib <- (mailer, todo-batch); todo-api <- kit;
// tools alone; todo-batch reads todo-api's migrations (its service.yaml says so). Terraform: naming <- sqs-queue <- stacks module terraform/stacks/mailer <-
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
		"go.work":                                       "go 1.26\n\nuse (\n\t./libs/kit\n\t./libs/mailer\n\t./services/mailer\n\t./services/todo-api\n\t./services/todo-batch\n\t./tools\n)\n",
		"libs/kit/go.mod":                               mod("libs/kit"),
		"libs/kit/kit.go":                               "package kit\n",
		"libs/mailer/go.mod":                            mod("libs/mailer", "libs/kit"),
		"libs/mailer/mailer.go":                         "package mailer\n",
		"libs/mailer/templates/a.txt":                   "hello\n",
		"services/mailer/go.mod":                        mod("services/mailer", "libs/mailer", "libs/kit"),
		"services/mailer/main.go":                       "package main\n",
		"services/todo-api/go.mod":                      mod("services/todo-api", "libs/kit"),
		"services/todo-api/main.go":                     "package main\n",
		"services/todo-api/README.md":                   "# todo-api\n",
		"services/todo-batch/go.mod":                    mod("services/todo-batch", "libs/mailer", "libs/kit"),
		"services/todo-batch/main.go":                   "package main\n",
		"services/todo-api/Makefile":                    "todo-api/run:\n",
		"services/todo-api/migrations/0001_init.up.sql": "CREATE TABLE todos (id uuid);\n",
		"services/mailer/service.yaml":                  service("mailer", "lambda"),
		"services/todo-api/service.yaml":                service("todo-api", "http"),
		"services/todo-batch/service.yaml":              service("todo-batch", "worker", "services/todo-api/migrations"),
		"tools/go.mod":                                  "module " + root + "/tools\n\ngo 1.26\n",
		"tools/doc.go":                                  "package tools\n",
		"Makefile":                                      "include mk/*.mk\n",
		"mk/go.mk":                                      "go/test:\n",
		"README.md":                                     "# mono\n",
		"design-docs/todo-api.md":                       "# todo-api\n",
		".github/workflows/ci.yml":                      "on: push\n",

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

func TestRepository_Compute(t *testing.T) {
	t.Parallel()
	all := result(func(r *affected.Result) {
		r.GoModules = []string{"libs/kit", "libs/mailer", "services/mailer", "services/todo-api", "services/todo-batch", "tools"}
		r.TerraformStacks = []string{"terraform/prd/mailer", "terraform/stg/database", "terraform/stg/mailer", "terraform/stg/network"}
		r.TerraformModules = []string{"modules/ecr-repository", "modules/naming", "modules/sqs-queue"}
		r.Docs, r.Workflows, r.Make, r.E2E, r.Everything = true, true, true, true, true
		r.TerraformTargets = []affected.Target{prd("mailer"), stg("database"), stg("network"), stg("mailer")}
	})
	tests := []struct {
		name   string
		change func(r *scratchgit.Repo)
		want   affected.Result
	}{
		{
			name:   "NothingChanged",
			change: func(*scratchgit.Repo) {},
			want:   result(func(*affected.Result) {}),
		},
		{
			name:   "DocsOnly",
			change: write(map[string]string{"README.md": "# changed\n", "services/todo-api/README.md": "x\n", "design-docs/todo-api.md": "y\n", "modules/sqs-queue/README.md": "z\n"}),
			want:   result(func(r *affected.Result) { r.Docs = true }),
		},
		{
			name:   "DesignDocTemplateIsReadByTheToolsTests",
			change: write(map[string]string{"design-docs/TEMPLATE.md": "# new section\n"}),
			want:   result(func(r *affected.Result) { r.Docs, r.GoModules = true, []string{"tools"} }),
		},
		{
			name:   "LeafServiceOnly",
			change: write(map[string]string{"services/todo-api/main.go": "package main\n\nfunc main() {}\n"}),
			want:   result(func(r *affected.Result) { r.GoModules, r.E2E = []string{"services/todo-api"}, true }),
		},
		{
			name:   "GoImportsReachDependentsTransitively",
			change: write(map[string]string{"libs/mailer/templates/a.txt": "bye\n"}),
			want: result(func(r *affected.Result) {
				r.GoModules, r.E2E = []string{"libs/mailer", "services/mailer", "services/todo-batch"}, true
			}),
		},
		{
			name:   "KitReachesEveryUser",
			change: write(map[string]string{"libs/kit/new.go": "package kit\n"}),
			want: result(func(r *affected.Result) {
				r.GoModules, r.E2E = []string{"libs/kit", "libs/mailer", "services/mailer", "services/todo-api", "services/todo-batch"}, true
			}),
		},
		{
			name:   "ServiceReadsAnotherServicesMigrations",
			change: write(map[string]string{"services/todo-api/migrations/0002_tags.up.sql": "ALTER TABLE todos ADD tags text[];\n"}),
			want: result(func(r *affected.Result) {
				r.GoModules, r.E2E = []string{"services/todo-api", "services/todo-batch"}, true
			}),
		},
		{
			name:   "ServiceDefinitionIsReadByTheToolsTests",
			change: write(map[string]string{"services/todo-api/service.yaml": service("todo-api", "http") + "# changed\n"}),
			want: result(func(r *affected.Result) {
				r.GoModules, r.E2E = []string{"services/todo-api", "tools"}, true
			}),
		},
		{
			name:   "DeletedFileCounts",
			change: func(r *scratchgit.Repo) { r.Remove("tools/doc.go") },
			want:   result(func(r *affected.Result) { r.GoModules = []string{"tools"} }),
		},
		{
			name:   "OneStack",
			change: write(map[string]string{"terraform/stg/database/main.tf": "resource \"aws_db_instance\" \"this\" {\n}\n"}),
			want:   terraform([]string{"terraform/stg/database"}, nil, stg("database")),
		},
		{
			name:   "StackTfvars",
			change: write(map[string]string{"terraform/stg/database/terraform.tfvars": "x = 2\n"}),
			want:   terraform([]string{"terraform/stg/database"}, nil, stg("database")),
		},
		{
			name:   "SharedEnvironmentFileReachesEveryStackBelow",
			change: write(map[string]string{"terraform/stg/env.auto.tfvars.json": "{\"a\": 1}\n"}),
			want: terraform([]string{"terraform/stg/database", "terraform/stg/mailer", "terraform/stg/network"}, nil,
				stg("database"), stg("network"), stg("mailer")),
		},
		{
			name:   "SharedStackModuleReachesEveryEnvironment",
			change: write(map[string]string{"terraform/stacks/mailer/main.tf": "module \"queue\" {\n  source = \"../../../modules/sqs-queue\"\n}\n\n"}),
			want:   terraform([]string{"terraform/prd/mailer", "terraform/stg/mailer"}, nil, prd("mailer"), stg("mailer")),
		},
		{
			name:   "ModuleFeedsStacksTransitively",
			change: write(map[string]string{"modules/naming/main.tf": "variable \"service\" {\n  type = string\n}\nvariable \"env\" {\n  type = string\n}\n"}),
			want: terraform([]string{"terraform/prd/mailer", "terraform/stg/mailer", "terraform/stg/network"}, []string{"modules/naming", "modules/sqs-queue"},
				prd("mailer"), stg("network"), stg("mailer")),
		},
		{
			name:   "ModuleExampleCountsAsItsModule",
			change: write(map[string]string{"modules/ecr-repository/examples/basic/main.tf": "module \"repo\" {\n  source = \"../..\"\n}\n"}),
			want:   terraform(nil, []string{"modules/ecr-repository"}),
		},
		{
			name:   "WorkflowOnly",
			change: write(map[string]string{".github/workflows/ci.yml": "on: pull_request\n"}),
			want:   result(func(r *affected.Result) { r.Workflows, r.GoModules = true, []string{"tools"} }),
		},
		{
			name:   "ServiceMakefile",
			change: write(map[string]string{"services/todo-api/Makefile": "todo-api/run: ## x\n"}),
			want: result(func(r *affected.Result) {
				r.Make, r.E2E, r.GoModules = true, true, []string{"services/todo-api", "tools"}
			}),
		},
		{
			name:   "BuildChangeAffectsEverything",
			change: write(map[string]string{"mk/go.mk": "go/test: ## x\n"}),
			want:   all,
		},
		{
			name:   "WorkspaceSumAffectsEverything",
			change: write(map[string]string{"go.work.sum": "x\n"}),
			want:   all,
		},
		{
			name:   "ToolPinsAffectEverything",
			change: write(map[string]string{"tools/pins/go.mod": "module x\n"}),
			want:   all,
		},
		{
			name:   "NpmPackagesAffectEverything",
			change: write(map[string]string{"package-lock.json": "{}\n"}),
			want:   all,
		},
		{
			name: "CommittedOnBranchPlusUntracked",
			change: func(r *scratchgit.Repo) {
				r.Git("checkout", "-q", "-b", "feature")
				r.Write(map[string]string{"services/todo-api/main.go": "package main\n\n// x\n"})
				r.Commit("api")
				r.Write(map[string]string{"services/mailer/new.go": "package main\n"})
			},
			want: result(func(r *affected.Result) { r.GoModules, r.E2E = []string{"services/mailer", "services/todo-api"}, true }),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			graph, changed := scratch(t, tt.change)
			require.Equal(t, tt.want, graph.Compute(changed), "changed files: %q", changed)
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, file string
		want          bool
	}{
		{"services/todo-api/migrations", "services/todo-api/migrations/0001.up.sql", true},
		{"services/todo-api/migrations/", "services/todo-api/migrations/0001.up.sql", true},
		{"services/todo-api/migrations", "services/todo-api/migrations", true},
		{"services/todo-api/migrations", "services/todo-api/migrations2/x", false},
		{"services/todo-api/migrations", "services/todo-api", false},
		{"services/*/Makefile", "services/mailer/Makefile", true},
		{"services/*/Makefile", "services/mailer/cmd/Makefile", false},
		{"design-docs/TEMPLATE.md", "design-docs/TEMPLATE.md", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"_"+tt.file, func(t *testing.T) {
			require.Equal(t, tt.want, affected.Match(tt.pattern, tt.file))
		})
	}
}

func TestLoad_BadServiceDefinition(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(base())
	r.Write(map[string]string{"services/todo-api/service.yaml": strings.Replace(service("todo-api", "http"), "name: todo-api", "name: todo-apx", 1)})
	_, err := affected.Load(r.Dir)
	require.ErrorContains(t, err, `services/todo-api/service.yaml: name: must equal the folder name "todo-api" (got "todo-apx")`)
}

func TestLoadWorkspace_MissingModule(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(map[string]string{"go.work": "go 1.26\n\nuse ./libs/nope\n"})
	_, err := affected.LoadWorkspace(r.Dir)
	require.ErrorContains(t, err, "read libs/nope/go.mod (listed in go.work)")
}

// scratch commits base() to a scratch repository, applies change and returns the repository
// loaded and the files changed since main.
func scratch(t *testing.T, change func(r *scratchgit.Repo)) (*affected.Repository, []string) {
	t.Helper()
	r := scratchgit.New(t)
	r.Write(base())
	r.Commit("base")
	change(r)
	ctx := context.Background()
	repo, err := gitrepo.Open(ctx, r.Dir)
	require.NoError(t, err)
	rev, err := repo.Base(ctx, "")
	require.NoError(t, err)
	changed, err := repo.ChangedFiles(ctx, rev)
	require.NoError(t, err)
	graph, err := affected.Load(r.Dir)
	require.NoError(t, err)
	return graph, changed
}

// service returns a valid service definition (tools/internal/svcdef) reading reads.
func service(name, kind string, reads ...string) string {
	s := "name: " + name + "\nkind: " + kind + "\ndescription: The " + name + " service.\nowners: [\"@example/team\"]\n" +
		"stack: " + name + "\ncommand: " + name + "\n"
	if kind == "http" {
		s += "local:\n  port_env: PORT\n"
	}
	if len(reads) > 0 {
		s += "reads:\n"
		for _, r := range reads {
			s += "  - " + r + "\n"
		}
	}
	return s
}

// result returns an empty result (lists empty, not nil) changed by edit.
func result(edit func(r *affected.Result)) affected.Result {
	r := affected.Result{GoModules: []string{}, TerraformStacks: []string{}, TerraformModules: []string{}, TerraformTargets: []affected.Target{}}
	edit(&r)
	return r
}

// terraform returns the result of a terraform change: the stacks, modules and targets, and the
// tools module, whose tests read terraform/ and modules/.
func terraform(stacks, modules []string, targets ...affected.Target) affected.Result {
	return result(func(r *affected.Result) {
		r.GoModules = []string{"tools"}
		r.TerraformStacks = append(r.TerraformStacks, stacks...)
		r.TerraformModules = append(r.TerraformModules, modules...)
		r.TerraformTargets = append(r.TerraformTargets, targets...)
	})
}

func prd(stack string) affected.Target {
	return affected.Target{Env: "prd", Stack: stack, Dir: "terraform/prd/" + stack}
}

func stg(stack string) affected.Target {
	return affected.Target{Env: "stg", Stack: stack, Dir: "terraform/stg/" + stack}
}

func write(files map[string]string) func(r *scratchgit.Repo) {
	return func(r *scratchgit.Repo) { r.Write(files) }
}

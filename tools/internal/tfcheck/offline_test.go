package tfcheck_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfcheck"
)

// repoRoot is the real repository root, relative to this package.
var repoRoot = filepath.Join("..", "..", "..")

// offline is the offline hashicorp/aws provider, built once per test binary, and the CLI config
// that installs it through dev_overrides (what make tf/provider builds and writes).
var offline struct {
	once   sync.Once
	dir    string // holds terraform-provider-aws and offline.tfrc
	output string // go build's output when it failed
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if offline.dir != "" {
		_ = os.RemoveAll(offline.dir) // a temp dir of this test binary
	}
	os.Exit(code)
}

// offlineRunner builds the provider on first use and returns a Runner whose terraform uses it.
func offlineRunner(t *testing.T) tfcheck.Runner {
	t.Helper()
	requireTerraform(t)
	offline.once.Do(func() {
		offline.dir, offline.err = os.MkdirTemp("", "tfcheck-offline-aws-")
		if offline.err != nil {
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(offline.dir, "terraform-provider-aws"), "./tools/cmd/terraform-provider-aws")
		build.Dir = repoRoot
		out, err := build.CombinedOutput()
		if err != nil {
			offline.output, offline.err = string(out), err
			return
		}
		rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hashicorp/aws\" = %q\n  }\n  direct {}\n}\n", offline.dir)
		offline.err = os.WriteFile(filepath.Join(offline.dir, "offline.tfrc"), []byte(rc), 0o644)
	})
	require.NoError(t, offline.err, "build the offline provider (tools/cmd/terraform-provider-aws):\n%s", offline.output)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") && !strings.HasPrefix(kv, "TSUMIKI_OFFLINE_AWS_") {
			env = append(env, kv)
		}
	}
	// The module examples' providers allow account 111111111111 only.
	env = append(env, "TF_CLI_CONFIG_FILE="+filepath.Join(offline.dir, "offline.tfrc"), "TSUMIKI_OFFLINE_AWS_ACCOUNT_ID=111111111111")
	return tfcheck.Runner{Env: env, DataDir: t.TempDir()}
}

// edit replaces old with new in file; old must occur exactly once, so a defect that no longer
// applies to the real code fails the test instead of testing nothing.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(b), old), "%s must contain %q exactly once", file, old)
	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
}

// scratchModules copies the repository's modules/ into a temporary directory and returns it.
func scratchModules(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	scratchdir.CopyTerraform(t, filepath.Join(repoRoot, "modules"), filepath.Join(dir, "modules"))
	return dir
}

// behindLoadBalancer turns modules/ecs-service's example into a load_balanced service (listener,
// container port, load balancer security group), so it gets a target group, named (not name_prefix) by naming with a component whose
// full name tsumiki-stg-todo-batch-public-web-api (37 characters) naming shortens to the
// module's max_length of 32.
func behindLoadBalancer(t *testing.T, scratch string) {
	t.Helper()
	edit(t, filepath.Join(scratch, "modules/ecs-service/examples/basic/main.tf"), "  component       = \"worker\"\n", `  component       = "public-web-api"
  load_balanced   = true
  container_port  = 8080
  listener_arn    = "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:listener/app/tsumiki-stg-platform-alb/0123456789abcdef/0123456789abcdef"

  load_balancer_security_group_id = "sg-00000000000000000"
`)
	edit(t, filepath.Join(scratch, "modules/ecs-service/main.tf"),
		"  name_prefix = substr(module.target_group_name.id, 0, 6)\n", "  name        = module.target_group_name.id\n")
}

// TestOffline_DefectsFailWithTerraformsOwnMessage proves that the offline checks catch what they
// exist to catch: each case copies real modules, plants one defect and requires terraform's or
// the provider's own error. Each case first checks the same copy without the defect, so the
// failure is the defect's and nothing else's.
func TestOffline_DefectsFailWithTerraformsOwnMessage(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: builds the offline provider and runs terraform; make test runs it")
	}
	tests := []struct {
		name string
		// dir is the directory checked, relative to the scratch copy.
		dir string
		// setup changes the scratch copy before the baseline check; nil for none.
		setup func(t *testing.T, scratch string)
		// defect plants the defect into the scratch copy.
		defect func(t *testing.T, scratch string)
		// plan checks with terraform plan instead of terraform validate.
		plan bool
		// wantPlanned is a resource address the plan without the defect must hold, so the
		// defect's resource really is there to fail.
		wantPlanned string
		wantSummary string
		wantDetail  string
	}{
		{
			name: "TypoInArgumentName",
			dir:  "modules/sqs-queue",
			defect: func(t *testing.T, scratch string) {
				edit(t, filepath.Join(scratch, "modules/sqs-queue/main.tf"),
					"  count = var.protected ? 0 : 1\n\n  name                       = module.name.id\n  visibility_timeout_seconds",
					"  count = var.protected ? 0 : 1\n\n  name                       = module.name.id\n  visibility_timout_seconds ")
			},
			wantSummary: "Unsupported argument",
			wantDetail:  `An argument named "visibility_timout_seconds" is not expected here.`,
		},
		{
			name: "WrongAttributeReference",
			dir:  "modules/sqs-queue",
			defect: func(t *testing.T, scratch string) {
				edit(t, filepath.Join(scratch, "modules/sqs-queue/main.tf"),
					"sourceQueueArns   = [local.queue.arn]", "sourceQueueArns   = [aws_sqs_queue.unprotected[0].arnn]")
			},
			wantSummary: "Unsupported attribute",
			wantDetail:  `This object has no argument, nested block, or exported attribute named "arnn".`,
		},
		{
			name: "BlockWrittenAsAttribute",
			dir:  "modules/ecr-repository",
			defect: func(t *testing.T, scratch string) {
				edit(t, filepath.Join(scratch, "modules/ecr-repository/main.tf"),
					"  image_scanning_configuration {\n    scan_on_push = true\n  }",
					"  image_scanning_configuration = {\n    scan_on_push = true\n  }")
			},
			wantSummary: "Unsupported argument",
			wantDetail:  `Did you mean to define a block of type "image_scanning_configuration"?`,
		},
		{
			name: "MissingRequiredArgument",
			dir:  "modules/ecr-repository",
			defect: func(t *testing.T, scratch string) {
				edit(t, filepath.Join(scratch, "modules/ecr-repository/main.tf"),
					"  repository = aws_ecr_repository.this.name\n", "")
			},
			wantSummary: "Missing required argument",
			wantDetail:  `The argument "repository" is required, but no definition was found.`,
		},
		{
			name:  "TargetGroupNameOf33Characters",
			dir:   "modules/ecs-service/examples/basic",
			setup: behindLoadBalancer,
			defect: func(t *testing.T, scratch string) {
				edit(t, filepath.Join(scratch, "modules/ecs-service/main.tf"),
					"  component   = var.component\n  max_length  = 32\n", "  component   = var.component\n  max_length  = 33\n")
			},
			plan:        true,
			wantPlanned: "module.worker.aws_lb_target_group.this[0]",
			// The provider's own wording (hashicorp/aws elbv2 validTargetGroupName); validate
			// passes because the name is known only once naming has run, at plan.
			wantSummary: `"name" cannot be longer than 32 characters`,
			wantDetail:  `in resource "aws_lb_target_group" "this":`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := offlineRunner(t)
			scratch := scratchModules(t)
			if tt.setup != nil {
				tt.setup(t, scratch)
			}
			dir := filepath.Join(scratch, tt.dir)
			check := func() []tfcheck.Diagnostic {
				t.Helper()
				if tt.plan {
					res, err := r.Plan(context.Background(), dir, "-refresh=false")
					require.NoError(t, err)
					if res.OK && tt.wantPlanned != "" {
						require.Contains(t, res.Changes, tt.wantPlanned, "the plan without the defect must hold the resource the defect is in")
					}
					return res.Errors()
				}
				res, err := r.Validate(context.Background(), dir)
				require.NoError(t, err)
				require.Equal(t, len(res.Errors()) == 0, res.Valid)
				return res.Errors()
			}
			require.Empty(t, formatAll(check()), "without the defect %s must pass", tt.dir)

			tt.defect(t, scratch)
			errs := check()

			require.NotEmpty(t, errs, "the defect must make terraform fail")
			text := formatAll(errs)
			require.Contains(t, text, "Error: "+tt.wantSummary+"\n")
			require.Contains(t, text, tt.wantDetail)
		})
	}
}

// TestOffline_RenameWithoutMovedIsStoppedByTheGuard shows the one defect terraform itself does
// not reject: a renamed resource validates fine (terraform would destroy and recreate it), and
// the rename guard (make tf/guard, tools/cmd/tfguard) is what fails.
func TestOffline_RenameWithoutMovedIsStoppedByTheGuard(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: builds the offline provider and tfguard, runs terraform; make test runs it")
	}
	r := offlineRunner(t)
	guard := filepath.Join(t.TempDir(), "tfguard")
	build := exec.Command("go", "build", "-o", guard, "./tools/cmd/tfguard")
	build.Dir = repoRoot
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	repo := scratchgit.New(t)
	scratchdir.CopyTerraform(t, filepath.Join(repoRoot, "modules"), filepath.Join(repo.Dir, "modules"))
	repo.Commit("base")
	runGuard := func() (string, error) {
		t.Helper()
		cmd := exec.Command(guard, "rename", "-dirs", "modules")
		cmd.Dir = repo.Dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	got, err := runGuard()
	require.NoError(t, err, "without the rename the guard must pass:\n%s", got)

	module := filepath.Join(repo.Dir, "modules", "sqs-queue")
	for _, name := range []string{"main.tf", "outputs.tf", filepath.Join("tests", "sqs_queue.tftest.hcl")} {
		file := filepath.Join(module, name)
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		renamed := strings.ReplaceAll(string(b), `resource "aws_sqs_queue" "unprotected"`, `resource "aws_sqs_queue" "standard"`)
		renamed = strings.ReplaceAll(renamed, "aws_sqs_queue.unprotected", "aws_sqs_queue.standard")
		require.NoError(t, os.WriteFile(file, []byte(renamed), 0o644))
	}

	res, err := r.Validate(context.Background(), module)
	require.NoError(t, err)
	require.True(t, res.Valid, "a rename is valid terraform; only the guard can stop it:\n%s", formatAll(res.Errors()))
	got, err = runGuard()
	require.Error(t, err, got)
	require.Contains(t, got, "aws_sqs_queue.unprotected was renamed to aws_sqs_queue.standard with no moved block")
	require.Contains(t, got, "add to modules/sqs-queue/migrations.tf:\n  moved {\n    from = aws_sqs_queue.unprotected\n    to   = aws_sqs_queue.standard\n  }\n")
}

// formatAll renders diagnostics as terraform prints them, one after another.
func formatAll(diags []tfcheck.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Format())
	}
	return b.String()
}

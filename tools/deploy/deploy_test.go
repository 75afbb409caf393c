package deploy_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realGo is the go command the stand-in runs for `go run` (deploy.sh resolving names).
var realGo, _ = exec.LookPath("go")

// deploynames is tools/cmd/deploynames built once for all tests (the stand-in runs it for
// `go run ./tools/cmd/deploynames`); TestMain builds it.
var deploynames string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "deploynames")
	if err != nil {
		panic(err)
	}
	deploynames = filepath.Join(dir, "deploynames")
	build := exec.Command("go", "build", "-o", deploynames, "../cmd/deploynames")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		panic("build tools/cmd/deploynames: " + err.Error())
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// standins builds a PATH directory where aws, docker, go, git and zip are the recording
// stand-in; it returns the directory (also holding the call log).
func standins(t *testing.T) string {
	t.Helper()
	require.NotEmpty(t, realGo, "go on PATH")
	dir := t.TempDir()
	src, err := filepath.Abs(filepath.Join("testdata", "standin"))
	require.NoError(t, err)
	for _, name := range []string{"aws", "docker", "go", "git", "zip"} {
		require.NoError(t, os.Symlink(src, filepath.Join(dir, name)))
	}
	return dir
}

type result struct {
	calls  []string // "tool sub [sub2]" per call, in order
	output string
	err    error
	dir    string
}

// deploy runs `make deploy` (or deploy.sh directly when viaMake is false) with the stand-ins
// first on PATH and the given extra environment.
func deploy(t *testing.T, viaMake bool, service, env string, extra ...string) result {
	t.Helper()
	dir := standins(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	var cmd *exec.Cmd
	if viaMake {
		cmd = exec.Command("make", "-C", root, "deploy", "SERVICE="+service, "ENV="+env)
	} else {
		cmd = exec.Command("bash", filepath.Join(root, "tools", "deploy", "deploy.sh"), service, env)
	}
	cmd.Env = append(os.Environ(),
		"PATH="+dir+":"+os.Getenv("PATH"),
		"STANDIN_LOG="+filepath.Join(dir, "calls.log"),
		"STANDIN_DIR="+dir,
		"STANDIN_GO="+realGo,
		"STANDIN_DEPLOYNAMES="+deploynames,
		"STANDIN_CONTAINER="+service,
		"AWS_REGION=ap-northeast-1",
	)
	cmd.Env = append(cmd.Env, extra...)
	out, err := cmd.CombinedOutput()
	logged, readErr := os.ReadFile(filepath.Join(dir, "calls.log"))
	if readErr != nil && !os.IsNotExist(readErr) {
		require.NoError(t, readErr)
	}
	var calls []string
	for _, line := range strings.Split(strings.TrimSpace(string(logged)), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "aws" && len(f) >= 3:
			calls = append(calls, strings.Join(f[:3], " "))
		case len(f) >= 2:
			calls = append(calls, strings.Join(f[:2], " "))
		default:
			calls = append(calls, f[0])
		}
	}
	return result{calls: calls, output: string(out), err: err, dir: dir}
}

var ecsRollout = []string{
	"aws ecs describe-services", "aws ecs describe-task-definition", "aws ecs register-task-definition",
	"aws ecs describe-services", "aws ecs run-task", "aws ecs wait", "aws ecs describe-tasks",
	"aws ecs update-service", "aws ecs wait",
}

func TestDeploy_ECSService(t *testing.T) {
	tests := []struct {
		name      string
		service   string
		env       []string
		wantCalls []string
	}{
		{
			name:    "BuildsAndPushesANewImage",
			service: "todo-api",
			wantCalls: append([]string{
				"git rev-parse", "aws sts get-caller-identity", "aws ecr describe-images",
				"docker build", "aws ecr get-login-password", "docker login", "docker push",
			}, ecsRollout...),
		},
		{
			name:      "SkipsBuildWhenTheTagExists",
			service:   "todo-batch",
			env:       []string{"STANDIN_IMAGE_EXISTS=1"},
			wantCalls: append([]string{"git rev-parse", "aws sts get-caller-identity", "aws ecr describe-images"}, ecsRollout...),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := deploy(t, true, tt.service, "stg", tt.env...)
			require.NoError(t, r.err, r.output)
			require.Equal(t, tt.wantCalls, r.calls)

			var td map[string]any
			raw, err := os.ReadFile(filepath.Join(r.dir, "registered.json"))
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(raw, &td))
			for _, field := range []string{"taskDefinitionArn", "revision", "status", "registeredAt", "registeredBy", "requiresAttributes", "compatibilities"} {
				assert.NotContains(t, td, field, "read-only field %s must not be sent back", field)
			}
			containers := td["containerDefinitions"].([]any)
			assert.Equal(t, "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tsumiki-stg-"+tt.service+"-images:0123456789ab",
				containers[0].(map[string]any)["image"])
			assert.Equal(t, "sidecar:1", containers[1].(map[string]any)["image"], "other containers keep their image")
		})
	}
}

// TestDeploy_FirstDeployBeforeTheStack is a fresh environment: the service's stack is not
// applied yet, so the deploy publishes the image, tags it bootstrap (the tag the stack's first
// task definition names) and stops before any ECS change.
func TestDeploy_FirstDeployBeforeTheStack(t *testing.T) {
	r := deploy(t, true, "todo-api", "stg", "STANDIN_NO_SERVICE=1")
	require.NoError(t, r.err, r.output)
	require.Equal(t, []string{
		"git rev-parse", "aws sts get-caller-identity", "aws ecr describe-images",
		"docker build", "aws ecr get-login-password", "docker login", "docker push",
		"aws ecs describe-services", "aws ecr describe-images", "aws ecr batch-get-image", "aws ecr put-image",
	}, r.calls)
	logged, err := os.ReadFile(filepath.Join(r.dir, "calls.log"))
	require.NoError(t, err)
	assert.Contains(t, string(logged), `aws ecr put-image --repository-name tsumiki-stg-todo-api-images --image-tag bootstrap --image-manifest {"schemaVersion":2}`)
	assert.Contains(t, r.output, "apply the stack (make apply ENV=stg STACK=todo-api), then run make deploy SERVICE=todo-api ENV=stg again")
}

func TestDeploy_Names(t *testing.T) {
	r := deploy(t, false, "todo-batch", "prd", "STANDIN_IMAGE_EXISTS=1", "IMAGE_TAG=v42")
	require.NoError(t, r.err, r.output)
	logged, err := os.ReadFile(filepath.Join(r.dir, "calls.log"))
	require.NoError(t, err)
	log := string(logged)
	assert.Contains(t, log, "aws ecr describe-images --repository-name tsumiki-prd-todo-batch-images --image-ids imageTag=v42")
	assert.Contains(t, log, "aws ecs update-service --cluster tsumiki-prd-platform-cluster --service tsumiki-prd-todo-batch-worker --task-definition arn:aws:ecs:ap-northeast-1:123456789012:task-definition/current:8")
	assert.Contains(t, log, `{"taskRoleArn":"arn:aws:iam::123456789012:role/tsumiki-prd-todo-batch-worker-migration","containerOverrides":[{"name":"todo-batch","command":["migrate","up"],"environment":[{"name":"DATABASE_USER","value":"todo_migrator"}]}]}`,
		"migrations log in as todo_migrator with the migration role (modules/ecs-service), not the service's role")
	assert.Contains(t, log, "git status --porcelain", "prd checks for a clean tree")
	assert.Contains(t, log, "aws ecs describe-task-definition --task-definition current --query taskDefinition",
		"the new revision starts from the family's newest one (terraform's configuration), not the running revision")
	assert.NotContains(t, log, "git rev-parse", "IMAGE_TAG wins over the commit")
}

func TestDeploy_FailedMigrationStopsTheRollout(t *testing.T) {
	r := deploy(t, false, "todo-api", "stg", "STANDIN_IMAGE_EXISTS=1", "STANDIN_MIGRATE_EXIT=1")
	require.Error(t, r.err)
	require.Contains(t, r.output, "migration task arn:aws:ecs:ap-northeast-1:123456789012:task/cluster/migrate1 exited with '1': not rolling out")
	require.Equal(t, "aws ecs describe-tasks", r.calls[len(r.calls)-1], "nothing may run after the failed migration")
	require.NotContains(t, r.calls, "aws ecs update-service")
}

func TestDeploy_Lambda(t *testing.T) {
	tests := []struct {
		name      string
		env       []string
		wantCalls []string
	}{
		{
			name: "BuildsAndUploadsANewPackage",
			wantCalls: []string{
				"git rev-parse", "aws s3api head-object", "go build", "zip -q", "aws s3 cp",
				"aws lambda update-function-code", "aws lambda wait",
			},
		},
		{
			name:      "SkipsBuildWhenThePackageExists",
			env:       []string{"STANDIN_PACKAGE_EXISTS=1"},
			wantCalls: []string{"git rev-parse", "aws s3api head-object", "aws lambda update-function-code", "aws lambda wait"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := deploy(t, false, "mailer", "stg", tt.env...)
			require.NoError(t, r.err, r.output)
			require.Equal(t, tt.wantCalls, r.calls)
			logged, err := os.ReadFile(filepath.Join(r.dir, "calls.log"))
			require.NoError(t, err)
			assert.Contains(t, string(logged), "aws lambda update-function-code --function-name tsumiki-stg-mailer-function --s3-bucket tsumiki-stg-platform-artifacts --s3-key mailer/0123456789ab.zip --publish")
		})
	}
}

func TestDeploy_BadInput(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	services := validServices(t, root)
	tests := []struct {
		name    string
		viaMake bool
		service string
		env     string
		extra   []string
		wantOut string
	}{
		{name: "MakeWithoutService", viaMake: true, service: "", env: "stg", wantOut: "SERVICE is required; one of: " + services},
		{name: "MakeUnknownEnv", viaMake: true, service: "todo-api", env: "dev", wantOut: "unknown ENV 'dev'; one of: stg prd"},
		{name: "ScriptUnknownService", service: "nope", env: "stg", wantOut: "unknown SERVICE 'nope'; one of: " + services},
		{name: "DirtyTreeForPrd", service: "todo-api", env: "prd", extra: []string{"STANDIN_DIRTY=1"}, wantOut: "prd deploys need a clean working tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := deploy(t, tt.viaMake, tt.service, tt.env, tt.extra...)
			require.Error(t, r.err)
			require.Contains(t, r.output, tt.wantOut)
			for _, c := range r.calls {
				require.False(t, strings.HasPrefix(c, "aws") || strings.HasPrefix(c, "docker"), "no cloud call on bad input, got %q", c)
			}
		})
	}
}

// bootstrapDB runs `make db/bootstrap ENV=env` with the stand-ins first on PATH.
func bootstrapDB(t *testing.T, env string, extra ...string) result {
	t.Helper()
	dir := standins(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	cmd := exec.Command("make", "-C", root, "db/bootstrap", "ENV="+env)
	cmd.Env = append(os.Environ(),
		"PATH="+dir+":"+os.Getenv("PATH"),
		"STANDIN_LOG="+filepath.Join(dir, "calls.log"),
		"STANDIN_DIR="+dir,
		"STANDIN_GO="+realGo,
		"STANDIN_DEPLOYNAMES="+deploynames,
		"AWS_REGION=ap-northeast-1",
	)
	cmd.Env = append(cmd.Env, extra...)
	out, err := cmd.CombinedOutput()
	logged, readErr := os.ReadFile(filepath.Join(dir, "calls.log"))
	if readErr != nil && !os.IsNotExist(readErr) {
		require.NoError(t, readErr)
	}
	return result{calls: strings.Split(strings.TrimSpace(string(logged)), "\n"), output: string(out), err: err, dir: dir}
}

func TestDBBootstrap(t *testing.T) {
	r := bootstrapDB(t, "stg")
	require.NoError(t, r.err, r.output)
	log := strings.Join(r.calls, "\n")
	assert.Contains(t, log, "aws rds describe-db-instances --db-instance-identifier tsumiki-stg-todo-api-db")
	assert.Contains(t, log, "aws ecs describe-services --cluster tsumiki-stg-platform-cluster --services tsumiki-stg-todo-api-service --query services[0].taskDefinition")
	assert.Contains(t, log, "aws ecs run-task --cluster tsumiki-stg-platform-cluster --task-definition arn:aws:ecs:ap-northeast-1:123456789012:task-definition/current:7")
	assert.Contains(t, log, `{"taskRoleArn":"arn:aws:iam::123456789012:role/tsumiki-stg-todo-api-db-bootstrap","containerOverrides":[{"name":"todo-api","command":["bootstrap"],"environment":[{"name":"DATABASE_USER","value":"tsumiki_admin"},{"name":"DATABASE_PASSWORD_SECRET_ARN","value":"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-0001-AbCdEf"}]}]}`,
		"the master logs in with the password read from its secret by the bootstrap role; the password itself never appears")
	assert.Contains(t, r.output, "done: stg's database has its login roles")

	t.Run("FailedTask", func(t *testing.T) {
		r := bootstrapDB(t, "prd", "STANDIN_MIGRATE_EXIT=1")
		require.Error(t, r.err)
		require.Contains(t, r.output, "bootstrap task arn:aws:ecs:ap-northeast-1:123456789012:task/cluster/migrate1 exited with '1'")
	})
	t.Run("UnknownEnv", func(t *testing.T) {
		r := bootstrapDB(t, "dev")
		require.Error(t, r.err)
		require.Contains(t, r.output, "ENV")
		require.Contains(t, r.output, "stg prd")
	})
}

package deploy_test

import (
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
	calls  []string // one recorded call a line
	output string
	err    error
	dir    string
}

// TestMake_BadInput: every deploy target checks SERVICE and ENV before anything runs and
// lists the valid values.
func TestMake_BadInput(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	services := validServices(t, root)
	tests := []struct {
		target, service, env, want string
	}{
		{"deploy", "", "stg", "SERVICE is required; one of: " + services},
		{"deploy", "todo-api", "dev", "unknown ENV 'dev'; one of: stg prd"},
		{"deploy/push", "nope", "stg", "unknown SERVICE 'nope'; one of: " + services},
		{"deploy/migrate", "todo-api", "", "ENV is required; one of: stg prd"},
		{"rollback", "todo-api", "local", "unknown ENV 'local'; one of: stg prd"},
	}
	for _, tt := range tests {
		t.Run(tt.target+"/"+tt.service+"/"+tt.env, func(t *testing.T) {
			out, err := exec.Command("make", "-s", "-C", root, tt.target, "SERVICE="+tt.service, "ENV="+tt.env).CombinedOutput()
			require.Error(t, err)
			require.Contains(t, string(out), tt.want)
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

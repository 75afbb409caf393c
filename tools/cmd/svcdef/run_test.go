package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// repoRoot is the repository root, three folders up.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	return root
}

// load reads the repository's definitions: what the command's output must follow.
func load(t *testing.T) []svcdef.Service {
	t.Helper()
	services, err := svcdef.Load(repoRoot(t))
	require.NoError(t, err)
	require.NotEmpty(t, services)
	return services
}

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestRun_Make(t *testing.T) {
	out := filepath.Join(t.TempDir(), "mk", "services.mk")
	stdout, _, err := runCmd(t, "make", "-root", repoRoot(t), "-o", out)
	require.NoError(t, err)
	require.Empty(t, stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	services := load(t)
	require.Contains(t, string(data), "\nSERVICES := "+strings.Join(svcdef.Names(services), " ")+"\n")
	for _, svc := range services {
		require.Contains(t, string(data), strings.TrimSpace("\nSERVICE_PORT_ENV_"+svc.Name+" := "+svc.Local.PortEnv)+"\n")
	}
}

func TestRun_List(t *testing.T) {
	stdout, _, err := runCmd(t, "list", "-root", repoRoot(t))
	require.NoError(t, err)
	services := load(t)
	require.Equal(t, strings.Join(svcdef.Names(services), "\n")+"\n", stdout)

	stdout, _, err = runCmd(t, "list", "-root", repoRoot(t), "-kind", "worker", "-json")
	require.NoError(t, err)
	workers := svcdef.Names(svcdef.OfKind(services, svcdef.KindWorker))
	require.NotEmpty(t, workers, "the repository has a worker to list")
	quoted := make([]string, len(workers))
	for i, w := range workers {
		quoted[i] = `"` + w + `"`
	}
	require.Equal(t, "["+strings.Join(quoted, ",")+"]\n", stdout)
}

func TestRun_Check(t *testing.T) {
	stdout, _, err := runCmd(t, "check", "-root", repoRoot(t))
	require.NoError(t, err)
	services := load(t)
	require.Contains(t, stdout, fmt.Sprintf("%d services (%s)", len(services), strings.Join(svcdef.Names(services), ", ")))
}

// TestRun_CheckAndGenerate works on a scratch tree: a stale workflow line and a missing
// CODEOWNERS rule fail the check; generate fixes the workflow.
func TestRun_CheckAndGenerate(t *testing.T) {
	root := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	write("services/api/service.yaml", "name: api\nkind: worker\ndescription: d\nowners: [\"@o/api\"]\nstack: api\ncommand: api\n")
	for _, dir := range []string{"services/api/cmd/api", "terraform/stacks/api", "terraform/stg/api", "terraform/prd/api"} {
		write(dir+"/main.tf", "")
	}
	write(".github/CODEOWNERS", "* @o/platform\n/services/api/ @o/api\n")
	workflow := "        " + svcdef.GeneratedMarker + "\n        options: [old]\n"
	write(".github/workflows/deploy.yml", workflow)
	write("README.md", "<!-- svcdef:design-docs -->\n- [api](design-docs/api.md)\n<!-- /svcdef:design-docs -->\n")

	_, _, err := runCmd(t, "check", "-root", root)
	require.Error(t, err)
	require.Contains(t, err.Error(), "the design doc of api must be owned by @o/api")
	require.Contains(t, err.Error(), ".github/workflows/deploy.yml: what is generated from the definitions is out of date; run make svc/generate")
	require.NotContains(t, err.Error(), "README.md")

	stdout, _, err := runCmd(t, "generate", "-root", root)
	require.NoError(t, err)
	require.Equal(t, "wrote .github/workflows/deploy.yml\nREADME.md is up to date\nwrote .github/CODEOWNERS\n", stdout)
	data, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "deploy.yml"))
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(string(data), "        options: [api]\n"))

	_, _, err = runCmd(t, "check", "-root", root)
	require.NoError(t, err, "generate added the missing CODEOWNERS rule")
	owners, err := os.ReadFile(filepath.Join(root, ".github", "CODEOWNERS"))
	require.NoError(t, err)
	require.Equal(t, "* @o/platform\n/services/api/ @o/api\n/design-docs/api.md         @o/api\n", string(owners))
}

func TestRun_Usage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "NoSubcommand", args: nil, wantErr: "usage: svcdef"},
		{name: "UnknownSubcommand", args: []string{"deploy", "-root", "."}, wantErr: `unknown subcommand "deploy"`},
		{name: "UnknownKind", args: []string{"list", "-root", ".", "-kind", "cron"}, wantErr: "one of: http, worker, lambda"},
		{name: "ExtraArgument", args: []string{"list", "-root", ".", "todo-api"}, wantErr: "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.args...)
			var u usageError
			require.ErrorAs(t, err, &u)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

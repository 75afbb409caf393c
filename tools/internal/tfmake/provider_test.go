package tfmake_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// withProviderSources gives the fixture a tools/ module with a stand-in
// cmd/terraform-provider-aws (a main package importing a package of its own), as
// make tf/provider expects it.
func (f *fixture) withProviderSources(t *testing.T) {
	t.Helper()
	f.repo.Write(map[string]string{
		"go.work":      "go 1.26\n\nuse ./tools\n",
		"tools/go.mod": "module example.com/tools\n\ngo 1.26\n",
		"tools/go.sum": "",
		"tools/cmd/terraform-provider-aws/main.go": "package main\n\nimport \"example.com/tools/internal/offlineaws\"\n\nfunc main() { offlineaws.Serve() }\n",
		"tools/internal/offlineaws/serve.go":       "package offlineaws\n\n// Serve does nothing.\nfunc Serve() {}\n",
	})
}

func TestProvider_BuildsOnlyWhenSourcesChange(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: runs go build; make test runs it")
	}
	f := newFixture(t)
	f.withProviderSources(t)
	binary := filepath.Join(f.repo.Dir, "bin", "offline-aws", "terraform-provider-aws")
	rc := filepath.Join(f.repo.Dir, ".local", "tf", "offline.tfrc")

	out, _, code := f.make(t, "", nil, "tf/provider")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "go build -o "+binary)
	require.FileExists(t, binary)
	b, err := os.ReadFile(rc)
	require.NoError(t, err)
	require.Contains(t, string(b), "dev_overrides {\n    \"hashicorp/aws\" = \""+filepath.Join(f.repo.Dir, "bin", "offline-aws")+"\"\n  }\n  direct {}\n")
	rcInfo, err := os.Stat(rc)
	require.NoError(t, err)

	out, _, code = f.make(t, "", nil, "tf/provider")
	require.Equal(t, 0, code, out)
	require.NotContains(t, out, "go build", "a second run with unchanged sources must not build")
	require.NotContains(t, out, "wrote .local/tf/offline.tfrc", "an unchanged CLI config must not be rewritten")
	again, err := os.Stat(rc)
	require.NoError(t, err)
	require.Equal(t, rcInfo.ModTime(), again.ModTime())

	// A change in a package the provider imports (not only in its main package) rebuilds it.
	later := time.Now().Add(2 * time.Second)
	dep := filepath.Join(f.repo.Dir, "tools", "internal", "offlineaws", "serve.go")
	require.NoError(t, os.Chtimes(dep, later, later))
	out, _, code = f.make(t, "", nil, "tf/provider")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "go build -o "+binary)

	// A deleted source file is no make error: the provider is rebuilt without it.
	f.repo.Write(map[string]string{"tools/internal/offlineaws/serve.go": "package offlineaws\n\n// Serve does nothing.\nfunc Serve() { helper() }\n", "tools/internal/offlineaws/helper.go": "package offlineaws\n\nfunc helper() {}\n"})
	out, _, code = f.make(t, "", nil, "tf/provider")
	require.Equal(t, 0, code, out)
	f.repo.Write(map[string]string{"tools/internal/offlineaws/serve.go": "package offlineaws\n\n// Serve does nothing.\nfunc Serve() {}\n"})
	f.repo.Remove("tools/internal/offlineaws/helper.go")
	out, _, code = f.make(t, "", nil, "tf/provider")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "go build -o "+binary)
}

func TestProvider_MissingSourcesSayWhat(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.repo.Write(map[string]string{"go.work": "go 1.26\n", "tools/go.mod": "module example.com/tools\n", "tools/go.sum": ""})

	out, _, code := f.make(t, "", nil, "tf/provider")

	require.Equal(t, 2, code, out)
	require.Contains(t, out, "error: tools/cmd/terraform-provider-aws does not exist")
}

// TestProvider_PlanAndApplyKeepTheUsersCLIConfig makes sure the offline provider's CLI config
// never reaches a plan or apply against real AWS: tf.sh's terraform sees the user's config.
func TestProvider_PlanAndApplyKeepTheUsersCLIConfig(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// The stand-in terraform also records the CLI config it was given.
	recorder := "#!/usr/bin/env bash\necho \"config ${TF_CLI_CONFIG_FILE:-}\" >>\"$FAKE_LOG\"\n" + strings.TrimPrefix(fakeTerraform, "#!/usr/bin/env bash\n")
	require.NoError(t, os.WriteFile(filepath.Join(f.bin, "terraform"), []byte(recorder), 0o755))
	userRC := filepath.Join(t.TempDir(), "user.tfrc")
	require.NoError(t, os.WriteFile(userRC, []byte("# the user's own\n"), 0o644))

	out, calls, code := f.make(t, "", []string{"TF_CLI_CONFIG_FILE=" + userRC}, "apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1")

	require.Equal(t, 0, code, out)
	require.NotEmpty(t, calls)
	for _, c := range calls {
		if strings.HasPrefix(c, "config ") {
			require.Equal(t, "config "+userRC, c)
		}
	}
}

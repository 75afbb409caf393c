package moduletest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
)

// modulesDir is the repository's modules/, relative to this package.
var modulesDir = filepath.Join("..", "..", "..", "modules")

// copyModules copies the terraform files of modules/ (every module, its examples and tests)
// into a temporary directory and returns the copy's modules/ folder, so runs never share state
// or touch the tree. terraform's working data (.terraform/, state, lock files) is left out.
func copyModules(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "modules")
	scratchdir.CopyTerraform(t, modulesDir, dst)
	return dst
}

// terraformEnv is the process's environment with TF_CLI_CONFIG_FILE pointing at an empty CLI
// config, so a developer's own provider installation settings do not reach the tests.
func terraformEnv(t *testing.T) []string {
	t.Helper()
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	require.NoError(t, os.WriteFile(cliConfig, nil, 0o600))
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			env = append(env, kv)
		}
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig)
}

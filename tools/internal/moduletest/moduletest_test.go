package moduletest_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// modulesDir is the repository's modules/, relative to this package.
var modulesDir = filepath.Join("..", "..", "..", "modules")

// copyModules copies the terraform files of modules/ (every module, its examples and tests)
// into a temporary directory and returns the copy's modules/ folder, so runs never share state
// or touch the tree. terraform's working data (.terraform/, state, lock files) is left out.
func copyModules(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "modules")
	err := filepath.WalkDir(modulesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(modulesDir, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() || strings.Contains(d.Name(), ".tfstate") || d.Name() == ".terraform.lock.hcl" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	require.NoError(t, err, "copy %s", modulesDir)
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

package tfmake_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestApply_RealTerraformAndGuard runs make apply end to end with the real terraform and the
// real destroy guard (tools/cmd/tfguard) on a provider-free stack with local state: the first
// apply creates a resource, a change that replaces it is refused by the guard, and the same
// change goes through once ALLOW_DESTROY names the address.
func TestApply_RealTerraformAndGuard(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform and builds tfguard; make test runs it")
	}
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH")
	guard := filepath.Join(t.TempDir(), "tfguard")
	build := exec.Command("go", "build", "-o", guard, "./tools/cmd/tfguard")
	build.Dir = repoRoot
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	f := newFixture(t)
	// Use the real terraform: drop the stand-in from this fixture's PATH.
	require.NoError(t, os.Remove(filepath.Join(f.bin, "terraform")))
	stack := func(trigger string) map[string]string {
		return map[string]string{"terraform/stg/network/main.tf": `resource "terraform_data" "marker" {
  triggers_replace = "` + trigger + `"
}
`}
	}
	f.repo.Write(stack("one"))
	apply := func(allow string) (string, int) {
		t.Helper()
		args := []string{"apply", "ENV=stg", "STACK=network", "AUTO_APPROVE=1", "TF_GUARD=" + guard}
		if allow != "" {
			args = append(args, "ALLOW_DESTROY="+allow)
		}
		out, _, code := f.make(t, "", nil, args...)
		return out, code
	}

	got, code := apply("")
	require.Equal(t, 0, code, got)
	require.Contains(t, got, "Summary for stg/network: 1 to add, 0 to change, 0 to replace, 0 to destroy")

	f.repo.Write(stack("two"))
	got, code = apply("")
	require.Equal(t, 2, code, got)
	require.Contains(t, got, "Summary for stg/network: 0 to add, 0 to change, 1 to replace, 0 to destroy")
	require.Contains(t, got, "terraform_data.marker")
	require.Contains(t, got, "the destroy guard refused this plan")

	got, code = apply("terraform_data.marker")
	require.Equal(t, 0, code, got)
	require.True(t, strings.Contains(got, "Apply complete! Resources: 1 added, 0 changed, 1 destroyed."), got)
}

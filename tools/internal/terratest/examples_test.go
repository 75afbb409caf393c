package terratest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/terraform"
	teststructure "github.com/gruntwork-io/terratest/modules/test-structure"
	"github.com/stretchr/testify/require"
)

// TestExamples_InitAndValidate runs terraform init and validate on every module's example.
// That needs the hashicorp/aws provider, which cannot be downloaded on the build machines, so
// it runs only with TF_ACC=1 (GitHub Actions) and says why otherwise.
func TestExamples_InitAndValidate(t *testing.T) {
	t.Parallel()
	if os.Getenv("TF_ACC") != "1" {
		t.Skip("TF_ACC is not 1: the examples declare hashicorp/aws, which cannot be downloaded here; CI sets TF_ACC=1 to run this")
	}
	modules := filepath.Join("..", "..", "..", "modules")
	examples, err := filepath.Glob(filepath.Join(modules, "*", "examples", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, example := range examples {
		rel, err := filepath.Rel(modules, example)
		require.NoError(t, err)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			opts := &terraform.Options{
				TerraformDir: teststructure.CopyTerraformFolderToTemp(t, modules, rel),
				NoColor:      true,
				Logger:       logger.Discard,
				EnvVars:      map[string]string{"TF_IN_AUTOMATION": "1"},
			}

			out, err := terraform.InitAndValidateE(t, opts)

			require.NoError(t, err, "terraform validate %s:\n%s", rel, out)
		})
	}
}

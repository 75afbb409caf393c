package moduletest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfcheck"
)

// TestExamples_InitAndValidate runs terraform init and validate on every module's example.
// That needs the hashicorp/aws provider, which cannot be downloaded on the build machines, so
// it runs only with TF_ACC=1 (GitHub Actions) and says why otherwise.
func TestExamples_InitAndValidate(t *testing.T) {
	t.Parallel()
	if os.Getenv("TF_ACC") != "1" {
		t.Skip("TF_ACC is not 1: the examples declare hashicorp/aws, which cannot be downloaded here; CI sets TF_ACC=1 to run this")
	}
	examples, err := filepath.Glob(filepath.Join(modulesDir, "*", "examples", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, example := range examples {
		rel, err := filepath.Rel(modulesDir, example)
		require.NoError(t, err)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			runner := tfcheck.Runner{Init: true, Env: os.Environ(), DataDir: t.TempDir()}

			res, err := runner.Validate(context.Background(), filepath.Join(copyModules(t), rel))

			require.NoError(t, err, "terraform init %s", rel)
			require.True(t, res.Valid, "terraform validate %s:\n%s", rel, formatAll(res.Diagnostics))
		})
	}
}

// formatAll renders diagnostics the way terraform prints them.
func formatAll(diags []tfcheck.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Format())
	}
	return b.String()
}

package moduletest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfcheck"
)

// applyNaming applies a copy of modules/naming (so runs never share state or touch the tree)
// with vars, offline: the module has no provider.
func applyNaming(t *testing.T, vars map[string]any) tfcheck.ApplyResult {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform apply (offline, provider-free); make test runs it")
	}
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH (it is part of the platform's toolchain, see DESIGN.md)")
	varFile := filepath.Join(t.TempDir(), "test.tfvars.json")
	b, err := json.Marshal(vars)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(varFile, b, 0o600))
	runner := tfcheck.Runner{Env: terraformEnv(t)}

	res, err := runner.Apply(context.Background(), filepath.Join(copyModules(t), "naming"), "-var-file="+varFile)

	require.NoError(t, err)
	return res
}

// output decodes the applied output name of res into a value of type T.
func output[T any](t *testing.T, res tfcheck.ApplyResult, name string) T {
	t.Helper()
	raw, ok := res.Outputs[name]
	require.True(t, ok, "output %q missing; outputs: %v", name, res.Outputs)
	var v T
	require.NoError(t, json.Unmarshal(raw, &v), "output %q: %s", name, raw)
	return v
}

// hashSuffix is the contract modules/naming implements: the first 8 hex digits of sha256.
func hashSuffix(full string) string {
	sum := sha256.Sum256([]byte(full))
	return hex.EncodeToString(sum[:])[:8]
}

func TestNaming_Apply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		vars          map[string]any
		wantID        string
		wantTruncated bool
	}{
		{
			name:          "LocalQueueUsedByMakeDev",
			vars:          map[string]any{"environment": "local", "service": "mailer", "component": "queue"},
			wantID:        "tsumiki-local-mailer-queue",
			wantTruncated: false,
		},
		{
			name:          "AttributesFollowComponent",
			vars:          map[string]any{"environment": "stg", "service": "mailer", "component": "queue", "attributes": []string{"dlq"}},
			wantID:        "tsumiki-stg-mailer-queue-dlq",
			wantTruncated: false,
		},
		{
			name:          "LongNameGetsStableHash",
			vars:          map[string]any{"environment": "prd", "service": "todo-api", "component": "target-group", "attributes": []string{"blue"}, "max_length": 32},
			wantID:        "tsumiki-prd-todo-api-ta-" + hashSuffix("tsumiki-prd-todo-api-target-group-blue"),
			wantTruncated: true,
		},
		{
			name:          "CutOnHyphenDropsIt",
			vars:          map[string]any{"environment": "stg", "service": "todo-batch", "component": "exports", "attributes": []string{"archive", "2026"}, "max_length": 32},
			wantID:        "tsumiki-stg-todo-batch-" + hashSuffix("tsumiki-stg-todo-batch-exports-archive-2026"),
			wantTruncated: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			res := applyNaming(t, tt.vars)

			require.True(t, res.OK, "terraform apply:\n%s", formatAll(res.Diagnostics))
			id := output[string](t, res, "id")
			require.Equal(t, tt.wantID, id)
			require.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, id, "names are lower-case and hyphenated")
			if max, ok := tt.vars["max_length"].(int); ok {
				require.LessOrEqual(t, len(id), max)
			}
			require.Equal(t, tt.wantTruncated, output[bool](t, res, "truncated"))
			require.Equal(t, map[string]string{
				"Project":     "tsumiki",
				"Environment": tt.vars["environment"].(string),
				"Service":     tt.vars["service"].(string),
				"ManagedBy":   "terraform",
				"Repository":  "github.com/tsumiki-dev/tsumiki",
			}, output[map[string]string](t, res, "tags"))
		})
	}
}

func TestNaming_ApplyRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		vars    map[string]any
		wantErr string
	}{
		{name: "UnknownEnvironment", vars: map[string]any{"environment": "production", "service": "mailer", "component": "queue"}, wantErr: "The environment must be one of local, stg, prd."},
		{name: "UpperCaseService", vars: map[string]any{"environment": "stg", "service": "TodoApi", "component": "queue"}, wantErr: "The service must start with a lower-case letter"},
		{name: "UnderscoreComponent", vars: map[string]any{"environment": "stg", "service": "mailer", "component": "dead_letter"}, wantErr: "The component must start with a lower-case letter"},
		{name: "TooShortMaxLength", vars: map[string]any{"environment": "stg", "service": "mailer", "component": "queue", "max_length": 8}, wantErr: "The max_length must be a whole number from 16 to 255"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			res := applyNaming(t, tt.vars)

			require.False(t, res.OK, "terraform apply must refuse %v", tt.vars)
			require.NotEmpty(t, res.Errors())
			require.Contains(t, formatAll(res.Errors()), tt.wantErr)
		})
	}
}

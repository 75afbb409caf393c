package terratest_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gruntwork-io/terratest/modules/logger"
	"github.com/gruntwork-io/terratest/modules/terraform"
	teststructure "github.com/gruntwork-io/terratest/modules/test-structure"
	"github.com/stretchr/testify/require"
)

// namingOptions copies modules/naming to a temporary directory (so runs never share state or
// touch the tree) and returns terraform options for it.
func namingOptions(t *testing.T, vars map[string]any) *terraform.Options {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform init and apply (offline, provider-free); make test runs it")
	}
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH (it is part of the platform's toolchain, see DESIGN.md)")
	dir := teststructure.CopyTerraformFolderToTemp(t, filepath.Join("..", "..", "..", "modules"), "naming")
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	require.NoError(t, os.WriteFile(cliConfig, nil, 0o600))
	return &terraform.Options{
		TerraformDir: dir,
		Vars:         vars,
		NoColor:      true,
		Logger:       logger.Discard,
		EnvVars: map[string]string{
			"TF_CLI_CONFIG_FILE": cliConfig,
			"TF_IN_AUTOMATION":   "1",
		},
	}
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
		wantTruncated string
	}{
		{
			name:          "LocalQueueUsedByMakeDev",
			vars:          map[string]any{"environment": "local", "service": "mailer", "component": "queue"},
			wantID:        "tsumiki-local-mailer-queue",
			wantTruncated: "false",
		},
		{
			name:          "AttributesFollowComponent",
			vars:          map[string]any{"environment": "stg", "service": "mailer", "component": "queue", "attributes": []string{"dlq"}},
			wantID:        "tsumiki-stg-mailer-queue-dlq",
			wantTruncated: "false",
		},
		{
			name:          "LongNameGetsStableHash",
			vars:          map[string]any{"environment": "prd", "service": "todo-api", "component": "target-group", "attributes": []string{"blue"}, "max_length": 32},
			wantID:        "tsumiki-prd-todo-api-ta-" + hashSuffix("tsumiki-prd-todo-api-target-group-blue"),
			wantTruncated: "true",
		},
		{
			name:          "CutOnHyphenDropsIt",
			vars:          map[string]any{"environment": "stg", "service": "todo-batch", "component": "exports", "attributes": []string{"archive", "2026"}, "max_length": 32},
			wantID:        "tsumiki-stg-todo-batch-" + hashSuffix("tsumiki-stg-todo-batch-exports-archive-2026"),
			wantTruncated: "true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := namingOptions(t, tt.vars)

			terraform.InitAndApply(t, opts)

			id := terraform.Output(t, opts, "id")
			require.Equal(t, tt.wantID, id)
			require.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, id, "names are lower-case and hyphenated")
			if max, ok := tt.vars["max_length"].(int); ok {
				require.LessOrEqual(t, len(id), max)
			}
			require.Equal(t, tt.wantTruncated, terraform.Output(t, opts, "truncated"))
			require.Equal(t, map[string]string{
				"Project":     "tsumiki",
				"Environment": tt.vars["environment"].(string),
				"Service":     tt.vars["service"].(string),
				"ManagedBy":   "terraform",
				"Repository":  "github.com/tsumiki-dev/tsumiki",
			}, terraform.OutputMap(t, opts, "tags"))
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
			opts := namingOptions(t, tt.vars)

			_, err := terraform.InitAndApplyE(t, opts)

			require.Error(t, err)
			require.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

package naming_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/naming"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		in      naming.Input
		want    naming.Name
		wantErr []string
	}{
		{
			name: "ServiceComponent",
			in:   naming.Input{Environment: "local", Service: "mailer", Component: "queue"},
			want: naming.Name{ID: "tsumiki-local-mailer-queue", FullName: "tsumiki-local-mailer-queue"},
		},
		{
			name: "Attributes",
			in:   naming.Input{Environment: "local", Service: "mailer", Component: "queue", Attributes: []string{"dlq"}},
			want: naming.Name{ID: "tsumiki-local-mailer-queue-dlq", FullName: "tsumiki-local-mailer-queue-dlq"},
		},
		{
			// The same contract value as modules/naming/tests/naming.tftest.hcl.
			name: "ShortenedWithHash",
			in:   naming.Input{Environment: "prd", Service: "todo-api", Component: "target-group", Attributes: []string{"blue"}, MaxLength: 32},
			want: naming.Name{ID: "tsumiki-prd-todo-api-ta-e308f61a", FullName: "tsumiki-prd-todo-api-target-group-blue", Truncated: true},
		},
		{
			name: "CutOnHyphen",
			in:   naming.Input{Environment: "stg", Service: "todo-batch", Component: "exports", Attributes: []string{"archive", "2026"}, MaxLength: 32},
			want: naming.Name{ID: "tsumiki-stg-todo-batch-c5564517", FullName: "tsumiki-stg-todo-batch-exports-archive-2026", Truncated: true},
		},
		{
			name:    "EveryInvalidInputAtOnce",
			in:      naming.Input{Project: "Tsumiki", Environment: "production", Service: "TodoApi", Component: "dead_letter", Attributes: []string{"DLQ"}, MaxLength: 8},
			wantErr: []string{"project", "environment \"production\": must be one of local, stg, prd", "service", "component", "attributes[0]", "max length 8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := naming.New(tt.in)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					require.ErrorContains(t, err, w)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// TestNew_ParityWithTerraformModule applies modules/naming with terraform (it declares no
// provider, so this works offline) on a set of inputs and requires the Go port to give the same
// id, full_name and truncated outputs for each.
func TestNew_ParityWithTerraformModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform (skipped under -short)")
	}
	tf, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform is needed to check parity with modules/naming; install terraform ~> 1.11")

	inputs := []naming.Input{
		{Environment: "local", Service: "mailer", Component: "queue"},
		{Environment: "local", Service: "mailer", Component: "queue", Attributes: []string{"dlq"}, MaxLength: 80},
		{Environment: "local", Service: "mailer", Component: "idempotency", MaxLength: 255},
		{Environment: "local", Service: "todo-batch", Component: "exports", MaxLength: 63},
		{Environment: "stg", Service: "mailer", Component: "queue", Attributes: []string{"dlq"}},
		{Environment: "prd", Service: "todo-api", Component: "target-group", Attributes: []string{"blue"}, MaxLength: 32},
		{Environment: "stg", Service: "todo-batch", Component: "exports", Attributes: []string{"archive", "2026"}, MaxLength: 32},
		{Project: "acme", Environment: "prd", Service: "very-long-service-name", Component: "component-with-many-parts", Attributes: []string{"a1", "b-2"}, MaxLength: 40},
		{Environment: "prd", Service: "s", Component: "c", Attributes: []string{"x"}, MaxLength: 16},
		{Environment: "local", Service: "todo-api", Component: "db", MaxLength: 255},
	}

	// From the working directory (the package's folder under go test): runtime.Caller's path
	// is module-relative under make's -trimpath.
	root, err := cli.FindRoot("run the test inside the repository")
	require.NoError(t, err)
	module := filepath.Join(root, "modules", "naming")
	_, err = os.Stat(filepath.Join(module, "main.tf"))
	require.NoError(t, err, "modules/naming must exist")

	var hcl strings.Builder
	for i, in := range inputs {
		fmt.Fprintf(&hcl, "module \"n%d\" {\n  source = %q\n  environment = %q\n  service = %q\n  component = %q\n", i, module, in.Environment, in.Service, in.Component)
		if in.Project != "" {
			fmt.Fprintf(&hcl, "  project = %q\n", in.Project)
		}
		if in.Attributes != nil {
			attrs, err := json.Marshal(in.Attributes)
			require.NoError(t, err)
			fmt.Fprintf(&hcl, "  attributes = %s\n", attrs)
		}
		if in.MaxLength != 0 {
			fmt.Fprintf(&hcl, "  max_length = %d\n", in.MaxLength)
		}
		fmt.Fprintf(&hcl, "}\noutput \"n%d\" {\n  value = { id = module.n%d.id, full_name = module.n%d.full_name, truncated = module.n%d.truncated }\n}\n", i, i, i, i)
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl.String()), 0o644))

	terraform := func(args ...string) []byte {
		cmd := exec.CommandContext(t.Context(), tf, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		require.NoError(t, err, "terraform %s: %s%s", strings.Join(args, " "), out, stderr)
		return out
	}
	terraform("init", "-input=false", "-backend=false", "-no-color")
	terraform("apply", "-input=false", "-auto-approve", "-no-color")
	var outputs map[string]struct {
		Value struct {
			ID        string `json:"id"`
			FullName  string `json:"full_name"`
			Truncated bool   `json:"truncated"`
		} `json:"value"`
	}
	require.NoError(t, json.Unmarshal(terraform("output", "-json"), &outputs))
	require.Len(t, outputs, len(inputs))

	for i, in := range inputs {
		want := outputs[fmt.Sprintf("n%d", i)].Value
		got, err := naming.New(in)
		require.NoError(t, err, "input %d: %+v", i, in)
		require.Equal(t, naming.Name{ID: want.ID, FullName: want.FullName, Truncated: want.Truncated}, got, "input %d: %+v", i, in)
	}
}

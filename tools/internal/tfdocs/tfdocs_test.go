package tfdocs_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfdocs"
)

func writeModule(t *testing.T, readme string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "variables.tf"), []byte(`
variable "zone" {
  type        = string
  description = "Where | it runs."
}

variable "count_max" {
  type        = number
  description = "Most tasks."
  default     = 4
}
`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "outputs.tf"), []byte(`
output "id" {
  description = "The ID."
  value       = "x"
}
`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644))
	return dir
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	want := "# m\n\n" + tfdocs.Begin + "\n## Inputs\n\n" +
		"| Name | Description | Type | Default | Required |\n|------|-------------|------|---------|:--------:|\n" +
		"| `count_max` | Most tasks. | `number` | `4` | no |\n" +
		"| `zone` | Where \\| it runs. | `string` | n/a | yes |\n" +
		"\n## Outputs\n\n| Name | Description |\n|------|-------------|\n| `id` | The ID. |\n" +
		tfdocs.End + "\nafter\n"
	tests := []struct {
		name        string
		readme      string
		check       bool
		wantChanged bool
		wantReadme  string
		wantErr     error
	}{
		{name: "WritesTables", readme: "# m\n\n" + tfdocs.Begin + "\n" + tfdocs.End + "\nafter\n", wantChanged: true, wantReadme: want},
		{name: "UpToDate", readme: want, wantChanged: false, wantReadme: want},
		{name: "CheckReportsStaleWithoutWriting", readme: "# m\n\n" + tfdocs.Begin + "\nold\n" + tfdocs.End + "\nafter\n", check: true, wantChanged: true, wantReadme: "# m\n\n" + tfdocs.Begin + "\nold\n" + tfdocs.End + "\nafter\n"},
		{name: "NoMarkers", readme: "# m\n", wantErr: tfdocs.ErrNoMarkers, wantReadme: "# m\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeModule(t, tt.readme)

			changed, err := tfdocs.Update(dir, tt.check)

			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
				require.Equal(t, tt.wantChanged, changed)
			}
			got, err := os.ReadFile(filepath.Join(dir, "README.md"))
			require.NoError(t, err)
			require.Equal(t, tt.wantReadme, string(got))
		})
	}
}

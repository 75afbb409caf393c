package rehearse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBackendConfigFile(t *testing.T) {
	t.Parallel()

	got := string(BackendConfigFile("http://127.0.0.1:4321"))

	require.Contains(t, got, `endpoints = { s3 = "http://127.0.0.1:4321" }`)
	require.Contains(t, got, "use_path_style = true\n")
	require.Contains(t, got, "skip_credentials_validation = true\n")
	require.Contains(t, got, "skip_requesting_account_id = true\n")
	require.NotContains(t, got, "bucket", "bucket, key and region stay the committed ones")
}

func TestRemoteStateOverride(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "EveryS3ReadKeepsItsCommittedConfig",
			files: map[string]string{
				"main.tf": `data "terraform_remote_state" "network" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = "${var.environment}/network/terraform.tfstate"
    region = var.region
  }
}

resource "aws_sqs_queue" "this" {}
`,
				"more.tf": `data "terraform_remote_state" "shared" {
  backend = "s3"
  config  = { bucket = "b", key = "k", region = "r" }
}

data "terraform_remote_state" "elsewhere" {
  backend = "local"
  config  = { path = "x" }
}
`,
				"old_override.tf": `data "terraform_remote_state" "ignored" {
  backend = "s3"
  config  = {}
}
`,
			},
			want: `# Written by tfrehearse (not committed): remote-state reads go to the rehearsal's S3 stand-in.

data "terraform_remote_state" "network" {
  config = merge({
    bucket = var.state_bucket
    key    = "${var.environment}/network/terraform.tfstate"
    region = var.region
    }, {
    endpoints                   = { s3 = "http://127.0.0.1:4321" }
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
  })
}

data "terraform_remote_state" "shared" {
  config = merge({ bucket = "b", key = "k", region = "r" }, {
    endpoints                   = { s3 = "http://127.0.0.1:4321" }
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
  })
}
`,
		},
		{
			name:  "NoReadNoFile",
			files: map[string]string{"main.tf": "resource \"aws_sqs_queue\" \"this\" {}\n"},
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, content := range tt.files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
			}

			got, err := RemoteStateOverride(dir, "http://127.0.0.1:4321")

			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
		})
	}
}

package rehearse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOverride(t *testing.T) {
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
			want: `# Written by tfrehearse, not committed: the S3 backend and remote-state reads use the
# rehearsal's S3 stand-in (tools/internal/rehearse/backend.go says why an override).

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
			name: "BackendKeepsTheCommittedArguments",
			files: map[string]string{"backend.tf": `terraform {
  # partial: env/<env>.s3.tfbackend names the bucket
  backend "s3" {
    use_lockfile = true
    encrypt      = true
    endpoints    = { s3 = "https://elsewhere" }
  }
}
`},
			want: `# Written by tfrehearse, not committed: the S3 backend and remote-state reads use the
# rehearsal's S3 stand-in (tools/internal/rehearse/backend.go says why an override).

terraform {
  backend "s3" {
    encrypt                     = true
    use_lockfile                = true
    endpoints                   = { s3 = "http://127.0.0.1:4321" }
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
  }
}
`,
		},
		{
			name:  "LocalBackendNoFile",
			files: map[string]string{"backend.tf": "terraform {\n  backend \"local\" {}\n}\n"},
			want:  "",
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

			got, err := Override(dir, "http://127.0.0.1:4321")

			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
		})
	}
}

package tfmake_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/stretchr/testify/require"
)

// TestBootstrap_RealTerraformMigratesIntoS3 runs the documented first run with the real
// terraform against an S3 stand-in (gofakes3, in process): make tf/bootstrap applies with local
// state while the bucket does not exist, the apply creates the bucket (a provider-free
// stand-in for the state-backend module), the state moves into it, the next make apply finds
// nothing to change, and a second first run refuses.
func TestBootstrap_RealTerraformMigratesIntoS3(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform; make test runs it")
	}
	for _, tool := range []string{"terraform", "curl"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "%s must be on PATH", tool)
	}
	s3 := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(s3.Close)

	f := newFixture(t)
	require.NoError(t, os.Remove(filepath.Join(f.bin, "terraform")), "use the real terraform")
	f.repo.Write(map[string]string{
		"terraform/bootstrap/backend.tf": `terraform {
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
`,
		"terraform/bootstrap/main.tf": `variable "environment" {
  type = string
}

# Stands in for modules/state-backend: the apply creates the state bucket.
resource "terraform_data" "state_bucket" {
  input = var.environment

  provisioner "local-exec" {
    command = "curl -sf -X PUT ` + s3.URL + `/tsumiki-${var.environment}-platform-tfstate"
  }
}
`,
		"terraform/bootstrap/env/stg.s3.tfbackend": `bucket                      = "tsumiki-stg-platform-tfstate"
key                         = "stg/bootstrap/terraform.tfstate"
region                      = "ap-northeast-1"
endpoints                   = { s3 = "` + s3.URL + `" }
use_path_style              = true
skip_credentials_validation = true
skip_region_validation      = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
skip_s3_checksum            = true
access_key                  = "offline"
secret_key                  = "offline"
`,
	})
	f.repo.Commit("bootstrap root")
	env := []string{"TF_CLI_CONFIG_FILE=" + filepath.Join(t.TempDir(), "empty.tfrc")}
	require.NoError(t, os.WriteFile(strings.TrimPrefix(env[0], "TF_CLI_CONFIG_FILE="), nil, 0o644))

	out, _, code := f.make(t, "", env, "tf/bootstrap", "ENV=stg", "AUTO_APPROVE=1")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Apply complete! Resources: 1 added")
	require.Contains(t, out, "stg/bootstrap now keeps its state in S3")
	require.NoFileExists(t, filepath.Join(f.repo.Dir, "terraform", "bootstrap", "first_run_override.tf"))
	require.NoFileExists(t, filepath.Join(f.repo.Dir, ".local", "tf", "bootstrap-stg.tfstate"))

	resp, err := http.Get(s3.URL + "/tsumiki-stg-platform-tfstate/stg/bootstrap/terraform.tfstate")
	require.NoError(t, err)
	state, err := io.ReadAll(resp.Body)
	require.NoError(t, resp.Body.Close())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(state))
	require.Contains(t, string(state), `"terraform_data"`, "the migrated state holds the applied resource")

	out, _, code = f.make(t, "", env, "apply", "ENV=stg", "STACK=bootstrap", "AUTO_APPROVE=1")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Summary for stg/bootstrap: 0 to add, 0 to change, 0 to replace, 0 to destroy")

	out, _, code = f.make(t, "", env, "tf/bootstrap", "ENV=stg", "AUTO_APPROVE=1")
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "stg/bootstrap already keeps its state in S3")
}

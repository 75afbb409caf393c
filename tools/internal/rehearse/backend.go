package rehearse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// How the committed roots reach the S3 stand-in without editing them. Both are mechanisms an
// engineer can use against any S3-compatible store (MinIO, LocalStack) as well:
//
//   - A root's own backend: terraform reads extra arguments for every `terraform init` from
//     TF_CLI_ARGS_init, and -backend-config=FILE merges FILE into the committed backend "s3"
//     block (bucket, key, region, encrypt and use_lockfile stay the committed ones). make apply
//     and mk/tf.sh need no change for it.
//   - terraform_remote_state reads: -backend-config does not reach them, and the S3 client
//     takes no environment variable for path style or the skip flags, so a
//     rehearsal_override.tf next to each stack module replaces each read's config with
//     merge(<the committed config>, <the stand-in's settings>). Terraform merges *_override.tf
//     files into the module's blocks (language/files/override); the rehearsal hides them from
//     git through the scratch repository's .git/info/exclude, as an engineer would a personal
//     override.

// OverrideFile is the name of the generated override file in each module that reads remote
// state.
const OverrideFile = "rehearsal_override.tf"

// BackendSettings are the S3 backend arguments that point a backend or a remote-state read at
// the stand-in, in the order written. Sources: terraform 1.11 S3 backend documentation
// (language/backend/s3): endpoints.s3 and use_path_style for a custom endpoint (127.0.0.1
// cannot carry a bucket as a host label: the SDK would ask <bucket>.127.0.0.1), and
// skip_credentials_validation / skip_requesting_account_id because the stand-in answers no
// STS GetCallerIdentity. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
func BackendSettings(endpoint string) [][2]string {
	return [][2]string{
		{"endpoints", fmt.Sprintf("{ s3 = %q }", endpoint)},
		{"use_path_style", "true"},
		{"skip_credentials_validation", "true"},
		{"skip_requesting_account_id", "true"},
	}
}

// BackendConfigFile renders the settings as a -backend-config file (HCL attributes).
func BackendConfigFile(endpoint string) []byte {
	var b bytes.Buffer
	b.WriteString("# Written by tfrehearse: the rehearsal's S3 stand-in (merged into each root's backend \"s3\").\n")
	for _, kv := range BackendSettings(endpoint) {
		fmt.Fprintf(&b, "%s = %s\n", kv[0], kv[1])
	}
	return b.Bytes()
}

// RemoteStateOverride returns the override file for the module in dir: one data block per
// `data "terraform_remote_state"` with backend "s3", whose config becomes
// merge(<committed config>, <stand-in settings>). It returns nil when the module reads no
// remote state. Override files already in dir are not read.
func RemoteStateOverride(dir, endpoint string) ([]byte, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	sort.Strings(paths)
	var settings strings.Builder
	settings.WriteString("{\n")
	for _, kv := range BackendSettings(endpoint) {
		fmt.Fprintf(&settings, "    %s = %s\n", kv[0], kv[1])
	}
	settings.WriteString("  }")

	var out bytes.Buffer
	for _, p := range paths {
		base := filepath.Base(p)
		if base == "override.tf" || strings.HasSuffix(base, "_override.tf") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		f, diags := hclwrite.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parse %s: %w", p, diags)
		}
		for _, block := range f.Body().Blocks() {
			labels := block.Labels()
			if block.Type() != "data" || len(labels) != 2 || labels[0] != "terraform_remote_state" {
				continue
			}
			backend := block.Body().GetAttribute("backend")
			if backend == nil || strings.TrimSpace(string(backend.Expr().BuildTokens(nil).Bytes())) != `"s3"` {
				continue
			}
			config := block.Body().GetAttribute("config")
			if config == nil {
				return nil, fmt.Errorf("%s: data.terraform_remote_state.%s has no config", p, labels[1])
			}
			committed := strings.TrimSpace(string(config.Expr().BuildTokens(nil).Bytes()))
			fmt.Fprintf(&out, "data \"terraform_remote_state\" %q {\n  config = merge(%s, %s)\n}\n\n", labels[1], committed, settings.String())
		}
	}
	if out.Len() == 0 {
		return nil, nil
	}
	header := "# Written by tfrehearse (not committed): remote-state reads go to the rehearsal's S3 stand-in.\n\n"
	formatted := hclwrite.Format(append([]byte(header), bytes.TrimRight(out.Bytes(), "\n")...))
	return append(formatted, '\n'), nil
}

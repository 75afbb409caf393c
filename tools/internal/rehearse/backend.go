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

// How the committed roots reach the S3 stand-in without editing them: an override file in each
// directory that needs one, a mechanism an engineer can use against any S3-compatible store
// (MinIO, LocalStack) too. Terraform merges *_override.tf files into the blocks of the module
// they sit in (terraform docs, language/files/override):
//
//   - a root's backend "s3" block: an override's backend block replaces the committed one
//     entirely, so the override repeats the committed arguments (bucket, key, region, encrypt,
//     use_lockfile) and adds the stand-in's settings; arguments given with -backend-config at
//     init (bootstrap's env/<env>.s3.tfbackend) still merge into it.
//   - each terraform_remote_state read with backend "s3": its config becomes
//     merge(<the committed config>, <the stand-in's settings>).
//
// Neither a -backend-config flag (it reaches no remote-state read) nor the environment (the S3
// client takes AWS_ENDPOINT_URL_S3 but no variable for path style or the skip flags) can do
// both. The file is named 0_rehearsal_override.tf so that it is merged first: a later override
// (a local backend for bootstrap's first run) still wins over it. The rehearsal hides it from
// git through the scratch repository's .git/info/exclude, as an engineer would a personal
// override, so make apply's clean-tree check sees the committed tree.

// OverrideFile is the name of the generated override file.
const OverrideFile = "0_rehearsal_override.tf"

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

// Override returns the override file for the module in dir: the committed backend "s3" block
// with the stand-in's settings added, and one data block per `data "terraform_remote_state"`
// with backend "s3" whose config becomes merge(<committed config>, <stand-in settings>). It
// returns nil when the module has neither. Override files already in dir are not read.
func Override(dir, endpoint string) ([]byte, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	sort.Strings(paths)
	settings := BackendSettings(endpoint)
	var object strings.Builder
	object.WriteString("{\n")
	for _, kv := range settings {
		fmt.Fprintf(&object, "%s = %s\n", kv[0], kv[1])
	}
	object.WriteString("}")

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
			switch labels := block.Labels(); {
			case block.Type() == "terraform":
				for _, inner := range block.Body().Blocks() {
					if inner.Type() != "backend" || len(inner.Labels()) != 1 || inner.Labels()[0] != "s3" {
						continue
					}
					out.WriteString("terraform {\n  backend \"s3\" {\n")
					attrs := inner.Body().Attributes()
					names := make([]string, 0, len(attrs))
					for name := range attrs {
						names = append(names, name)
					}
					sort.Strings(names)
					for _, name := range names {
						if !isSetting(settings, name) {
							fmt.Fprintf(&out, "%s = %s\n", name, bytes.TrimSpace(attrs[name].Expr().BuildTokens(nil).Bytes()))
						}
					}
					for _, kv := range settings {
						fmt.Fprintf(&out, "%s = %s\n", kv[0], kv[1])
					}
					out.WriteString("  }\n}\n\n")
				}
			case block.Type() == "data" && len(labels) == 2 && labels[0] == "terraform_remote_state":
				backend := block.Body().GetAttribute("backend")
				if backend == nil || strings.TrimSpace(string(backend.Expr().BuildTokens(nil).Bytes())) != `"s3"` {
					continue
				}
				config := block.Body().GetAttribute("config")
				if config == nil {
					return nil, fmt.Errorf("%s: data.terraform_remote_state.%s has no config", p, labels[1])
				}
				committed := strings.TrimSpace(string(config.Expr().BuildTokens(nil).Bytes()))
				fmt.Fprintf(&out, "data \"terraform_remote_state\" %q {\n  config = merge(%s, %s)\n}\n\n", labels[1], committed, object.String())
			}
		}
	}
	if out.Len() == 0 {
		return nil, nil
	}
	header := "# Written by tfrehearse, not committed: the S3 backend and remote-state reads use the\n# rehearsal's S3 stand-in (tools/internal/rehearse/backend.go says why an override).\n\n"
	formatted := hclwrite.Format(append([]byte(header), bytes.TrimRight(out.Bytes(), "\n")...))
	return append(formatted, '\n'), nil
}

func isSetting(settings [][2]string, name string) bool {
	for _, kv := range settings {
		if kv[0] == name {
			return true
		}
	}
	return false
}

package rehearse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"golang.org/x/mod/sumdb/dirhash"
)

// How the offline provider is installed: as hashicorp/aws from a filesystem mirror, the
// mechanism terraform offers for machines without the registry (CLI configuration,
// provider_installation), so `terraform init` (which make apply runs for the backend) installs
// it like any provider. dev_overrides cannot serve here: init still asks the registry for an
// overridden provider and fails offline. The committed lock files pin the real provider's
// hashes, which the offline build cannot match; the rehearsal adds the offline build's hash to
// each of them in the scratch copy (what `terraform providers lock -fs-mirror` would do, had it
// not needed every module installed first), and git's skip-worktree flag keeps that local
// addition out of the clean-tree check (see rehearsal.trustProvider).

// awsSource is the provider address the lock files name.
const awsSource = "registry.terraform.io/hashicorp/aws"

// Platform is the provider platform of this machine (linux_amd64).
func Platform() string { return runtime.GOOS + "_" + runtime.GOARCH }

// LockedVersion reads the hashicorp/aws version a root's .terraform.lock.hcl pins; "" when the
// root has no lock file or the file has no hashicorp/aws entry.
func LockedVersion(dir string) (string, error) {
	p := filepath.Join(dir, ".terraform.lock.hcl")
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	f, diags := hclparse.NewParser().ParseHCLFile(p)
	if diags.HasErrors() {
		return "", fmt.Errorf("read %s: %w", p, diags)
	}
	content, _, diags := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "provider", LabelNames: []string{"source"}}}})
	if diags.HasErrors() {
		return "", fmt.Errorf("read %s: %w", p, diags)
	}
	for _, b := range content.Blocks {
		if b.Labels[0] != awsSource {
			continue
		}
		attrs, _ := b.Body.JustAttributes()
		a, ok := attrs["version"]
		if !ok {
			return "", fmt.Errorf("%s: provider %q has no version", p, awsSource)
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			return "", fmt.Errorf("%s: %w", p, diags)
		}
		return v.AsString(), nil
	}
	return "", nil
}

// WriteMirror lays the provider binary out in a filesystem mirror under dir as hashicorp/aws
// of each version (unpacked layout: <host>/<namespace>/<type>/<version>/<platform>/) and writes
// the CLI config that installs hashicorp/aws only from there. It returns the config's path.
func WriteMirror(binary, dir string, versions []string) (string, error) {
	if len(versions) == 0 {
		return "", errors.New("no root pins a hashicorp/aws version in its .terraform.lock.hcl; the mirror needs one")
	}
	mirror := filepath.Join(dir, "mirror")
	sorted := append([]string(nil), versions...)
	sort.Strings(sorted)
	for _, v := range sorted {
		target := filepath.Join(mirror, filepath.FromSlash(awsSource), v, Platform(), "terraform-provider-aws_v"+v)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", fmt.Errorf("provider mirror: %w", err)
		}
		if err := copyExecutable(binary, target); err != nil {
			return "", fmt.Errorf("provider mirror: %w", err)
		}
	}
	rc := filepath.Join(dir, "offline-mirror.tfrc")
	text := fmt.Sprintf(`# Written by tfrehearse: hashicorp/aws is the offline provider, installed from a local mirror.
provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%q]
  }
  direct {
    exclude = [%q]
  }
}
`, mirror, awsSource, awsSource)
	if err := os.WriteFile(rc, []byte(text), 0o644); err != nil {
		return "", fmt.Errorf("write the CLI config: %w", err)
	}
	return rc, nil
}

func copyExecutable(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open the provider: %w", err)
	}
	defer func() { _ = in.Close() }() // read-only
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close() // the copy error is the one to report
		return fmt.Errorf("copy the provider: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}

// PackageHash is terraform's "h1:" hash of an unpacked provider package directory: the Go
// module directory hash (golang.org/x/mod/sumdb/dirhash Hash1), which terraform's
// getproviders.PackageHashV1 computes and lock files record.
func PackageHash(dir string) (string, error) {
	h, err := dirhash.HashDir(dir, "", dirhash.Hash1)
	if err != nil {
		return "", fmt.Errorf("hash the provider package %s: %w", dir, err)
	}
	return h, nil
}

// hashesOpen finds the hashes list of the hashicorp/aws entry of a lock file.
var hashesOpen = regexp.MustCompile(`(?s)provider "` + regexp.QuoteMeta(awsSource) + `" \{.*?hashes = \[\n`)

// TrustHash adds hash to the hashicorp/aws entry of a lock file, unless it is there already.
func TrustHash(lockFile, hash string) error {
	b, err := os.ReadFile(lockFile)
	if err != nil {
		return fmt.Errorf("read %s: %w", lockFile, err)
	}
	if strings.Contains(string(b), `"`+hash+`"`) {
		return nil
	}
	loc := hashesOpen.FindIndex(b)
	if loc == nil {
		return fmt.Errorf("%s has no hashes list for %s", lockFile, awsSource)
	}
	out := append(append(append([]byte{}, b[:loc[1]]...), []byte(`    "`+hash+`", # the offline provider (tfrehearse)`+"\n")...), b[loc[1]:]...)
	if err := os.WriteFile(lockFile, out, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", lockFile, err)
	}
	return nil
}

// Roots lists the root modules of the repository (terraform/bootstrap and every
// terraform/<env>/<stack>), as slash paths relative to root.
func Roots(root string) ([]string, error) {
	envs, err := Envs(root)
	if err != nil {
		return nil, err
	}
	roots := []string{"terraform/bootstrap"}
	for _, env := range envs {
		stacks, err := Stacks(root, env)
		if err != nil {
			return nil, err
		}
		for _, s := range stacks {
			roots = append(roots, strings.Join([]string{"terraform", env, s}, "/"))
		}
	}
	return roots, nil
}

package tfpolicy_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfpolicy"
)

// constraintsLine finds the constraints of the hashicorp/aws entry in a lock file.
var constraintsLine = regexp.MustCompile(`(?m)^\s*constraints\s*=\s*"([^"]*)"`)

// TestProviderLock_ConstraintsAreWhatTerraformRecords lets the real terraform write the lock
// file of every root (from a filesystem mirror holding a stand-in hashicorp/aws at the pinned
// version, in a copy of the tree) and requires the committed lock file's constraints line to
// be exactly what terraform records: the merged constraints of the root and every module it
// calls. A module on another constraint changes that line, and a committed lock file that
// differs would be rewritten by every init that may write it.
func TestProviderLock_ConstraintsAreWhatTerraformRecords(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform init in every root; make test runs it")
	}
	terraform, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH")
	root := filepath.Join("..", "..", "..")
	repo, err := tfpolicy.Load(root)
	require.NoError(t, err)
	pin, err := os.ReadFile(filepath.Join(root, "mk", "tf.mk"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^AWS_PROVIDER_VERSION\s*:=\s*(\S+)`).FindSubmatch(pin)
	require.NotNil(t, m, "mk/tf.mk must pin AWS_PROVIDER_VERSION")
	version := string(m[1])

	// A copy of modules/ and terraform/ without lock files, and a mirror with a stand-in
	// provider binary (init only installs it; nothing runs it).
	tree := t.TempDir()
	for _, top := range []string{"modules", "terraform"} {
		copyTree(t, filepath.Join(root, top), filepath.Join(tree, top))
	}
	mirror := t.TempDir()
	bin := filepath.Join(mirror, "registry.terraform.io", "hashicorp", "aws", version, runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-aws_v"+version)
	require.NoError(t, os.MkdirAll(filepath.Dir(bin), 0o755))
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\nexit 1\n"), 0o755))
	rc := filepath.Join(t.TempDir(), "mirror.tfrc")
	require.NoError(t, os.WriteFile(rc, []byte("provider_installation {\n  filesystem_mirror {\n    path = \""+mirror+"\"\n  }\n}\n"), 0o644))

	roots := 0
	for _, d := range repo.SortedDirs() {
		if !d.IsRoot() {
			continue
		}
		roots++
		committed, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(d.Path), ".terraform.lock.hcl"))
		require.NoError(t, err, "%s has no lock file", d.Path)
		want := constraintsLine.FindSubmatch(committed)
		require.NotNil(t, want, "%s lock file has no constraints", d.Path)

		dir := filepath.Join(tree, filepath.FromSlash(d.Path))
		cmd := exec.Command(terraform, "init", "-backend=false", "-input=false", "-no-color")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_DATA_DIR="+filepath.Join(t.TempDir(), "data"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "terraform init in %s:\n%s", d.Path, out)
		written, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
		require.NoError(t, err)
		got := constraintsLine.FindSubmatch(written)
		require.NotNil(t, got, "terraform wrote no constraints for %s:\n%s", d.Path, written)

		require.Equal(t, string(got[1]), string(want[1]), "%s: the committed lock file's constraints differ from what terraform records", d.Path)
		require.Contains(t, string(written), `version     = "`+version+`"`)
	}
	require.GreaterOrEqual(t, roots, 13, "terraform/bootstrap and six stacks in each of stg and prd")
}

// copyTree copies the .tf files of src to dst, skipping lock files and working directories.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !strings.HasSuffix(path, ".tf") && !strings.HasSuffix(path, ".zip") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	require.NoError(t, err)
}

// Package scratchdir fills tests' temporary directories: files written from a map, or a copy
// of a terraform tree without terraform's working data. Every failure fails the test.
package scratchdir

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Write writes files (slash-separated path relative to dir → content) under dir, creating
// folders as needed.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
}

// New returns a fresh temporary directory of t holding files (as Write takes them).
func New(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, files)
	return dir
}

// CopyTerraform copies the tree under src to dst (created as needed), leaving out terraform's
// working data, so runs in the copy never share state with each other or touch src:
// .terraform/ folders, state files (*.tfstate, *.tfstate.backup), dependency lock files
// (.terraform.lock.hcl) and anything that is not a regular file.
func CopyTerraform(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() || strings.Contains(d.Name(), ".tfstate") || d.Name() == ".terraform.lock.hcl" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	require.NoError(t, err, "copy %s to %s", src, dst)
}

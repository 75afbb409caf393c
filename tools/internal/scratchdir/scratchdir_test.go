package scratchdir_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
)

// tree lists the regular files under dir as slash paths with their content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return got
}

func TestNew(t *testing.T) {
	files := map[string]string{"a.txt": "a\n", "deep/er/b.tf": "b\n"}

	dir := scratchdir.New(t, files)

	require.Equal(t, files, tree(t, dir))
}

func TestCopyTerraform_LeavesOutWorkingData(t *testing.T) {
	src := scratchdir.New(t, map[string]string{
		"naming/main.tf":                          "kept\n",
		"naming/tests/naming.tftest.hcl":          "kept\n",
		"naming/examples/basic/main.tf":           "kept\n",
		"naming/README.md":                        "kept\n",
		"naming/terraform.tfstate":                "state\n",
		"naming/terraform.tfstate.backup":         "state\n",
		"naming/.terraform.lock.hcl":              "lock\n",
		"naming/.terraform/modules/modules.json":  "working data\n",
		"naming/examples/basic/.terraform/x.json": "working data\n",
	})
	require.NoError(t, os.Symlink("main.tf", filepath.Join(src, "naming", "link.tf")))
	dst := filepath.Join(t.TempDir(), "modules")

	scratchdir.CopyTerraform(t, src, dst)

	got := tree(t, dst)
	var names []string
	for name := range got {
		names = append(names, name)
	}
	sort.Strings(names)
	require.Equal(t, []string{"naming/README.md", "naming/examples/basic/main.tf", "naming/main.tf", "naming/tests/naming.tftest.hcl"}, names)
}

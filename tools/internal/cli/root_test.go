package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.work"), []byte("go 1.26\n"), 0o644))
	sub := filepath.Join(root, "tools", "cmd", "x")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	t.Chdir(sub)

	got, err := FindRoot("pass -root")
	require.NoError(t, err)
	want, err := filepath.EvalSymlinks(root)
	require.NoError(t, err)
	gotReal, err := filepath.EvalSymlinks(got)
	require.NoError(t, err)
	require.Equal(t, want, gotReal)
}

func TestFindRoot_NoGoWork(t *testing.T) {
	// Nothing above a fresh temporary directory holds a go.work.
	t.Chdir(t.TempDir())
	_, err := FindRoot("set ROOT")
	require.EqualError(t, err, "no go.work above the working directory; set ROOT")
}

package rehearse

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

func TestSnapshot_TakesUncommittedChangesAndIsCleanReleasableMain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := scratchgit.New(t)
	src.Write(map[string]string{
		".gitignore":                    ".local/\n",
		"terraform/stg/network/a.tf":    "# committed\n",
		"terraform/stg/network/gone.tf": "# deleted in the working tree\n",
	})
	src.Commit("base")
	src.Git("checkout", "-q", "-b", "feature")
	src.Write(map[string]string{
		"terraform/stg/network/a.tf":   "# changed, not committed\n",
		"terraform/stg/network/new.tf": "# untracked\n",
		".local/tf/state":              "ignored\n",
	})
	src.Remove("terraform/stg/network/gone.tf")
	dst := filepath.Join(t.TempDir(), "repo")

	require.NoError(t, Snapshot(ctx, src.Dir, dst, OverrideFile))

	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dst, p))
		require.NoError(t, err)
		return string(b)
	}
	require.Equal(t, "# changed, not committed\n", read("terraform/stg/network/a.tf"))
	require.Equal(t, "# untracked\n", read("terraform/stg/network/new.tf"))
	require.NoFileExists(t, filepath.Join(dst, "terraform/stg/network/gone.tf"))
	require.NoFileExists(t, filepath.Join(dst, ".local/tf/state"))

	git := func(args ...string) string {
		out, err := Git(ctx, dst, args...)
		require.NoError(t, err)
		return strings.TrimSpace(out)
	}
	require.Equal(t, "main", git("rev-parse", "--abbrev-ref", "HEAD"))
	require.NoError(t, os.WriteFile(filepath.Join(dst, "terraform/stg/network", OverrideFile), []byte("# generated\n"), 0o644))
	require.Empty(t, git("status", "--porcelain"), "the override file is excluded, the tree is clean")
	git("fetch", "-q", "origin", "main")
	require.Equal(t, git("rev-parse", "HEAD"), git("rev-parse", "origin/main"))
}

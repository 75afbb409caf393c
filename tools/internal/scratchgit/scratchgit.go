// Package scratchgit builds throwaway git repositories for tests: write a base commit, then
// change the working tree, then run the code under test against it.
package scratchgit

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
)

// Repo is a scratch repository in a test's temporary directory, on branch main.
type Repo struct {
	t testing.TB
	// Dir is the working tree.
	Dir string
}

// New creates an empty repository on branch main with a committer identity set.
func New(t testing.TB) *Repo {
	t.Helper()
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	r.Git("config", "user.email", "test@example.com")
	r.Git("config", "user.name", "test")
	r.Git("config", "commit.gpgsign", "false")
	return r
}

// Write writes files (slash-separated path → content), creating directories.
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	scratchdir.Write(r.t, r.Dir, files)
}

// Remove deletes files or directories from the working tree.
func (r *Repo) Remove(paths ...string) {
	r.t.Helper()
	for _, p := range paths {
		require.NoError(r.t, os.RemoveAll(filepath.Join(r.Dir, filepath.FromSlash(p))))
	}
}

// Commit stages everything and commits it with message msg.
func (r *Repo) Commit(msg string) {
	r.t.Helper()
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", msg)
}

// Git runs git in the repository and returns its trimmed output; a failure fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	require.NoError(r.t, err, "git %s: %s", strings.Join(args, " "), out)
	return strings.TrimSpace(string(out))
}

package rehearse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Snapshot copies the repository at src into dst as an engineer's checkout would be after
// committing and pushing: every file git tracks, as it is on disk (uncommitted changes
// included, deleted files left out), and every untracked file git does not ignore, committed as
// one commit on main, with a bare clone as origin so `main` equals `origin/main`. dst must not
// exist. Files matching excludes are hidden from git through .git/info/exclude (the rehearsal's
// generated override files), so the tree stays clean for make apply's production checks.
func Snapshot(ctx context.Context, src, dst string, excludes ...string) error {
	out, err := Git(ctx, src, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return fmt.Errorf("snapshot %s: %w", src, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	seen := map[string]bool{}
	for _, rel := range strings.Split(strings.TrimRight(out, "\x00"), "\x00") {
		if rel == "" || seen[rel] {
			continue
		}
		seen[rel] = true
		if err := copyPath(filepath.Join(src, rel), filepath.Join(dst, rel)); err != nil {
			return fmt.Errorf("snapshot: %w", err)
		}
	}
	head, err := Git(ctx, src, "rev-parse", "--short", "HEAD")
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	steps := [][]string{
		{"init", "-q", "-b", "main"},
		{"config", "user.email", "rehearsal@tsumiki.invalid"},
		{"config", "user.name", "tfrehearse"},
		{"config", "commit.gpgsign", "false"},
		{"add", "-A"},
		{"commit", "-q", "--no-verify", "-m", "rehearsal: " + strings.TrimSpace(head) + " plus uncommitted changes"},
		{"clone", "-q", "--bare", dst, filepath.Join(dst, ".git", "rehearsal-origin.git")},
		{"remote", "add", "origin", filepath.Join(dst, ".git", "rehearsal-origin.git")},
		{"fetch", "-q", "origin"},
	}
	for _, args := range steps {
		if _, err := Git(ctx, dst, args...); err != nil {
			return fmt.Errorf("snapshot: %w", err)
		}
	}
	exclude := filepath.Join(dst, ".git", "info", "exclude")
	if err := os.MkdirAll(filepath.Dir(exclude), 0o755); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	text := "# tfrehearse: generated files that are not part of the rehearsed tree\n" + strings.Join(excludes, "\n") + "\n"
	if err := os.WriteFile(exclude, []byte(text), 0o644); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}

// copyPath copies one file or symlink; a tracked file deleted from the working tree is skipped.
func copyPath(src, dst string) error {
	info, err := os.Lstat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stat %s: %w", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("mkdir for %s: %w", dst, err)
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return fmt.Errorf("read link %s: %w", src, err)
		}
		if err := os.Symlink(target, dst); err != nil {
			return fmt.Errorf("link %s: %w", dst, err)
		}
		return nil
	case info.IsDir():
		return nil // a submodule or nested repository: not part of this tree
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open %s: %w", src, err)
	}
	defer func() { _ = in.Close() }() // read-only
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close() // the copy error is the one to report
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}

// Git runs git in dir and returns its standard output; a failure carries git's standard error.
func Git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

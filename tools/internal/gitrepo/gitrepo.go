// Package gitrepo runs the few git commands the guards need: find the base revision of a
// change, list the files a change touches (uncommitted and untracked ones included) and
// export a revision's copy of some directories for comparison.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Repo is a git working tree.
type Repo struct {
	// Dir is the top of the working tree.
	Dir string
}

// Open returns the repository whose working tree contains dir.
func Open(ctx context.Context, dir string) (*Repo, error) {
	out, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("find repository of %s: %w", dir, err)
	}
	return &Repo{Dir: strings.TrimSpace(out)}, nil
}

// Base returns the revision a change is compared with: rev itself when it is set, otherwise
// the merge base of HEAD with main (or origin/main when there is no local main).
func (r *Repo) Base(ctx context.Context, rev string) (string, error) {
	if rev != "" {
		out, err := git(ctx, r.Dir, "rev-parse", "--verify", rev+"^{commit}")
		if err != nil {
			return "", fmt.Errorf("resolve base %q: %w", rev, err)
		}
		return strings.TrimSpace(out), nil
	}
	var errs []error
	for _, branch := range []string{"main", "origin/main"} {
		out, err := git(ctx, r.Dir, "merge-base", "HEAD", branch)
		if err == nil {
			return strings.TrimSpace(out), nil
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("merge base of HEAD with main or origin/main (set a base revision explicitly): %w", errors.Join(errs...))
}

// ChangedFiles lists the slash-separated paths that differ between base and the working tree:
// committed, staged, unstaged and untracked (not ignored) changes. Renames appear as both the
// old and the new path.
func (r *Repo) ChangedFiles(ctx context.Context, base string) ([]string, error) {
	diff, err := git(ctx, r.Dir, "diff", "--name-only", "--no-renames", "-z", base, "--")
	if err != nil {
		return nil, fmt.Errorf("diff against %s: %w", base, err)
	}
	untracked, err := git(ctx, r.Dir, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, fmt.Errorf("list untracked files: %w", err)
	}
	seen := map[string]bool{}
	var files []string
	for _, f := range strings.Split(diff+untracked, "\x00") {
		if f != "" && !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files, nil
}

// Export writes rev's copy of the given directories (those that exist at rev) into dst, so
// that they can be read like the working tree.
func (r *Repo) Export(ctx context.Context, rev, dst string, dirs ...string) error {
	var present []string
	for _, d := range dirs {
		out, err := git(ctx, r.Dir, "ls-tree", "--name-only", rev, "--", strings.TrimSuffix(d, "/"))
		if err != nil {
			return fmt.Errorf("look for %s at %s: %w", d, rev, err)
		}
		if strings.TrimSpace(out) != "" {
			present = append(present, d)
		}
	}
	if len(present) == 0 {
		return nil
	}
	tarball := filepath.Join(dst, ".export.tar")
	args := append([]string{"archive", "--format=tar", "-o", tarball, rev, "--"}, present...)
	if _, err := git(ctx, r.Dir, args...); err != nil {
		return fmt.Errorf("export %s at %s: %w", strings.Join(present, " "), rev, err)
	}
	defer func() { _ = os.Remove(tarball) }() // a leftover in a temp dir is harmless
	cmd := exec.CommandContext(ctx, "tar", "-xf", tarball, "-C", dst)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("unpack export of %s: %s: %w", rev, bytes.TrimSpace(out), err)
	}
	return nil
}

// git runs git in dir and returns its standard output; the error carries its standard error.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %s: %w", strings.Join(args, " "), strings.TrimSpace(stderr.String()), err)
	}
	return stdout.String(), nil
}

package vulncheck

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Scanner runs govulncheck in binary mode against an offline database.
type Scanner struct {
	// Govulncheck is the path of the pinned govulncheck binary.
	Govulncheck string
	// DB is the directory of the offline vulnerability database (index/db.json inside).
	DB string
}

// Scan checks the binary at path, the artifact named artifact, and returns govulncheck's
// report. It fails when the binary has no symbol table (built with -ldflags=-s: govulncheck
// would then report every advisory of every module in it), when govulncheck fails, and when
// its output cannot be read.
func (s Scanner) Scan(ctx context.Context, artifact, path string) (Report, error) {
	if err := requireSymbols(path); err != nil {
		return Report{}, fmt.Errorf("%s: %w", artifact, err)
	}
	db, err := filepath.Abs(s.DB)
	if err != nil {
		return Report{}, fmt.Errorf("database path %s: %w", s.DB, err)
	}
	cmd := exec.CommandContext(ctx, s.Govulncheck, "-mode", "binary", "-json", "-db", "file://"+filepath.ToSlash(db), path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return Report{}, fmt.Errorf("govulncheck %s: %w", artifact, err)
	}
	if err := cmd.Start(); err != nil {
		return Report{}, fmt.Errorf("start govulncheck for %s: %w", artifact, err)
	}
	rep, readErr := ReadFindings(out, artifact)
	waitErr := cmd.Wait()
	if waitErr != nil {
		return Report{}, fmt.Errorf("govulncheck %s: %s: %w", artifact, strings.TrimSpace(stderr.String()), waitErr)
	}
	if readErr != nil {
		return Report{}, readErr
	}
	return rep, nil
}

// requireSymbols fails unless the ELF binary at path keeps its symbol table.
func requireSymbols(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("open binary %s: %w", path, err)
	}
	defer f.Close()
	if _, err := f.Symbols(); err != nil {
		if errors.Is(err, elf.ErrNoSymbols) {
			return fmt.Errorf("binary %s has no symbol table (built with -ldflags=-s?): govulncheck cannot tell which vulnerable code is in it; build it with mk/artifact.sh", path)
		}
		return fmt.Errorf("read symbols of %s: %w", path, err)
	}
	return nil
}

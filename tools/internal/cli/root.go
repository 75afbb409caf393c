package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FindRoot returns the repository root: the nearest folder at or above the working directory
// that holds go.work. When there is none, the error says so and ends with hint, which tells
// the user how to name the root instead (e.g. "pass -root"). It also fails when the working
// directory cannot be read.
func FindRoot(hint string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("get working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.work above the working directory; " + hint)
		}
		dir = parent
	}
}

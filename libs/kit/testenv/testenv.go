// Package testenv gives integration tests the local platform's settings: the variables that
// `make deps/up` writes to .local/env (DATABASE_URL, AWS_ENDPOINT_URL_SQS, ...).
//
// An integration test calls Require for each variable it needs. Under `go test -short` the test
// is skipped, with the reason printed; otherwise a missing variable fails the test, so a missing
// dependency never passes silently.
package testenv

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	loadOnce sync.Once
	fileVars map[string]string
	loadErr  error
)

// Require returns the value of the environment variable name for an integration test. The
// process environment wins; otherwise the value comes from the repository's .local/env. Under
// -short the test is skipped; a variable that is set nowhere fails the test with a hint.
func Require(t testing.TB, name string) string {
	t.Helper()
	if testing.Short() {
		t.Skipf("integration test: needs %s (skipped under -short)", name)
	}
	if v := Lookup(name); v != "" {
		return v
	}
	if loadErr != nil {
		t.Fatalf("%s is not set and .local/env could not be read: %v; run `make deps/up` first", name, loadErr)
	}
	t.Fatalf("%s is not set in the environment or in .local/env; run `make deps/up` (or `make go/test`) first", name)
	return ""
}

// Lookup returns the variable from the process environment, else from .local/env, else "".
func Lookup(name string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	loadOnce.Do(func() { fileVars, loadErr = loadLocalEnv() })
	return fileVars[name]
}

// loadLocalEnv reads .local/env from the repository root, found by walking up to go.work.
func loadLocalEnv() (map[string]string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("get working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, fmt.Errorf("no go.work above the working directory")
		}
		dir = parent
	}
	return ParseFile(filepath.Join(dir, ".local", "env"))
}

// ParseFile reads an env file of plain KEY=value lines. Blank lines and lines starting with #
// are ignored; values are taken literally (no quotes, no expansion).
func ParseFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open env file: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only: a close error loses nothing
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s:%d: want KEY=value, got %q", path, n, line)
		}
		vars[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return vars, nil
}

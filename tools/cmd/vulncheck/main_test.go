package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

var today = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// standin writes a govulncheck stand-in that checks its arguments and prints the recorded
// stream of the fixture named after the binary's NAME (testdata of the vulncheck package).
func standin(t *testing.T) string {
	t.Helper()
	fixtures, err := filepath.Abs(filepath.Join("..", "..", "internal", "vulncheck", "testdata"))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "govulncheck")
	script := `#!/usr/bin/env bash
set -euo pipefail
[ "$1 $2 $3 $4" = "-mode binary -json -db" ] || { echo "unexpected arguments: $*" >&2; exit 2; }
case "$5" in file:///*) ;; *) echo "db is not a file URL: $5" >&2; exit 2 ;; esac
cat "` + fixtures + `/$(basename "$(dirname "$6")").json"
`
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	return path
}

// binary returns a path DIR/<name>/bin to a real ELF binary with a symbol table: the Go
// distribution's gofmt (test binaries are linked without one).
func binary(t *testing.T, name string) string {
	t.Helper()
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	self := filepath.Join(strings.TrimSpace(string(goroot)), "bin", "gofmt")
	dir := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "bin")
	require.NoError(t, os.Symlink(self, path))
	return path
}

// stripped returns the path of an ELF binary without a symbol table: this test's own.
func stripped(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	return self
}

func accept(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join("..", "..", "internal", "vulncheck", "testdata", name)
}

func TestRun(t *testing.T) {
	gv := standin(t)
	db := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		wantErr   string
		wantUsage bool
		wantOut   []string
	}{
		{
			name:    "StdlibOnlyPasses",
			args:    []string{"-accept", accept(t, "accept-ok"), "mailer=" + binary(t, "mailer"), "todo-batch=" + binary(t, "todo-batch")},
			wantOut: []string{"WARNING: the Go standard library", "ok: no unaccepted vulnerability in mailer, todo-batch"},
		},
		{
			name:    "StdlibFail",
			args:    []string{"-accept", accept(t, "accept-ok"), "-stdlib", "fail", "mailer=" + binary(t, "mailer")},
			wantErr: "go/vuln failed",
			wantOut: []string{"FAIL     GO-2026-6809", "upgrade Go (VULN_STDLIB=fail)"},
		},
		{
			name:    "UnacceptedModuleFinding",
			args:    []string{"-accept", accept(t, "accept-ok"), "todo-api=" + binary(t, "todo-api")},
			wantErr: "go/vuln failed",
			wantOut: []string{"FAILED: not accepted: todo-api: GO-2026-6603"},
		},
		{
			name:    "ExpiredAcceptance",
			args:    []string{"-accept", accept(t, "accept-expired"), "mailer=" + binary(t, "mailer")},
			wantErr: "go/vuln failed",
			wantOut: []string{"accept-expired:2: GO-2026-6872 expired on 2026-11-30", "FAILED: 1 expired acceptance(s)"},
		},
		{
			name:    "MalformedAcceptances",
			args:    []string{"-accept", accept(t, "accept-malformed"), "mailer=" + binary(t, "mailer")},
			wantErr: "accept-malformed:3: GO-2026-6872 has no expiry date",
		},
		{
			name:    "NotABinary",
			args:    []string{"-accept", accept(t, "accept-ok"), "mailer=" + accept(t, "accept-ok")},
			wantErr: "mailer: open binary",
		},
		{
			name:    "StrippedBinary",
			args:    []string{"-accept", accept(t, "accept-ok"), "mailer=" + stripped(t)},
			wantErr: "has no symbol table (built with -ldflags=-s?)",
		},
		{name: "NoArtifact", args: []string{}, wantErr: "no artifact to check", wantUsage: true},
		{name: "BadArtifact", args: []string{"mailer"}, wantErr: `argument "mailer": want NAME=BINARY`, wantUsage: true},
		{name: "BadStdlibMode", args: []string{"-stdlib", "off", "a=b"}, wantErr: "one of: warn fail", wantUsage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"-govulncheck", gv, "-db", db}, tt.args...)
			var out bytes.Buffer
			err := run(context.Background(), args, today, &out)
			if tt.wantErr == "" {
				require.NoError(t, err, out.String())
			} else {
				require.ErrorContains(t, err, tt.wantErr, out.String())
				assert.Equal(t, tt.wantUsage, errors.As(err, new(cli.UsageError)))
			}
			for _, want := range tt.wantOut {
				assert.Contains(t, out.String(), want)
			}
		})
	}
}

func TestRun_Today(t *testing.T) {
	// -today moves the calendar: on 2026-11-30 the expired fixture's acceptance still holds.
	var out bytes.Buffer
	err := run(context.Background(), []string{"-govulncheck", standin(t), "-db", t.TempDir(),
		"-accept", accept(t, "accept-expired"), "-today", "2026-11-30", "mailer=" + binary(t, "mailer")}, today, &out)
	require.NoError(t, err, out.String())
}

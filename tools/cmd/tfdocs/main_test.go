package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	t.Parallel()
	module := func(t *testing.T) string {
		t.Helper()
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "variables.tf"), []byte("variable \"a\" {\n  type        = string\n  description = \"An input.\"\n}\n"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("# m\n<!-- BEGIN_TF_DOCS -->\n<!-- END_TF_DOCS -->\n"), 0o644))
		return dir
	}
	tests := []struct {
		name       string
		args       func(dir string) []string
		wantErr    error
		wantErrMsg string
		wantOut    string
	}{
		{name: "CheckFindsStaleReadme", args: func(d string) []string { return []string{"-check", d} }, wantErr: errStale, wantOut: "inputs/outputs tables are out of date"},
		{name: "WritesReadme", args: func(d string) []string { return []string{d} }, wantOut: "README.md: updated"},
		{name: "NeedsAModule", args: func(string) []string { return nil }, wantErrMsg: "name at least one module directory"},
		{name: "AlertsNeedTheirDefinitions", args: func(d string) []string {
			require.NoError(t, os.MkdirAll(filepath.Join(d, "services", "svc"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(d, "services", "svc", "observability.yaml"), []byte("slos: []\n"), 0o644))
			return []string{"-check", "-alerts", d, d}
		}, wantErrMsg: "alerts of svc"},
		{name: "MissingModule", args: func(d string) []string { return []string{filepath.Join(d, "nope")} }, wantErrMsg: "no .tf files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer

			err := run(context.Background(), tt.args(module(t)), os.Getenv, &stdout, &stderr)

			switch {
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			case tt.wantErrMsg != "":
				require.ErrorContains(t, err, tt.wantErrMsg)
			default:
				require.NoError(t, err)
			}
			require.Contains(t, stdout.String(), tt.wantOut)
		})
	}
}

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.md")
	require.NoError(t, os.WriteFile(good, []byte("## Summary\nx\n## How it was verified\ny\n"), 0o644))
	tests := []struct {
		name      string
		args      []string
		stdin     string
		wantErr   string
		wantUsage bool
	}{
		{name: "GoodFile", args: []string{good}},
		{name: "GoodStdin", args: []string{"-"}, stdin: "## 概要\nx\n## 動作確認\ny\n"},
		{name: "BadStdin", args: []string{"-"}, stdin: "## Summary\n", wantErr: `section "How it was verified" is missing`},
		{name: "NoArgs", wantErr: "usage: prcheck FILE", wantUsage: true},
		{name: "MissingFile", args: []string{filepath.Join(dir, "nope.md")}, wantErr: "read pull request body", wantUsage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := run(context.Background(), tt.args, strings.NewReader(tt.stdin), &out)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.Contains(t, out.String(), "filled in")
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			require.Equal(t, tt.wantUsage, errors.As(err, new(cli.UsageError)))
		})
	}
}

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
	tests := []struct {
		name       string
		args       []string
		wantErr    error
		wantErrMsg string
		wantOut    string
	}{
		{name: "RepositoryPasses", args: []string{"-root", filepath.Join("..", "..", "..")}, wantOut: "no findings"},
		{name: "FixtureFails", args: []string{"-root", filepath.Join("..", "..", "internal", "tfpolicy", "testdata", "backend-lockfile")}, wantErr: errFindings, wantOut: "[backend-lockfile]"},
		{name: "UnknownRule", args: []string{"-rule", "no-such-rule"}, wantErrMsg: `unknown rule "no-such-rule"`},
		{name: "ListsRules", args: []string{"-list"}, wantOut: "prevent-destroy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer

			err := run(context.Background(), tt.args, os.Getenv, &stdout, &stderr)

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

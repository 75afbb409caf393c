package main

import (
	"bytes"
	"context"
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
		{name: "RepositoryPasses", args: []string{filepath.Join("..", "..", "..", ".github", "workflows")}, wantOut: "no findings"},
		{name: "FixtureFails", args: []string{filepath.Join("..", "..", "internal", "workflowpolicy", "testdata")}, wantErr: errFindings, wantOut: "[deploy-after-ci]"},
		{name: "TooManyArguments", args: []string{"a", "b"}, wantErrMsg: "usage: workflowpolicy [DIR]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout bytes.Buffer

			err := run(context.Background(), tt.args, &stdout)

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

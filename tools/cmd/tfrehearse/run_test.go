package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/rehearse"
)

func TestRun_Arguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "UnexpectedArgument", args: []string{"stg"}, wantErr: `unexpected arguments ["stg"]`},
		{name: "UnknownFlag", args: []string{"-env", "stg"}, wantErr: "flag provided but not defined: -env"},
		{name: "NoExpectedFailureList", args: []string{"-root", t.TempDir()}, wantErr: "read the expected failures"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			err := run(context.Background(), tt.args, os.Getenv, io.Discard, io.Discard)

			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

// TestExpectedFailures_Parse keeps the committed list readable: a malformed line would stop
// make tf/rehearse before anything runs.
func TestExpectedFailures_Parse(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("expected-failures.txt")
	require.NoError(t, err)

	_, err = rehearse.ParseExpectations(expectedList, bytes.NewReader(b))

	require.NoError(t, err)
}

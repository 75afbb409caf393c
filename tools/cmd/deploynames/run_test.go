package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// validServices is how an error lists the valid SERVICE values: every defined service.
func validServices(t *testing.T, root string) string {
	t.Helper()
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	require.NotEmpty(t, services)
	return strings.Join(svcdef.Names(services), " ")
}

func TestRun(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	tests := []struct {
		name      string
		args      []string
		want      string
		wantUsage string
	}{
		{name: "Lambda", args: []string{"-root", root, "mailer", "stg"}, want: "function='tsumiki-stg-mailer-function'\n"},
		{name: "ECS", args: []string{"-root", root, "todo-batch", "stg"}, want: "ecs_service='tsumiki-stg-todo-batch-worker'\n"},
		{name: "UnknownService", args: []string{"-root", root, "web", "stg"}, wantUsage: "unknown SERVICE 'web'; one of: " + validServices(t, root)},
		{name: "UnknownEnv", args: []string{"-root", root, "mailer", "dev"}, wantUsage: "unknown ENV 'dev'; one of: stg prd"},
		{name: "MissingArgument", args: []string{"-root", root, "mailer"}, wantUsage: "usage: deploynames"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if tt.wantUsage != "" {
				var u usageError
				require.ErrorAs(t, err, &u)
				require.ErrorContains(t, err, tt.wantUsage)
				return
			}
			require.NoError(t, err)
			require.Contains(t, stdout.String(), tt.want)
		})
	}
}

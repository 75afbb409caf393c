package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMakefile checks the make targets' parameter handling (services/todo-api/Makefile and
// mk/migrate.mk): wrong or missing parameters fail with exit 2 and list what is valid, before
// anything is started.
func TestMakefile(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../../../..")
	require.NoError(t, err)
	tests := []struct {
		name       string
		args       []string
		wantExit   int
		wantOutput string
	}{
		{name: "UnknownService", args: []string{"migrate/up", "SERVICE=nope"}, wantExit: 2, wantOutput: "unknown SERVICE 'nope'; one of: todo-api, todo-batch"},
		{name: "UnknownServiceOnVersion", args: []string{"migrate/version", "SERVICE=nope"}, wantExit: 2, wantOutput: "unknown SERVICE 'nope'"},
		{name: "CreateRiverMigration", args: []string{"migrate/create", "SERVICE=todo-batch", "NAME=x"}, wantExit: 2, wantOutput: "todo-batch's migrations are not created by hand (its service.yaml names no migrations folder"},
		{name: "CreateWithoutName", args: []string{"migrate/create"}, wantExit: 2, wantOutput: "NAME is required"},
		{name: "CreateBadName", args: []string{"migrate/create", "NAME=Add-Tags"}, wantExit: 2, wantOutput: "NAME 'Add-Tags' must be lower_snake_case"},
		{name: "ForceWithoutVersion", args: []string{"migrate/force"}, wantExit: 2, wantOutput: "VERSION is required"},
		{name: "TokenWithoutEmail", args: []string{"todo-api/token"}, wantExit: 2, wantOutput: "EMAIL is required"},
		{name: "TokenListWithoutEmail", args: []string{"todo-api/token-list"}, wantExit: 2, wantOutput: "EMAIL is required"},
		{name: "RevokeWithoutWhich", args: []string{"todo-api/revoke", "EMAIL=a@example.com"}, wantExit: 2, wantOutput: "ID=<token id or prefix> or ALL=1 is required"},
		{name: "HelpListsTargets", args: []string{"help"}, wantExit: 0, wantOutput: "todo-api/token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command("make", append([]string{"-C", root, "--no-print-directory"}, tt.args...)...)
			out, err := cmd.CombinedOutput()
			exit := 0
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				exit = exitErr.ExitCode()
			} else {
				require.NoError(t, err)
			}
			// make reports a failed recipe with its own exit status 2.
			require.Equal(t, tt.wantExit, exit, "%s", out)
			require.Contains(t, string(out), tt.wantOutput)
		})
	}
}

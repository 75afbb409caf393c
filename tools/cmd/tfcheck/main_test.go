package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfcheck"
)

// repoRoot is the real repository root, relative to this package.
var repoRoot = filepath.Join("..", "..", "..")

func TestKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir  string
		want string
	}{
		{dir: "modules/naming", want: "module"},
		{dir: "/abs/repo/modules/sqs-queue/", want: "module"},
		{dir: "modules/sqs-queue/examples/basic", want: "example"},
		{dir: "terraform/stg/network", want: "root"},
		{dir: "terraform/prd/env", want: "root"},
		{dir: "terraform/bootstrap", want: "root"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, kind(tt.dir))
		})
	}
}

func TestRun_Usage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "NoCommand", args: nil, wantErr: "usage: tfcheck validate|test"},
		{name: "UnknownCommand", args: []string{"plan", "modules/naming"}, wantErr: "usage: tfcheck validate|test"},
		{name: "NoDirectories", args: []string{"validate"}, wantErr: "no directories given"},
		{name: "MissingDirectory", args: []string{"test", "modules/nope"}, wantErr: "modules/nope is not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer

			err := run(context.Background(), tt.args, func(string) string { return "" }, &out, &out)

			require.ErrorAs(t, err, new(cli.UsageError))
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

// TestRun_CountsWhatItChecked runs the real terraform over the repository's provider-free
// directories (modules/naming, its example, terraform/stg/env) and a broken copy of one.
func TestRun_CountsWhatItChecked(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipped under -short: runs terraform; make test runs it")
	}
	dirs := []string{
		filepath.Join(repoRoot, "modules", "naming"),
		filepath.Join(repoRoot, "modules", "naming", "examples", "basic"),
		filepath.Join(repoRoot, "terraform", "stg", "env"),
	}
	getenv := func(string) string { return "" }

	t.Run("Validate", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"validate", "-data-dir", t.TempDir()}, dirs...), getenv, &out, &out)
		require.NoError(t, err, out.String())
		require.Contains(t, out.String(), "tf/validate: 1 module, 1 example, 1 root valid\n")
	})
	t.Run("Test", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		err := run(context.Background(), []string{"test", "-data-dir", t.TempDir(), dirs[0], dirs[2]}, getenv, &out, &out)
		require.NoError(t, err, out.String())
		require.Regexp(t, `tf/test: 2 directories, 2 files, (\d+) runs: (\d+) passed, 0 not passed\n`, out.String())
	})
	t.Run("InvalidDirectoryFails", func(t *testing.T) {
		t.Parallel()
		broken := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(broken, "main.tf"), []byte("output \"x\" {\n  value = var.missing\n}\n"), 0o644))
		var out bytes.Buffer
		err := run(context.Background(), []string{"validate", "-data-dir", t.TempDir(), dirs[0], broken}, getenv, &out, &out)
		require.ErrorIs(t, err, errChecks)
		require.Contains(t, out.String(), "INVALID "+broken)
		require.Contains(t, out.String(), "Error: Reference to undeclared input variable")
		require.Contains(t, out.String(), "tf/validate: 1 of 2 directories invalid")
	})
}

func TestChecker_PrintDiagnostics(t *testing.T) {
	t.Parallel()
	warn := func(summary string) tfcheck.Diagnostic {
		return tfcheck.Diagnostic{Dir: "modules/x", Diagnostic: tfjson.Diagnostic{Severity: tfjson.DiagnosticSeverityWarning, Summary: summary,
			Range: &tfjson.Range{Filename: "tests/x.tftest.hcl", Start: tfjson.Pos{Line: 4}}}}
	}
	diags := []tfcheck.Diagnostic{
		warn("AWS account ID not found for provider"),
		{Dir: "modules/x", Diagnostic: tfjson.Diagnostic{Severity: tfjson.DiagnosticSeverityError, Summary: "Unsupported argument", Detail: `An argument named "nam" is not expected here.`}},
		warn("AWS account ID not found for provider"),
		{Diagnostic: tfjson.Diagnostic{Severity: tfjson.DiagnosticSeverityWarning, Summary: devOverridesWarning}},
		warn("AWS account ID not found for provider"),
	}
	var out bytes.Buffer

	checker{stdout: &out}.printDiagnostics(diags)

	require.Equal(t, "\nError: Unsupported argument\n\nAn argument named \"nam\" is not expected here.\n"+
		"  warning: AWS account ID not found for provider (modules/x/tests/x.tftest.hcl:4), 3 times\n", out.String())
}

package tfcheck_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfcheck"
)

// providerFree is a module without providers that calls a local module, with one test file
// whose second run fails its assertion and whose third is a validation that must reject.
var providerFree = map[string]string{
	"lib/main.tf": `variable "word" {
  type        = string
  description = "A word."
}
output "shout" {
  value = upper(var.word)
}
`,
	"root/main.tf": `variable "word" {
  type        = string
  description = "The word to shout: lower-case letters."
  validation {
    condition     = can(regex("^[a-z]+$", var.word))
    error_message = "word must be lower-case letters."
  }
}
module "lib" {
  source = "../lib"
  word   = var.word
}
output "shout" {
  value = module.lib.shout
}
`,
	"root/tests/shout.tftest.hcl": `variables {
  word = "hey"
}
run "shouts" {
  command = plan
  assert {
    condition     = output.shout == "HEY"
    error_message = "shout must upper-case the word."
  }
}
run "wrong_expectation" {
  command = plan
  assert {
    condition     = output.shout == "hey"
    error_message = "this expectation is wrong on purpose."
  }
}
run "rejects_capitals" {
  command = plan
  variables {
    word = "Hey"
  }
  expect_failures = [var.word]
}
`,
}

func requireTerraform(t *testing.T) {
	t.Helper()
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH")
}

func TestRunner_Validate(t *testing.T) {
	t.Parallel()
	requireTerraform(t)
	tests := []struct {
		name        string
		edit        map[string]string
		wantValid   bool
		wantSummary string
		wantFormat  string
	}{
		{name: "ValidRootWithLocalModule", wantValid: true},
		{
			name:        "UndeclaredVariable",
			edit:        map[string]string{"root/extra.tf": "output \"typo\" {\n  value = var.wrod\n}\n"},
			wantSummary: "Reference to undeclared input variable",
			wantFormat:  "/root/extra.tf line 2, in output \"typo\":\n     2:   value = var.wrod\n",
		},
		{
			name:        "UnsupportedArgumentInModuleCall",
			edit:        map[string]string{"root/extra.tf": "module \"again\" {\n  source = \"../lib\"\n  wrod   = \"x\"\n}\n"},
			wantSummary: "Unsupported argument",
			wantFormat:  "An argument named \"wrod\" is not expected here.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			scratchdir.Write(t, base, providerFree)
			scratchdir.Write(t, base, tt.edit)
			r := tfcheck.Runner{DataDir: t.TempDir()}
			dir := filepath.Join(base, "root")

			res, err := r.Validate(context.Background(), dir)

			require.NoError(t, err)
			require.Equal(t, tt.wantValid, res.Valid, "%+v", res.Diagnostics)
			if tt.wantValid {
				require.Empty(t, res.Errors())
				_, err := os.Stat(filepath.Join(dir, ".terraform"))
				require.True(t, os.IsNotExist(err), "with DataDir set nothing may be written into the directory")
				return
			}
			found := false
			for _, d := range res.Errors() {
				if d.Summary == tt.wantSummary {
					found = true
					require.Contains(t, d.Format(), tt.wantFormat)
				}
			}
			require.True(t, found, "no %q among %+v", tt.wantSummary, res.Errors())
		})
	}
}

func TestRunner_ValidateMissingModule(t *testing.T) {
	t.Parallel()
	requireTerraform(t)
	dir := t.TempDir()
	scratchdir.Write(t, dir, map[string]string{"main.tf": "module \"gone\" {\n  source = \"./nowhere\"\n}\n"})

	_, err := tfcheck.Runner{DataDir: t.TempDir()}.Validate(context.Background(), dir)

	var installErr *tfcheck.InstallError
	require.ErrorAs(t, err, &installErr)
	require.Contains(t, installErr.Output, "nowhere")
}

// TestRunner_InitInstallsWithInit covers the TF_ACC=1 path's installation: terraform init
// -backend=false (here on a provider-free root, which needs no registry) instead of get.
func TestRunner_InitInstallsWithInit(t *testing.T) {
	t.Parallel()
	requireTerraform(t)
	base := t.TempDir()
	scratchdir.Write(t, base, providerFree)
	scratchdir.Write(t, base, map[string]string{"root/backend.tf": "terraform {\n  backend \"s3\" {}\n}\n"})
	data := t.TempDir()

	res, err := tfcheck.Runner{DataDir: data, Init: true}.Test(context.Background(), filepath.Join(base, "root"))

	require.NoError(t, err)
	require.Len(t, res.Runs, 3)
	entries, err := os.ReadDir(data)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	require.FileExists(t, filepath.Join(data, entries[0].Name(), "modules", "modules.json"))
	require.NoFileExists(t, filepath.Join(data, entries[0].Name(), "terraform.tfstate"), "-backend=false: no backend may be initialised")
}

func TestRunner_RelativeDataDirStaysOutOfTheDirectory(t *testing.T) {
	requireTerraform(t)
	base := t.TempDir()
	scratchdir.Write(t, base, providerFree)
	t.Chdir(base)

	res, err := tfcheck.Runner{DataDir: "data"}.Validate(context.Background(), "root")

	require.NoError(t, err)
	require.True(t, res.Valid, "%+v", res.Diagnostics)
	require.DirExists(t, filepath.Join(base, "data"))
	require.NoDirExists(t, filepath.Join(base, "root", "data"))
	require.NoDirExists(t, filepath.Join(base, "root", ".terraform"))
}

func TestRunner_Test(t *testing.T) {
	t.Parallel()
	requireTerraform(t)
	base := t.TempDir()
	scratchdir.Write(t, base, providerFree)

	res, err := tfcheck.Runner{DataDir: t.TempDir()}.Test(context.Background(), filepath.Join(base, "root"))

	require.NoError(t, err)
	require.Equal(t, []string{"tests/shout.tftest.hcl"}, res.Files)
	require.Equal(t, []tfcheck.TestRun{
		{File: "tests/shout.tftest.hcl", Name: "shouts", Status: tfcheck.StatusPass},
		{File: "tests/shout.tftest.hcl", Name: "wrong_expectation", Status: tfcheck.StatusFail},
		{File: "tests/shout.tftest.hcl", Name: "rejects_capitals", Status: tfcheck.StatusPass},
	}, res.Runs)
	require.Equal(t, tfcheck.StatusFail, res.Status)
	require.False(t, res.Passed())
	require.Equal(t, 2, res.Count(tfcheck.StatusPass))
	require.Len(t, res.Errors(), 1)
	require.Equal(t, "Test assertion failed", res.Errors()[0].Summary)
	require.Equal(t, "wrong_expectation", res.Errors()[0].TestRun)
	require.Contains(t, res.Errors()[0].Format(), "this expectation is wrong on purpose.")
}

func TestRunner_TestAllPass(t *testing.T) {
	t.Parallel()
	requireTerraform(t)
	base := t.TempDir()
	files := map[string]string{}
	for k, v := range providerFree {
		files[k] = v
	}
	files["root/tests/shout.tftest.hcl"] = "variables {\n  word = \"hey\"\n}\nrun \"shouts\" {\n  command = plan\n  assert {\n    condition     = output.shout == \"HEY\"\n    error_message = \"upper-case\"\n  }\n}\n"
	scratchdir.Write(t, base, files)

	res, err := tfcheck.Runner{DataDir: t.TempDir()}.Test(context.Background(), filepath.Join(base, "root"))

	require.NoError(t, err)
	require.True(t, res.Passed(), "%+v", res)
	require.Len(t, res.Runs, 1)
}

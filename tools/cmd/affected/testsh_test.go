package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
)

// testshMakefile has steps that print the variables make passed them.
const testshMakefile = `GO_MODULES ?= all
go/test: ; @echo "testing $(GO_MODULES)"
tf/lint: ; @echo "linting terraform"
e2e: ; @echo "end to end"
`

// testshPlan is what the stand-in for `affected -steps` prints.
const testshPlan = "go/test\trun\tGO_MODULES=services/todo-api services/todo-batch\ntf/lint\tskip\tno terraform changed\ne2e\trun\n"

// runTestSh runs mk/test.sh over the steps with the given AFFECTED value and a stand-in
// affected command that prints testshPlan and records its arguments.
func runTestSh(t *testing.T, affectedValue string, steps ...string) (string, string, int) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Makefile"), []byte(testshMakefile), 0o644))
	args := filepath.Join(dir, "affected-args")
	stub := filepath.Join(dir, "affected.sh")
	require.NoError(t, os.WriteFile(stub, []byte("#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > "+args+"\nprintf '"+strings.ReplaceAll(testshPlan, "\t", `\t`)+"'\n"), 0o755))
	script, err := filepath.Abs(filepath.Join("..", "..", "..", "mk", "test.sh"))
	require.NoError(t, err)
	cmd := exec.Command("bash", append([]string{script}, steps...)...)
	// A surrounding make (make go/test) must not leak its flags in.
	cmd.Env = makeenv.Environ("TEST_BACKGROUND", "TEST_LANE")
	cmd.Env = append(cmd.Env, "ROOT="+dir, "MAKE=make", "AFFECTED="+affectedValue, "BASE=abc123", "AFFECTED_CMD="+stub)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else {
		require.NoError(t, err)
	}
	recorded, _ := os.ReadFile(args) // missing when affected was not asked
	return out.String(), string(recorded), code
}

func TestTestSh_Affected(t *testing.T) {
	out, args, code := runTestSh(t, "1", "go/test", "tf/lint", "e2e")
	require.Equal(t, 0, code, out)
	require.Equal(t, "-steps\ngo/test tf/lint e2e\n-base\nabc123\n", args, "affected gets the step list and BASE")
	require.Contains(t, out, "testing services/todo-api services/todo-batch\n", "a running step gets its narrowing variables")
	require.NotContains(t, out, "linting terraform", "a skipped step does not run")
	require.Contains(t, out, "end to end\n")
	require.Regexp(t, `tf/lint +skipped +0 +0\n`, out, "a skipped step took no time and no CPU")
	require.Contains(t, out, "skipped (did not run):\n  tf/lint: AFFECTED=1: no terraform changed\n")
	require.Contains(t, out, "2 passed, 0 failed, 1 skipped")
}

func TestTestSh_NotAffected(t *testing.T) {
	out, args, code := runTestSh(t, "", "go/test", "tf/lint")
	require.Equal(t, 0, code, out)
	require.Empty(t, args, "without AFFECTED=1 affected is not asked")
	require.Contains(t, out, "testing all\n")
	require.Contains(t, out, "linting terraform\n")
	require.Contains(t, out, "2 passed, 0 failed, 0 skipped")
}

func TestTestSh_UnknownAffected(t *testing.T) {
	out, _, code := runTestSh(t, "yes", "go/test")
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "error: unknown AFFECTED 'yes'; one of: 1 (only the steps the change affects), 0 or empty (every step)")
}

// TestMakeTest_AffectedVariable requires make's AFFECTED to be make test's parameter and
// nothing else: empty by default, 1 from the command line or the environment (CI sets it there).
func TestMakeTest_AffectedVariable(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	show := func(env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command("make", append([]string{"-s", "--no-print-directory", "-C", root,
			"--eval", "show-affected: ; @echo \"[$(AFFECTED)] [$(BASE)]\"", "show-affected"}, args...)...)
		cmd.Env = append(makeenv.Environ("TEST_BACKGROUND", "TEST_LANE", "AFFECTED", "BASE"), env...)
		out, err := cmd.Output()
		require.NoError(t, err)
		return strings.TrimSpace(string(out))
	}
	require.Equal(t, "[] []", show(nil))
	require.Equal(t, "[1] [abc]", show(nil, "AFFECTED=1", "BASE=abc"))
	require.Equal(t, "[1] [abc]", show([]string{"AFFECTED=1", "BASE=abc"}))
}

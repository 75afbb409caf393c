package tfmake_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
)

// stepsMakefile holds one make target per way a make test step can end.
const stepsMakefile = `passes: ; @echo "checked 3 things"
fails: ; @echo "broken"; exit 1
skips: ; @echo "SKIPPED: the thing it checks is missing here"
skips-twice: ; @echo "SKIPPED: first reason"; echo "SKIPPED: second reason"
skips-but-fails: ; @echo "SKIPPED: said it skipped"; exit 3
mentions-skipped: ; @echo "2 passed, 0 failed (nothing SKIPPED: here)"
bg-builds: ; @echo "built" > built.txt
bg-other: ; @echo "built" > other.txt
lane-waits: ; @for i in $$(seq 1 100); do [ -f started.txt ] && exit 0; sleep 0.05; done; echo "main lane never started"; exit 1
main-starts: ; @touch started.txt; echo "main lane ran"
lane-fails: ; @echo "lane step broke"; exit 1
bg-fails: ; @echo "cannot build the tool"; exit 1
burns: ; @awk 'BEGIN { for (i = 0; i < 100000000; i++) s += i; print "burned" }'; touch burned.txt
waits-for-burns: ; @for i in $$(seq 1 400); do [ -f burned.txt ] && sleep 1 && exit 0; sleep 0.05; done; echo "burns never ended"; exit 1
`

// runTestSh runs mk/test.sh over steps of stepsMakefile and returns its output and exit code.
func runTestSh(t *testing.T, steps ...string) (string, int) {
	t.Helper()
	out, code, _ := runTestShEnv(t, nil, steps...)
	return out, code
}

// runTestShEnv is runTestSh with extra environment variables; it also returns the scratch
// directory the steps ran in.
func runTestShEnv(t *testing.T, env []string, steps ...string) (string, int, string) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Makefile"), []byte(stepsMakefile), 0o644))
	script, err := filepath.Abs(filepath.Join(repoRoot, "mk", "test.sh"))
	require.NoError(t, err)
	cmd := exec.Command("bash", append([]string{script}, steps...)...)
	// A surrounding make (make go/test) must not leak its flags in.
	cmd.Env = makeenv.Environ("TEST_BACKGROUND", "TEST_LANE")
	cmd.Env = append(cmd.Env, "ROOT="+dir, "MAKE=make")
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return out.String(), code, dir
}

// summaryRows returns the result column of the summary table, by step name.
func summaryRows(t *testing.T, out string) map[string]string {
	t.Helper()
	rows := map[string]string{}
	for name, fields := range summaryTable(t, out) {
		if name != "total" {
			rows[name] = fields[0]
		}
	}
	return rows
}

// summaryTable returns the summary table's rows by step name ("total" included): the
// result, seconds and CPU-seconds columns (the total row has no result).
func summaryTable(t *testing.T, out string) map[string][]string {
	t.Helper()
	_, table, found := strings.Cut(out, "make test summary")
	require.True(t, found, out)
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 3 && fields[0] == "total" {
			rows["total"] = append([]string{""}, fields[1:]...)
			break
		}
		if len(fields) == 4 && fields[0] != "STEP" {
			rows[fields[0]] = fields[1:]
		}
	}
	return rows
}

// cpuSeconds is a summary row's CPU-seconds column as a number.
func cpuSeconds(t *testing.T, row []string) int {
	t.Helper()
	require.Len(t, row, 3)
	n, err := strconv.Atoi(row[2])
	require.NoError(t, err, "CPU-seconds column %q", row[2])
	return n
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestTestSh_Summary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		steps       []string
		wantCode    int
		wantResults map[string]string
		wantLast    string
		wantOut     []string
		wantNotOut  []string
	}{
		{
			name:        "PassingStepIsOk",
			steps:       []string{"passes"},
			wantResults: map[string]string{"passes": "ok"},
			wantLast:    "1 passed, 0 failed, 0 skipped",
			wantOut:     []string{"checked 3 things"},
			wantNotOut:  []string{"skipped (did not run)"},
		},
		{
			name:        "SkippedStepIsNotOkAndSaysWhy",
			steps:       []string{"passes", "skips"},
			wantResults: map[string]string{"passes": "ok", "skips": "skipped"},
			wantLast:    "1 passed, 0 failed, 1 skipped",
			wantOut:     []string{"skipped (did not run):\n  skips: the thing it checks is missing here\n"},
		},
		{
			name:        "EveryReasonOfAStepIsListed",
			steps:       []string{"skips-twice"},
			wantResults: map[string]string{"skips-twice": "skipped"},
			wantLast:    "0 passed, 0 failed, 1 skipped",
			wantOut:     []string{"  skips-twice: first reason; second reason\n"},
		},
		{
			name:        "FailingStepFailsTheRun",
			steps:       []string{"fails", "passes"},
			wantCode:    1,
			wantResults: map[string]string{"fails": "FAIL", "passes": "ok"},
			wantLast:    "1 passed, 1 failed, 0 skipped",
		},
		{
			name:        "SkipThatFailsIsAFailure",
			steps:       []string{"skips-but-fails"},
			wantCode:    1,
			wantResults: map[string]string{"skips-but-fails": "FAIL"},
			wantLast:    "0 passed, 1 failed, 0 skipped",
			wantNotOut:  []string{"skipped (did not run)"},
		},
		{
			name:        "OnlyALineStartingWithSkippedCounts",
			steps:       []string{"mentions-skipped"},
			wantResults: map[string]string{"mentions-skipped": "ok"},
			wantLast:    "1 passed, 0 failed, 0 skipped",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			out, code := runTestSh(t, tt.steps...)

			require.Equal(t, tt.wantCode, code, out)
			require.Equal(t, tt.wantResults, summaryRows(t, out), out)
			require.Equal(t, tt.wantLast, lastLine(out), out)
			for _, want := range tt.wantOut {
				require.Contains(t, out, want)
			}
			for _, notWant := range tt.wantNotOut {
				require.NotContains(t, out, notWant)
			}
		})
	}
}

func TestTestSh_Background(t *testing.T) {
	t.Parallel()
	t.Run("StartedWhenAStepThatNeedsItRuns", func(t *testing.T) {
		t.Parallel()
		out, code, dir := runTestShEnv(t, []string{"TEST_BACKGROUND=passes:bg-builds"}, "passes")
		require.Equal(t, 0, code, out)
		require.Contains(t, out, "building bg-builds (in the background")
		require.FileExists(t, filepath.Join(dir, "built.txt"), "the background target ran before test.sh ended")
		require.Equal(t, "1 passed, 0 failed, 0 skipped", lastLine(out))
	})
	t.Run("OnlyTheFilesOfStepsThatRun", func(t *testing.T) {
		t.Parallel()
		out, code, dir := runTestShEnv(t, []string{"TEST_BACKGROUND=fails:bg-other passes:bg-builds"}, "passes")
		require.Equal(t, 0, code, out)
		require.Contains(t, out, "building bg-builds (in the background")
		require.FileExists(t, filepath.Join(dir, "built.txt"))
		require.NoFileExists(t, filepath.Join(dir, "other.txt"), "fails does not run, so its file is not built")
	})
	t.Run("NotStartedWhenNoStepNeedsIt", func(t *testing.T) {
		t.Parallel()
		out, code, dir := runTestShEnv(t, []string{"TEST_BACKGROUND=fails:bg-builds"}, "passes")
		require.Equal(t, 0, code, out)
		require.NotContains(t, out, "in the background")
		require.NoFileExists(t, filepath.Join(dir, "built.txt"))
	})
	t.Run("FailureFailsTheRunWithItsLog", func(t *testing.T) {
		t.Parallel()
		out, code, _ := runTestShEnv(t, []string{"TEST_BACKGROUND=passes:bg-fails"}, "passes")
		require.Equal(t, 1, code, out)
		require.Contains(t, out, "cannot build the tool")
		require.Equal(t, "FAIL", summaryRows(t, out)["tools/background"], out)
		require.Equal(t, "1 passed, 1 failed, 0 skipped", lastLine(out))
	})
}

func TestTestSh_Lane(t *testing.T) {
	t.Parallel()
	t.Run("RunsBesideTheOtherStepsAndKeepsTheOrder", func(t *testing.T) {
		t.Parallel()
		// lane-waits passes only if main-starts, which comes after it in the step list, runs
		// while it waits: the two lanes really run at the same time.
		out, code, _ := runTestShEnv(t, []string{"TEST_LANE=lane-waits skips"}, "lane-waits", "main-starts", "skips", "passes")
		require.Equal(t, 0, code, out)
		require.Equal(t, map[string]string{"lane-waits": "ok", "main-starts": "ok", "skips": "skipped", "passes": "ok"}, summaryRows(t, out))
		require.Contains(t, out, "in a second lane while the other steps run: lane-waits skips")
		_, table, _ := strings.Cut(out, "make test summary")
		require.Less(t, strings.Index(table, "lane-waits"), strings.Index(table, "main-starts"), "the summary keeps the step order")
		require.Contains(t, out, "skips: the thing it checks is missing here")
		require.Less(t, strings.Index(out, "main lane ran"), strings.Index(out, "==> make lane-waits"), "a lane step's output follows the others")
		require.Equal(t, "3 passed, 0 failed, 1 skipped", lastLine(out))
	})
	t.Run("RunsInTheLanesOrder", func(t *testing.T) {
		t.Parallel()
		out, code, _ := runTestShEnv(t, []string{"TEST_LANE=skips passes"}, "passes", "main-starts", "skips")
		require.Equal(t, 0, code, out)
		require.Contains(t, out, "in a second lane while the other steps run: skips passes")
		require.Less(t, strings.Index(out, "==> make skips"), strings.Index(out, "==> make passes"), "the lane runs skips first, as TEST_LANE says")
		_, table, _ := strings.Cut(out, "make test summary")
		require.Less(t, strings.Index(table, "passes"), strings.Index(table, "skips"), "the summary keeps the step order")
	})
	t.Run("CountsEachStepsCPU", func(t *testing.T) {
		t.Parallel()
		// burns spends over a CPU-second in awk, a grandchild of test.sh; in the lane, whose
		// shell is a subshell, and in the main lane alike, it is counted to its step.
		out, code, _ := runTestShEnv(t, []string{"TEST_LANE=burns"}, "passes", "burns")
		require.Equal(t, 0, code, out)
		rows := summaryTable(t, out)
		require.GreaterOrEqual(t, cpuSeconds(t, rows["burns"]), 1, out)
		require.Equal(t, 0, cpuSeconds(t, rows["passes"]), out)
		require.GreaterOrEqual(t, cpuSeconds(t, rows["total"]), cpuSeconds(t, rows["burns"]), out)

		out, code, _ = runTestShEnv(t, nil, "burns", "passes")
		require.Equal(t, 0, code, out)
		require.GreaterOrEqual(t, cpuSeconds(t, summaryTable(t, out)["burns"]), 1, out)
	})
	t.Run("DoesNotCountTheLaneToAMainStep", func(t *testing.T) {
		t.Parallel()
		// The lane (burns, its last step) ends while waits-for-burns runs in the main lane: the
		// lane's CPU is burns's, not waits-for-burns's, and the total counts it once (counted
		// twice, it would be at least twice burns's, which is at least 1).
		out, code, _ := runTestShEnv(t, []string{"TEST_LANE=burns"}, "burns", "waits-for-burns")
		require.Equal(t, 0, code, out)
		rows := summaryTable(t, out)
		require.GreaterOrEqual(t, cpuSeconds(t, rows["burns"]), 1, out)
		require.Equal(t, 0, cpuSeconds(t, rows["waits-for-burns"]), out)
		// Whole seconds, each rounded down: the total may be one above burns's, never twice it.
		require.LessOrEqual(t, cpuSeconds(t, rows["total"]), cpuSeconds(t, rows["burns"])+1, out)
	})
	t.Run("AFailureInTheLaneFailsTheRun", func(t *testing.T) {
		t.Parallel()
		out, code, _ := runTestShEnv(t, []string{"TEST_LANE=lane-fails"}, "passes", "lane-fails")
		require.Equal(t, 1, code, out)
		require.Equal(t, "FAIL", summaryRows(t, out)["lane-fails"], out)
		require.Contains(t, out, "lane step broke")
		require.Equal(t, "1 passed, 1 failed, 0 skipped", lastLine(out))
	})
}

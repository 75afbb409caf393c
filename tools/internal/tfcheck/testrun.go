package tfcheck

import (
	"context"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Run statuses terraform test reports for a run block (and for a file and the whole test).
const (
	StatusPass  = "pass"
	StatusFail  = "fail"
	StatusError = "error"
	StatusSkip  = "skip"
)

// TestRun is one run block and how it ended.
type TestRun struct {
	// File is the test file, relative to the directory (tests/x.tftest.hcl).
	File string
	// Name is the run block's label.
	Name string
	// Status is StatusPass, StatusFail, StatusError or StatusSkip; empty when terraform never
	// reported the run as complete.
	Status string
}

// TestResult is the outcome of `terraform test` in one directory.
type TestResult struct {
	// Dir is the directory, as given.
	Dir string
	// Files are the test files terraform found, sorted.
	Files []string
	// Runs are the run blocks in file order, as terraform announced them before running.
	Runs []TestRun
	// Status is terraform's overall status (StatusPass, StatusFail, StatusError); StatusError
	// when terraform stopped before its summary.
	Status string
	// Diagnostics are every error and warning terraform reported.
	Diagnostics []Diagnostic
}

// Passed reports whether terraform ran at least one run block and every run passed.
func (r TestResult) Passed() bool {
	return r.Status == StatusPass && len(r.Runs) > 0 && r.Count(StatusPass) == len(r.Runs)
}

// Count returns the number of runs with the given status.
func (r TestResult) Count(status string) int {
	n := 0
	for _, run := range r.Runs {
		if run.Status == status {
			n++
		}
	}
	return n
}

// Errors returns the error diagnostics.
func (r TestResult) Errors() []Diagnostic { return errorsOf(r.Diagnostics) }

// testMessage is the part of one line of `terraform test -json` that tfcheck reads.
type testMessage struct {
	Type     string              `json:"type"`
	TestFile string              `json:"@testfile"`
	TestRun  string              `json:"@testrun"`
	Abstract map[string][]string `json:"test_abstract"`
	Run      *struct {
		Path     string `json:"path"`
		Run      string `json:"run"`
		Progress string `json:"progress"`
		Status   string `json:"status"`
	} `json:"test_run"`
	Summary *struct {
		Status string `json:"status"`
	} `json:"test_summary"`
	Diagnostic *tfjson.Diagnostic `json:"diagnostic"`
}

// Test installs dir's modules and runs `terraform test -json` there. Failing runs are a result
// whose Passed is false, not an error; see the package doc for errors.
func (r Runner) Test(ctx context.Context, dir string) (TestResult, error) {
	if err := r.install(ctx, dir); err != nil {
		return TestResult{}, err
	}
	out, err := r.terraform(ctx, dir, "test", "-json", "-no-color")
	if err != nil {
		return TestResult{}, err
	}
	res, err := parseTest(dir, out.stdout)
	if err != nil {
		return TestResult{}, fmt.Errorf("read terraform test output in %s (exit %d): %w\n%s", dir, out.exitCode, err, out.stderr)
	}
	if out.exitCode != 0 && res.Status == StatusPass {
		res.Status = StatusError
	}
	if res.Status == "" {
		res.Status = StatusError
		if len(res.Diagnostics) == 0 {
			return TestResult{}, fmt.Errorf("terraform test in %s exited %d without a summary:\n%s%s", dir, out.exitCode, out.stdout, out.stderr)
		}
	}
	return res, nil
}

// parseTest reads the JSON lines of `terraform test -json`.
func parseTest(dir string, stream []byte) (TestResult, error) {
	res := TestResult{Dir: dir}
	index := map[[2]string]int{}
	err := decodeLines(stream, func(m testMessage) {
		switch m.Type {
		case "test_abstract":
			for file := range m.Abstract {
				res.Files = append(res.Files, file)
			}
			sort.Strings(res.Files)
			for _, file := range res.Files {
				for _, run := range m.Abstract[file] {
					index[[2]string{file, run}] = len(res.Runs)
					res.Runs = append(res.Runs, TestRun{File: file, Name: run})
				}
			}
		case "test_run":
			if m.Run == nil || m.Run.Progress != "complete" {
				return
			}
			key := [2]string{m.Run.Path, m.Run.Run}
			i, ok := index[key]
			if !ok {
				i = len(res.Runs)
				index[key] = i
				res.Runs = append(res.Runs, TestRun{File: m.Run.Path, Name: m.Run.Run})
			}
			res.Runs[i].Status = m.Run.Status
		case "test_summary":
			if m.Summary != nil {
				res.Status = m.Summary.Status
			}
		case "diagnostic":
			if m.Diagnostic != nil {
				res.Diagnostics = append(res.Diagnostics, Diagnostic{Diagnostic: *m.Diagnostic, Dir: dir, TestFile: m.TestFile, TestRun: m.TestRun})
			}
		}
	})
	if err != nil {
		return TestResult{}, err
	}
	return res, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimSpace(s[:n]) + "..."
}

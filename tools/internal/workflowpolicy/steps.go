package workflowpolicy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
)

// Make is what the workflows are compared with: make test's step list and the scripts under
// .ci/ a workflow may run instead of make (their make commands count as the workflow's).
type Make struct {
	// TestSteps are the targets `make test` runs, in order (`make test/steps`).
	TestSteps []string
	// Scripts maps a script's path relative to the root (.ci/run) to its text.
	Scripts map[string]string
}

// LoadMake asks make for its test steps (`make test/steps` in root, one source: TEST_STEPS)
// and reads the scripts under root/.ci.
func LoadMake(ctx context.Context, root string) (*Make, error) {
	cmd := exec.CommandContext(ctx, "make", "-s", "--no-print-directory", "-C", root, "test/steps")
	// A surrounding make (make ci/actionlint) must not pass its flags and variables in.
	cmd.Env = makeenv.Environ()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("make test/steps in %s: %s: %w", root, strings.TrimSpace(stderr.String()), err)
	}
	m := &Make{TestSteps: strings.Fields(stdout.String()), Scripts: map[string]string{}}
	if len(m.TestSteps) == 0 {
		return nil, fmt.Errorf("make test/steps in %s printed no steps", root)
	}
	scripts, err := filepath.Glob(filepath.Join(root, ".ci", "*"))
	if err != nil {
		return nil, fmt.Errorf("list .ci scripts: %w", err)
	}
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			return nil, fmt.Errorf("read script: %w", err)
		}
		m.Scripts[".ci/"+filepath.Base(s)] = string(b)
	}
	return m, nil
}

// findRoot returns the nearest directory at or above dir that holds a Makefile.
func findRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", dir, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "Makefile")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no Makefile at or above " + abs)
		}
	}
}

// makeCall is one `make` command in a workflow step or a script it runs.
type makeCall struct {
	// Targets are the goals, in order.
	Targets []string
	// Vars are the NAME=value arguments.
	Vars map[string]string
	// Env is the step's environment, which make reads as variables too.
	Env map[string]string
}

// variable returns the value of a make variable for the call: its argument, else the step's
// environment.
func (c makeCall) variable(name string) string {
	if v, ok := c.Vars[name]; ok {
		return v
	}
	return c.Env[name]
}

var (
	makeCmd = regexp.MustCompile(`(?m)(?:^|[\s;&|(])make((?:[ \t]+[^\s;&|)#]+)*)`)
	// inlineCheck finds a workflow doing by hand what a make target does.
	inlineCheck = regexp.MustCompile(`(?m)(?:^|[\s;&|(])(go[ \t]+vet|go[ \t]+test|go[ \t]+tool[ \t]+golangci-lint|golangci-lint|gofmt)(?:\s|$)`)
)

// makeCalls returns the make commands in a shell script (comment lines left out); env are
// the step's environment variables, which make reads as variables too.
func makeCalls(script string, env map[string]string) []makeCall {
	var lines []string
	for _, l := range strings.Split(script, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			lines = append(lines, l)
		}
	}
	var out []makeCall
	for _, m := range makeCmd.FindAllStringSubmatch(strings.Join(lines, "\n"), -1) {
		c := makeCall{Vars: map[string]string{}, Env: env}
		for _, arg := range strings.Fields(m[1]) {
			arg = strings.Trim(arg, `"'`)
			switch {
			case strings.HasPrefix(arg, "-"):
			case strings.Contains(arg, "="):
				name, value, _ := strings.Cut(arg, "=")
				c.Vars[name] = strings.Trim(value, `"'`)
			default:
				c.Targets = append(c.Targets, arg)
			}
		}
		out = append(out, c)
	}
	return out
}

// script returns what a step runs: its run: text plus the text of every .ci script it calls.
func (m *Make) script(st step) string {
	text := st.Run
	if m == nil {
		return text
	}
	names := make([]string, 0, len(m.Scripts))
	for name := range m.Scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if strings.Contains(st.Run, name) {
			text += "\n" + m.Scripts[name]
		}
	}
	return text
}

var (
	eventIs    = regexp.MustCompile(`github\.event_name\s*==\s*'([a-z_]+)'`)
	eventIsNot = regexp.MustCompile(`github\.event_name\s*!=\s*'([a-z_]+)'`)
)

// eventsOf returns the events, among triggers, on which job id runs: those its if: condition
// names with == (github.event_name == 'push'), all but those it excludes with !=, else all;
// and only those on which every job it needs runs too.
func (w workflow) eventsOf(id string, triggers map[string]bool, seen map[string]bool) map[string]bool {
	out := map[string]bool{}
	if seen[id] {
		return out // a cycle; actionlint reports it
	}
	seen[id] = true
	cond := w.Jobs[id].If
	if eq := eventIs.FindAllStringSubmatch(cond, -1); len(eq) > 0 {
		for _, e := range eq {
			if triggers[e[1]] {
				out[e[1]] = true
			}
		}
	} else {
		for t := range triggers {
			out[t] = true
		}
		for _, e := range eventIsNot.FindAllStringSubmatch(cond, -1) {
			delete(out, e[1])
		}
	}
	needs := w.Jobs[id].Needs
	for _, n := range values(&needs) {
		if _, ok := w.Jobs[n]; !ok {
			continue
		}
		theirs := w.eventsOf(n, triggers, seen)
		for e := range out {
			if !theirs[e] {
				delete(out, e)
			}
		}
	}
	delete(seen, id)
	return out
}

// plain reports whether a make call runs its targets as make test does: with no variable
// arguments but AFFECTED and BASE. A call with others (TF_ACC=1: the real provider) is a
// different check.
func plain(c makeCall) bool {
	for k := range c.Vars {
		if k != "AFFECTED" && k != "BASE" {
			return false
		}
	}
	return true
}

// checkTestSteps applies make-test and inline-check to one workflow. make-test holds for the
// workflow named ci: on each of its pull_request and push triggers, its jobs run make test's
// steps exactly once each (through `make test`, the same list and summary), never with
// TEST_SKIP; a pull request's run uses AFFECTED=1 with a BASE.
func checkTestSteps(w workflow, ids []string, m *Make, add func(jobID, rule, format string, args ...any)) {
	for _, id := range ids {
		reported := map[string]bool{}
		for _, st := range w.Jobs[id].Steps {
			for _, found := range inlineCheck.FindAllStringSubmatch(m.script(st), -1) {
				command := strings.Join(strings.Fields(found[1]), " ")
				if !reported[command] {
					reported[command] = true
					add(id, "inline-check", "runs `%s` itself; call the make target that owns it (make go/lint, make go/test, make test) so CI checks what make test checks", command)
				}
			}
		}
	}
	if w.Name != "ci" || m == nil {
		return
	}
	triggers := map[string]bool{}
	for t := range w.triggers() {
		triggers[t] = true
	}
	inTest := map[string]bool{}
	for _, s := range m.TestSteps {
		inTest[s] = true
	}
	for _, event := range []string{"pull_request", "push"} {
		if !triggers[event] {
			continue
		}
		runs := map[string]int{}
		affected := false
		for _, id := range ids {
			if !w.eventsOf(id, triggers, map[string]bool{})[event] {
				continue
			}
			for _, st := range w.Jobs[id].Steps {
				for _, c := range makeCalls(m.script(st), st.Env) {
					for _, t := range c.Targets {
						switch {
						case t == "test":
							for _, s := range m.TestSteps {
								runs[s]++
							}
							if skip := c.variable("TEST_SKIP"); skip != "" {
								add(id, "make-test", "runs make test with TEST_SKIP=%s; CI runs every step (AFFECTED=1 skips, and reports, what a change does not need)", skip)
							}
							if c.variable("AFFECTED") == "1" && c.variable("BASE") != "" {
								affected = true
							}
						case inTest[t] && plain(c):
							runs[t]++
						}
					}
				}
			}
		}
		var missing, twice []string
		for _, s := range m.TestSteps {
			switch {
			case runs[s] == 0:
				missing = append(missing, s)
			case runs[s] > 1:
				twice = append(twice, s)
			}
		}
		if len(missing) > 0 {
			add("", "make-test", "on %s, make test's steps %s do not run; run `make test` (make test/steps lists them) instead of a different list", event, strings.Join(missing, " "))
		}
		if len(twice) > 0 {
			add("", "make-test", "on %s, %s run more than once; make test runs each of its steps once", event, strings.Join(twice, " "))
		}
		if event == "pull_request" && len(missing) == 0 && !affected {
			add("", "make-test", "on pull_request, run `make test AFFECTED=1 BASE=<base sha>` so a pull request checks what it affects, with the same steps and summary")
		}
	}
}

package affected

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path"
	"sort"
	"strings"
)

// Coverage is what one `make test` step checks. A step runs when the change affects something
// it covers and is skipped, with Skip as the reason, otherwise; a change to the build files
// runs every step.
type Coverage struct {
	// Covers reports whether the result affects what the step checks and the make variables
	// (NAME=value) that narrow it to the affected part; nil means only Tools and Paths count.
	Covers func(r Result) (run bool, vars []string)
	// Tools are the Go main packages the step runs (tools/cmd/tfcheck): a change to one of them
	// or to any workspace package they import runs the step.
	Tools []string
	// Tests are the Go packages whose tests the step runs (tools/e2e), followed the same way,
	// test imports included.
	Tests []string
	// Paths are other files the step reads, as patterns (see Match).
	Paths []string
	// Skip says what did not change when the step is skipped ("no terraform changed").
	Skip string
}

// terraformTools are the repository's own terraform tooling; every terraform step runs some
// of it.
var terraformTools = []string{"tools/cmd/tfcheck", "tools/cmd/terraform-provider-aws"}

// Steps is the one place that says what each `make test` step covers; every entry of make's
// TEST_STEPS needs one (TestSteps_CoverEveryTestStep fails otherwise). An entry may come before
// its step reaches make (go/buildlist-check, go/vuln, new/verify from parallel work).
var Steps = map[string]Coverage{
	"help/lint": {
		Covers: func(r Result) (bool, []string) { return r.Make, nil },
		Paths:  []string{"mk/help.awk"},
		Skip:   "no Makefile or mk/*.mk changed",
	},
	"go/lint": {
		Covers: goModules,
		Skip:   "no Go module affected",
	},
	"go/test": {
		Covers: goModules,
		Skip:   "no Go module affected",
	},
	"docs/lint": {
		Covers: func(r Result) (bool, []string) { return r.Docs, nil },
		Tools:  []string{"tools/cmd/docslint"},
		Skip:   "no Markdown or design doc changed",
	},
	"tf/guard": {
		Covers: terraform,
		Tools:  []string{"tools/cmd/tfguard"},
		Paths:  []string{"tfguard.ack"},
		Skip:   "no terraform changed",
	},
	"ci/actionlint": {
		// workflowpolicy compares ci.yml with make's step list, so make files count too.
		Covers: func(r Result) (bool, []string) { return r.Workflows || r.Make, nil },
		Tools:  []string{"tools/cmd/workflowpolicy"},
		Skip:   "no workflow or make file changed",
	},
	"e2e": {
		Covers: func(r Result) (bool, []string) { return r.E2E, nil },
		Tools:  []string{"tools/cmd/local"},
		Tests:  []string{"tools/e2e"},
		Paths:  []string{"tools/localaws/", "tools/dev/"},
		Skip:   "no service or library affected",
	},
	"svc/check": {
		// The definitions, the folders, stacks and paths they name, CODEOWNERS and deploy.yml.
		Tools: []string{"tools/cmd/svcdef"},
		Paths: []string{"services/", "terraform/stacks/", ".github/CODEOWNERS", ".github/workflows/deploy.yml"},
		Skip:  "no service, stack, CODEOWNERS or deploy.yml changed",
	},
	"go/buildlist-check": {
		// Every module's build list in the workspace equals its own (tools/cmd/buildlist).
		Tools: []string{"tools/cmd/buildlist"},
		Paths: []string{
			"libs/*/go.mod", "libs/*/go.sum", "services/*/go.mod", "services/*/go.sum",
			"tools/go.mod", "tools/go.sum", "examples/go.mod", "examples/go.sum",
		},
		Skip: "no go.mod or go.sum changed",
	},
	"go/vuln": {
		// govulncheck over what ships: the services and the libraries inside them.
		Covers: func(r Result) (bool, []string) { return r.E2E, nil },
		Tools:  []string{"tools/cmd/vulncheck"},
		Paths:  []string{".govulncheck-accept", "mk/artifact.sh", "services/*/Dockerfile", "services/*/service.yaml"},
		Skip:   "no service or library affected",
	},
	"new/verify": {
		// Scaffolds every kind of service in a scratch clone and checks it builds and passes
		// the service checks, so what a new service is made of counts: libraries, make files,
		// the design-doc template, the stacks and workflows it is added to.
		Covers: func(r Result) (bool, []string) { return r.E2E || r.Make, nil },
		Tools:  []string{"tools/cmd/scaffold"},
		Paths:  []string{"design-docs/TEMPLATE.md", "terraform/stacks/", ".github/"},
		Skip:   "no service, library, make file, stack or workflow changed",
	},
	"tf/schema-check": {
		Covers: terraform,
		Tools:  []string{"tools/cmd/tfschema"},
		Skip:   "no terraform changed",
	},
	"tf/fmt-check": {
		Covers: terraform,
		Skip:   "no terraform changed",
	},
	"tf/lint": {
		Covers: terraform,
		Tools:  []string{"tools/cmd/tfpolicy"},
		Skip:   "no terraform changed",
	},
	"tf/validate": {
		Covers: terraform,
		Tools:  terraformTools,
		Skip:   "no terraform changed",
	},
	"tf/test": {
		Covers: terraform,
		Tools:  terraformTools,
		Skip:   "no terraform changed",
	},
	"tf/docs-check": {
		Covers: terraform,
		Tools:  []string{"tools/cmd/tfdocs"},
		Paths:  []string{"modules/*/README.md"},
		Skip:   "no terraform changed",
	},
	"tf/rehearse": {
		Covers: terraform,
		Tools:  []string{"tools/cmd/tfrehearse", "tools/cmd/terraform-provider-aws", "tools/cmd/tfpolicy", "tools/cmd/tfguard", "tools/cmd/tfwhoami"},
		Paths:  []string{"tfguard.ack"},
		Skip:   "no terraform changed",
	},
}

// goModules runs a Go step on the affected modules only (GO_MODULES, which go/test and go/lint
// iterate over).
func goModules(r Result) (bool, []string) {
	if len(r.GoModules) == 0 {
		return false, nil
	}
	return true, []string{"GO_MODULES=" + strings.Join(r.GoModules, " ")}
}

// terraform runs a terraform step when a stack or module is affected.
func terraform(r Result) (bool, []string) {
	return len(r.TerraformStacks)+len(r.TerraformModules) > 0, nil
}

// Decision is whether one step runs for a change.
type Decision struct {
	// Step is the make target.
	Step string
	// Run is true when the step runs.
	Run bool
	// Vars narrow a running step (NAME=value); empty means the whole step.
	Vars []string
	// Why says why a step is skipped, or why it runs when that is not plain from the result:
	// one of its own files or tools changed, or it has no coverage entry. String leaves it
	// out for a step that runs.
	Why string
}

// String formats the decision as `affected -steps` prints it: step, run or skip, then the
// variables or the reason, separated by tabs.
func (d Decision) String() string {
	if !d.Run {
		return d.Step + "\tskip\t" + d.Why
	}
	return strings.Join(append([]string{d.Step, "run"}, d.Vars...), "\t")
}

// Plan decides, for each step, whether the change (its result r and changed files) needs it.
// A step without an entry in Steps runs, to be safe. It runs `go list` over the steps' tools
// only when the tools module is affected; errors come from that.
func (repo *Repository) Plan(ctx context.Context, r Result, changed []string, steps []string) ([]Decision, error) {
	var out []Decision
	toolsAffected := false
	for _, m := range r.GoModules {
		toolsAffected = toolsAffected || m == "tools"
	}
	// The steps' tools are listed once, and only when a change may reach them.
	var allTools, allTests []string
	for _, step := range steps {
		allTools = append(allTools, Steps[step].Tools...)
		allTests = append(allTests, Steps[step].Tests...)
	}
	var deps map[string][]string
	for _, step := range steps {
		c, ok := Steps[step]
		switch {
		case r.Everything:
			out = append(out, Decision{Step: step, Run: true})
			continue
		case !ok:
			out = append(out, Decision{Step: step, Run: true, Why: "no coverage entry in tools/internal/affected (Steps)"})
			continue
		}
		if c.Covers != nil {
			if run, vars := c.Covers(r); run {
				out = append(out, Decision{Step: step, Run: true, Vars: vars})
				continue
			}
		}
		if f := firstMatch(c.Paths, changed); f != "" {
			out = append(out, Decision{Step: step, Run: true, Why: f + " changed"})
			continue
		}
		if toolsAffected && len(c.Tools)+len(c.Tests) > 0 {
			if deps == nil {
				var err error
				if deps, err = repo.packageDeps(ctx, allTools, allTests); err != nil {
					return nil, err
				}
			}
			var dirs []string
			for _, d := range c.Tools {
				dirs = append(dirs, deps["build:"+d]...)
			}
			for _, d := range c.Tests {
				dirs = append(dirs, deps["test:"+d]...)
			}
			if f := firstMatch(dirs, changed); f != "" {
				out = append(out, Decision{Step: step, Run: true, Why: f + " changed (a tool the step runs builds from it)"})
				continue
			}
		}
		out = append(out, Decision{Step: step, Why: c.Skip})
	}
	return out, nil
}

// firstMatch returns the first changed file under one of patterns, or "".
func firstMatch(patterns, changed []string) string {
	for _, f := range changed {
		for _, p := range patterns {
			if Match(p, f) {
				return f
			}
		}
	}
	return ""
}

// packageDeps returns, for each of the packages tools (as built, keyed "build:<dir>") and tests
// (as tested, keyed "test:<dir>"), the workspace directories it is made of plus the go.mod and
// go.sum files of their modules. One `go list` answers for all of them.
func (repo *Repository) packageDeps(ctx context.Context, tools, tests []string) (map[string][]string, error) {
	ws := repo.Workspace
	importPath := func(dir string) string {
		m := ws.moduleOf(dir + "/x")
		if m == "" {
			return ""
		}
		return ws.Path[m] + strings.TrimPrefix(dir, m)
	}
	keys := map[string]string{} // go list ImportPath -> key
	var args []string
	for _, d := range tools {
		if p := importPath(d); p != "" {
			keys[p] = "build:" + d
			args = append(args, p)
		}
	}
	for _, d := range tests {
		if p := importPath(d); p != "" {
			keys[p+".test"] = "test:" + d
			args = append(args, p)
		}
	}
	out := map[string][]string{}
	if len(args) == 0 {
		return out, nil
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"list", "-e", "-test", "-f", "{{.ImportPath}}\t{{join .Deps \" \"}}"}, args...)...)
	cmd.Dir = repo.Root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list %s: %s: %w", strings.Join(args, " "), strings.TrimSpace(stderr.String()), err)
	}
	// dirOf maps an import path to its workspace directory, by the longest module path.
	dirOf := func(p string) (dir, mod string) {
		best := ""
		for d, mp := range ws.Path {
			if (p == mp || strings.HasPrefix(p, mp+"/")) && len(mp) > len(ws.Path[best]) {
				best = d
			}
		}
		if best == "" {
			return "", ""
		}
		return path.Join(best, strings.TrimPrefix(p, ws.Path[best])), best
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		pkg, deps, ok := strings.Cut(line, "\t")
		key := keys[pkg]
		if !ok || key == "" {
			continue
		}
		seen := map[string]bool{}
		// Deps holds test variants as "path [pkg.test]"; the path is what counts.
		for _, p := range append(strings.Fields(deps), strings.TrimSuffix(pkg, ".test")) {
			if dir, mod := dirOf(p); dir != "" {
				seen[dir] = true
				seen[path.Join(mod, "go.mod")] = true
				seen[path.Join(mod, "go.sum")] = true
			}
		}
		for d := range seen {
			out[key] = append(out[key], d)
		}
		sort.Strings(out[key])
	}
	return out, nil
}

// Package workflowpolicy checks what actionlint cannot know about the repository's GitHub
// workflows: who may assume which AWS role, and when production changes.
//
// The AWS side (modules/github-oidc-role) trusts the apply and deploy roles only from jobs of
// the account's GitHub environment; the GitHub environments carry the rest: required reviewers
// for prd and a deployment branch rule that admits main only (README, "GitHub environments").
// The rules here keep the workflows in step with that:
//
//   - role-environment: a job that assumes tsumiki-<env>-ci-apply-role or -ci-deploy-role runs
//     in the GitHub environment <env> (without it the role's trust refuses the job).
//   - prd-from-main: a workflow that can be started by hand and has a prd job either checks out
//     main for it or refuses any other ref (refs/heads/main) before it runs.
//   - deploy-after-ci: a workflow that runs `make deploy` starts from a completed ci run on main
//     (workflow_run), checks that run succeeded, and never on push, in parallel with CI.
//   - serial: a workflow that runs `make deploy` or `make apply` has one fixed concurrency group
//     that is never cancelled.
//   - make-test: the workflow named ci runs make test's step list (`make test/steps`, from
//     TEST_STEPS) exactly once on pull requests and on pushes, through `make test` (same steps,
//     same summary), pull requests with AFFECTED=1 and a BASE; never with TEST_SKIP.
//   - inline-check: no workflow runs go vet, go test, golangci-lint or gofmt itself instead of
//     the make target that owns the check.
package workflowpolicy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Finding is one violation, "file: job: [rule] message".
type Finding struct {
	// File is the workflow file.
	File string
	// Job is the job ID, or "" for the workflow as a whole.
	Job string
	// Rule is the rule's ID.
	Rule string
	// Message says what is wrong and what to do.
	Message string
}

// String formats the finding for people and CI logs.
func (f Finding) String() string {
	where := f.File
	if f.Job != "" {
		where += ": " + f.Job
	}
	return fmt.Sprintf("%s: [%s] %s", where, f.Rule, f.Message)
}

type workflow struct {
	Name        string         `yaml:"name"`
	On          yaml.Node      `yaml:"on"`
	Concurrency yaml.Node      `yaml:"concurrency"`
	Jobs        map[string]job `yaml:"jobs"`
}

type job struct {
	If          string    `yaml:"if"`
	Needs       yaml.Node `yaml:"needs"`
	Environment yaml.Node `yaml:"environment"`
	Steps       []step    `yaml:"steps"`
}

type step struct {
	Uses string            `yaml:"uses"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
	Run  string            `yaml:"run"`
}

// environment returns the job's GitHub environment name (plain or {name: ...}).
func (j job) environment() string {
	switch j.Environment.Kind {
	case yaml.ScalarNode:
		return j.Environment.Value
	case yaml.MappingNode:
		for i := 0; i+1 < len(j.Environment.Content); i += 2 {
			if j.Environment.Content[i].Value == "name" {
				return j.Environment.Content[i+1].Value
			}
		}
	}
	return ""
}

// runs reports whether any step's script contains s.
func (j job) runs(s string) bool {
	for _, st := range j.Steps {
		if strings.Contains(st.Run, s) {
			return true
		}
	}
	return false
}

// triggers returns the workflow's events with their configuration nodes.
func (w workflow) triggers() map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	switch w.On.Kind {
	case yaml.ScalarNode:
		out[w.On.Value] = nil
	case yaml.SequenceNode:
		for _, n := range w.On.Content {
			out[n.Value] = nil
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(w.On.Content); i += 2 {
			out[w.On.Content[i].Value] = w.On.Content[i+1]
		}
	}
	return out
}

// mapping returns the value of key in a mapping node, or nil.
func mapping(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// values returns a scalar's value or a sequence's values.
func values(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, c.Value)
	}
	return out
}

var ciRole = regexp.MustCompile(`role/tsumiki-(\$\{\{[^}]*\}\}|[a-z0-9]+)-ci-(apply|deploy)-role`)

// CheckDir checks every *.yml and *.yaml workflow in dir against the repository that holds
// it (the nearest directory above with a Makefile: its make test steps and .ci scripts).
func CheckDir(ctx context.Context, dir string) ([]Finding, error) {
	root, err := findRoot(dir)
	if err != nil {
		return nil, err
	}
	m, err := LoadMake(ctx, root)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, pattern := range []string{"*.yml", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return nil, fmt.Errorf("list workflows: %w", err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	var out []Finding
	for _, f := range files {
		found, err := CheckFile(f, m)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// CheckFile checks one workflow file; m is what make-test compares it with.
func CheckFile(path string, m *Make) ([]Finding, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read workflow: %w", err)
	}
	var w workflow
	if err := yaml.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("parse workflow %s: %w", path, err)
	}
	var out []Finding
	add := func(jobID, rule, format string, args ...any) {
		out = append(out, Finding{File: path, Job: jobID, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	ids := make([]string, 0, len(w.Jobs))
	for id := range w.Jobs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	triggers := w.triggers()
	_, dispatch := triggers["workflow_dispatch"]
	deploys, applies := false, false
	for _, id := range ids {
		j := w.Jobs[id]
		deploys = deploys || j.runs("make deploy")
		applies = applies || j.runs("make apply")
		env := j.environment()
		for _, st := range j.Steps {
			m := ciRole.FindStringSubmatch(st.With["role-to-assume"])
			if m == nil {
				continue
			}
			switch {
			case env == "":
				add(id, "role-environment", "assumes the %s role without a GitHub environment; the role trusts only repo:<repo>:environment:<env> (set environment: to the account's environment)", m[2])
			case !strings.HasPrefix(m[1], "${{") && env != m[1]:
				add(id, "role-environment", "assumes tsumiki-%s-ci-%s-role from environment %q; the role trusts environment %q only", m[1], m[2], env, m[1])
			}
		}
		if env == "prd" && dispatch {
			checksOutMain := false
			for _, st := range j.Steps {
				if strings.HasPrefix(st.Uses, "actions/checkout@") && st.With["ref"] == "main" {
					checksOutMain = true
				}
			}
			gated := false
			for _, other := range w.Jobs {
				gated = gated || other.runs("refs/heads/main")
			}
			if !checksOutMain && !gated {
				add(id, "prd-from-main", "runs in prd and the workflow can be started by hand from any ref; check out ref: main, or refuse a GITHUB_REF other than refs/heads/main before it")
			}
		}
	}
	if deploys {
		if _, push := triggers["push"]; push {
			add("", "deploy-after-ci", "runs make deploy on push, in parallel with CI; start it from `workflow_run: {workflows: [ci], types: [completed], branches: [main]}` instead")
		}
		run := triggers["workflow_run"]
		if run == nil || !contains(values(mapping(run, "workflows")), "ci") || !contains(values(mapping(run, "types")), "completed") || !contains(values(mapping(run, "branches")), "main") {
			add("", "deploy-after-ci", "runs make deploy without waiting for main's CI; trigger on `workflow_run: {workflows: [ci], types: [completed], branches: [main]}`")
		} else {
			checked := false
			for _, id := range ids {
				cond := w.Jobs[id].If
				checked = checked || (strings.Contains(cond, "workflow_run.conclusion == 'success'") && strings.Contains(cond, "workflow_run.head_branch == 'main'"))
			}
			if !checked {
				add("", "deploy-after-ci", "a completed ci run may have failed: a job must check github.event.workflow_run.conclusion == 'success' and head_branch == 'main'")
			}
		}
	}
	checkTestSteps(w, ids, m, add)
	if deploys || applies {
		group := mapping(&w.Concurrency, "group")
		cancel := mapping(&w.Concurrency, "cancel-in-progress")
		if group == nil || strings.Contains(group.Value, "${{") || cancel == nil || cancel.Value != "false" {
			add("", "serial", "changes an environment, so it needs one fixed concurrency group with cancel-in-progress: false (never two at once, never stopped halfway)")
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

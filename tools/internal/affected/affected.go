// Package affected works out what a change touches, so CI checks only that: the Go modules
// changed and every workspace module that depends on them (from the real go.work and go.mod
// files), the terraform stacks changed and every stack that uses a changed module
// (transitively, through local module sources), and whether docs or workflows changed.
// A change to the build itself (Makefile, mk/, go.work, .ci/) affects everything; a change to
// Markdown only affects the docs lint.
package affected

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfconfig"
)

// Result is what a change affects. Directories are slash-separated and relative to the
// repository root; every list is sorted and never nil, so its JSON is [] when empty.
type Result struct {
	// GoModules are the workspace modules to lint and test.
	GoModules []string `json:"go_modules"`
	// TerraformStacks are the root stacks to check, plan and apply.
	TerraformStacks []string `json:"terraform_stacks"`
	// TerraformModules are the reusable modules whose offline checks should run.
	TerraformModules []string `json:"terraform_modules"`
	// Docs is true when Markdown or design docs changed (the docs lint runs).
	Docs bool `json:"docs"`
	// Workflows is true when GitHub workflows changed (actionlint runs).
	Workflows bool `json:"workflows"`
	// Everything is true when the build itself changed, so every check runs.
	Everything bool `json:"everything"`
	// TerraformTargets are the affected stacks of the form terraform/<env>/<stack> as make
	// tf/plan and make apply take them, in apply order: a stack comes after the stacks whose
	// remote state it reads (data "terraform_remote_state" "<stack>").
	TerraformTargets []Target `json:"terraform_targets"`
}

// Target is one stack in one environment.
type Target struct {
	// Env is the environment (ENV=).
	Env string `json:"env"`
	// Stack is the stack's name (STACK=).
	Stack string `json:"stack"`
	// Dir is the stack's directory.
	Dir string `json:"dir"`
}

// Workspace is the repository's Go workspace: module directories and their paths and
// requirements.
type Workspace struct {
	// Dirs are the module directories listed in go.work.
	Dirs []string
	// Path maps a module directory to its module path.
	Path map[string]string
	// Requires maps a module directory to the module paths it requires.
	Requires map[string][]string
}

// LoadWorkspace parses root/go.work and the go.mod of every module it uses.
func LoadWorkspace(root string) (*Workspace, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.work"))
	if errors.Is(err, os.ErrNotExist) {
		return &Workspace{Path: map[string]string{}, Requires: map[string][]string{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read go.work: %w", err)
	}
	wf, err := modfile.ParseWork("go.work", data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse go.work: %w", err)
	}
	ws := &Workspace{Path: map[string]string{}, Requires: map[string][]string{}}
	var errs []error
	for _, u := range wf.Use {
		dir := path.Clean(filepath.ToSlash(u.Path))
		modPath := filepath.Join(root, filepath.FromSlash(dir), "go.mod")
		md, err := os.ReadFile(modPath)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s/go.mod (listed in go.work): %w", dir, err))
			continue
		}
		mf, err := modfile.ParseLax(modPath, md, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("parse %s/go.mod: %w", dir, err))
			continue
		}
		if mf.Module == nil {
			errs = append(errs, fmt.Errorf("%s/go.mod has no module line", dir))
			continue
		}
		ws.Dirs = append(ws.Dirs, dir)
		ws.Path[dir] = mf.Module.Mod.Path
		for _, r := range mf.Require {
			ws.Requires[dir] = append(ws.Requires[dir], r.Mod.Path)
		}
		for _, r := range mf.Replace {
			ws.Requires[dir] = append(ws.Requires[dir], r.Old.Path)
		}
	}
	sort.Strings(ws.Dirs)
	return ws, errors.Join(errs...)
}

// Dependents returns the module directories in dirs plus every workspace module that depends
// on one of them, directly or transitively.
func (ws *Workspace) Dependents(dirs []string) []string {
	byPath := map[string]string{}
	for d, p := range ws.Path {
		byPath[p] = d
	}
	users := map[string][]string{} // dir -> dirs requiring it
	for d, reqs := range ws.Requires {
		for _, p := range reqs {
			if dep, ok := byPath[p]; ok && dep != d {
				users[dep] = append(users[dep], d)
			}
		}
	}
	return closure(dirs, users)
}

// closure returns start plus everything reachable through edges, sorted and deduplicated.
func closure(start []string, edges map[string][]string) []string {
	seen := map[string]bool{}
	queue := append([]string(nil), start...)
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if seen[d] {
			continue
		}
		seen[d] = true
		queue = append(queue, edges[d]...)
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// Terraform is the terraform layout: reusable modules, root stacks and who calls whom.
type Terraform struct {
	// Stacks are the directories under terraform/ that no other directory calls as a module.
	Stacks []string
	// Modules are the top-level directories under modules/ (modules/<name>).
	Modules []string
	// Dirs are every directory holding .tf files.
	Dirs map[string]bool
	// Callers maps a directory to the directories that call it as a local module; a call to
	// any directory inside modules/<name> counts as a call to modules/<name>.
	Callers map[string][]string
	// Reads maps a stack to the stack names whose remote state it (or a local module it
	// calls) reads.
	Reads map[string][]string
}

// LoadTerraform parses the .tf files under root/terraform and root/modules.
func LoadTerraform(root string) (*Terraform, error) {
	tree, err := tfconfig.LoadTree(root, "terraform", "modules")
	if err != nil {
		return nil, fmt.Errorf("read terraform: %w", err)
	}
	tf := &Terraform{Dirs: map[string]bool{}, Callers: map[string][]string{}}
	called := map[string]bool{}
	mods := map[string]bool{}
	for _, dir := range tree.Dirs() {
		tf.Dirs[dir] = true
		if m := moduleOf(dir); m != "" {
			mods[m] = true
		}
		for _, c := range tree[dir].Calls {
			target := tfconfig.LocalSource(dir, c.Source)
			if target == "" {
				continue
			}
			if m := moduleOf(target); m != "" {
				target = m
			}
			called[target] = true
			caller := dir
			if m := moduleOf(dir); m != "" {
				caller = m
			}
			if caller != target {
				tf.Callers[target] = append(tf.Callers[target], caller)
			}
		}
	}
	tf.Reads = map[string][]string{}
	for _, dir := range tree.Dirs() {
		if strings.HasPrefix(dir, "terraform/") && !called[dir] {
			tf.Stacks = append(tf.Stacks, dir)
			tf.Reads[dir] = remoteStates(tree, dir, map[string]bool{})
		}
	}
	for m := range mods {
		tf.Modules = append(tf.Modules, m)
	}
	sort.Strings(tf.Modules)
	return tf, nil
}

// remoteStates returns the labels of the terraform_remote_state data sources of dir and of
// the local modules it calls, transitively.
func remoteStates(tree tfconfig.Tree, dir string, seen map[string]bool) []string {
	m := tree[dir]
	if m == nil || seen[dir] {
		return nil
	}
	seen[dir] = true
	var out []string
	for _, r := range m.Resources {
		if r.Data && r.Type == "terraform_remote_state" {
			out = append(out, r.Name)
		}
	}
	for _, c := range m.Calls {
		if target := tfconfig.LocalSource(dir, c.Source); target != "" {
			out = append(out, remoteStates(tree, target, seen)...)
		}
	}
	sort.Strings(out)
	return out
}

// targets turns stack directories into apply-ordered targets; directories not shaped
// terraform/<env>/<stack> (such as terraform/bootstrap, applied by hand) are left out.
func (tf *Terraform) targets(stacks []string) []Target {
	byDir := map[string]Target{}
	var dirs []string
	for _, s := range stacks {
		parts := strings.Split(s, "/")
		if len(parts) != 3 {
			continue
		}
		byDir[s] = Target{Env: parts[1], Stack: parts[2], Dir: s}
		dirs = append(dirs, s)
	}
	// Depth-first topological order over "reads the remote state of", by name for ties.
	done := map[string]bool{}
	visiting := map[string]bool{}
	out := []Target{}
	var visit func(dir string)
	visit = func(dir string) {
		if done[dir] || visiting[dir] {
			return
		}
		visiting[dir] = true
		t := byDir[dir]
		for _, dep := range tf.Reads[dir] {
			if d := "terraform/" + t.Env + "/" + dep; byDir[d].Dir != "" {
				visit(d)
			}
		}
		visiting[dir] = false
		done[dir] = true
		out = append(out, t)
	}
	for _, d := range dirs {
		visit(d)
	}
	return out
}

// moduleOf returns modules/<name> for a path inside it, "" otherwise.
func moduleOf(p string) string {
	parts := strings.SplitN(p, "/", 3)
	if len(parts) >= 2 && parts[0] == "modules" {
		return parts[0] + "/" + parts[1]
	}
	return ""
}

// buildFiles are paths whose change affects every check.
var buildFiles = []string{"Makefile", "mk/", "go.work", ".ci/", ".golangci.yml", ".tflint.hcl"}

// All returns a result that affects everything: every module, stack and check (for scheduled
// jobs such as drift detection, and manual full runs).
func All(ws *Workspace, tf *Terraform) Result {
	return Compute(ws, tf, []string{"Makefile"})
}

// Compute returns what the changed files (slash-separated, relative to the root) affect.
func Compute(ws *Workspace, tf *Terraform, changed []string) Result {
	var r Result
	var goDirs, tfDirs []string
	for _, f := range changed {
		switch {
		case isBuildFile(f):
			r.Everything = true
		case strings.HasPrefix(f, ".github/workflows/"):
			r.Workflows = true
		case strings.HasSuffix(f, ".md") || strings.HasPrefix(f, "design-docs/"):
			r.Docs = true
		case strings.HasPrefix(f, "terraform/") || strings.HasPrefix(f, "modules/"):
			tfDirs = append(tfDirs, tf.dirsOf(f)...)
		default:
			if d := ws.moduleOf(f); d != "" {
				goDirs = append(goDirs, d)
			}
		}
	}
	if r.Everything {
		r.Docs, r.Workflows = true, true
		r.GoModules = append([]string{}, ws.Dirs...)
		r.TerraformStacks = append([]string{}, tf.Stacks...)
		r.TerraformModules = append([]string{}, tf.Modules...)
		r.TerraformTargets = tf.targets(r.TerraformStacks)
		return r
	}
	r.GoModules = ws.Dependents(goDirs)
	all := closure(tfDirs, tf.Callers)
	stacks := map[string]bool{}
	for _, s := range tf.Stacks {
		stacks[s] = true
	}
	r.TerraformStacks, r.TerraformModules = []string{}, []string{}
	for _, d := range all {
		switch {
		case stacks[d]:
			r.TerraformStacks = append(r.TerraformStacks, d)
		case moduleOf(d) == d:
			r.TerraformModules = append(r.TerraformModules, d)
		}
	}
	r.TerraformTargets = tf.targets(r.TerraformStacks)
	return r
}

func isBuildFile(f string) bool {
	for _, b := range buildFiles {
		if f == b || (strings.HasSuffix(b, "/") && strings.HasPrefix(f, b)) {
			return true
		}
	}
	return false
}

// moduleOf returns the workspace module holding file f (longest directory prefix), or "".
func (ws *Workspace) moduleOf(f string) string {
	best := ""
	for _, d := range ws.Dirs {
		if (d == "." || strings.HasPrefix(f, d+"/")) && len(d) > len(best) {
			best = d
		}
	}
	return best
}

// dirsOf returns the terraform directories a changed file touches: its module
// (modules/<name>), its own directory when that holds .tf files (or held them: a deleted
// stack still counts), or every stack below the file's directory for shared files such as a
// per-environment tfvars.
func (tf *Terraform) dirsOf(f string) []string {
	if m := moduleOf(f); m != "" {
		return []string{m}
	}
	dir := path.Dir(f)
	if tf.Dirs[dir] || strings.HasSuffix(f, ".tf") {
		return []string{dir}
	}
	var out []string
	for _, s := range tf.Stacks {
		if strings.HasPrefix(s, dir+"/") {
			out = append(out, s)
		}
	}
	return out
}

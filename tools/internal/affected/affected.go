// Package affected works out what a change touches, so CI checks only that. It follows every
// edge the repository has:
//
//   - Go module imports: the Go modules changed and every workspace module that depends on
//     them (from the real go.work and go.mod files).
//   - Files read across modules: a service's tests and code read paths outside its folder
//     (services/<name>/service.yaml, field reads:, such as todo-batch reading todo-api's
//     migrations), and the tools module's tests read the repository (ToolsReads).
//   - Terraform: the stacks changed and every stack that a changed module feeds
//     (transitively, through local module sources), in apply order.
//   - Services and libraries feed the end-to-end tests, which build every service (E2E).
//   - Make files and workflows: a Makefile or *.mk changed (help/lint, the step list), a
//     workflow changed (actionlint and workflowpolicy).
//   - Shared build files (BuildFiles: Makefile, mk/, go.work, .ci/, ...) affect everything.
//
// A change to Markdown only affects the docs lint. Steps maps each `make test` step to what it
// covers, and Plan says which steps a change needs (`affected -steps`).
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
	// Make is true when a Makefile or a make include changed (help/lint, the step list).
	Make bool `json:"make"`
	// E2E is true when a service or library is affected: the end-to-end tests build and run
	// every service.
	E2E bool `json:"e2e"`
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

// BuildFiles are the shared build files: a change to one affects every check. Directories end
// in "/". Tool pins (tools/pins/), the Go linter every module is linted with (tools/lint/) and
// the npm packages of the local platform and the docs lint feed every step that runs a tool or
// the local platform, so they count too.
var BuildFiles = []string{
	"Makefile", "mk/", "go.work", "go.work.sum", ".ci/", "tools/lint/",
	"package.json", "package-lock.json", "tools/pins/",
}

// ToolsReads are the paths outside the tools module that its tests read from the repository
// itself (a service declares its own in service.yaml, field reads:): the rename guard, name
// stability and policy tests read terraform/ and modules/, workflowpolicy reads the workflows,
// docslint's tests read the design-doc template, the deploy tests run `make deploy` over the
// services' Makefiles and Dockerfiles, svcdef's tests read every service definition.
var ToolsReads = []string{
	"terraform/", "modules/", ".github/", "design-docs/TEMPLATE.md",
	"services/*/service.yaml", "services/*/Makefile", "services/*/Dockerfile",
}

// Repository is what Compute follows edges through: the Go workspace, the terraform layout
// and the files each Go module reads outside its own folder.
type Repository struct {
	// Root is the repository's directory.
	Root string
	// Workspace is the Go workspace (go.work and the go.mod files).
	Workspace *Workspace
	// Terraform is the terraform layout.
	Terraform *Terraform
	// Reads maps a Go module directory to the paths outside it that its code or tests read, as
	// patterns (see Match).
	Reads map[string][]string
}

// Load reads the repository at root: go.work and every go.mod, the terraform under terraform/
// and modules/, and the service definitions' reads.
func Load(root string) (*Repository, error) {
	ws, err := LoadWorkspace(root)
	if err != nil {
		return nil, err
	}
	tf, err := LoadTerraform(root)
	if err != nil {
		return nil, err
	}
	reads, err := loadReads(root)
	if err != nil {
		return nil, err
	}
	if _, ok := ws.Path["tools"]; ok {
		reads["tools"] = append(reads["tools"], ToolsReads...)
	}
	return &Repository{Root: root, Workspace: ws, Terraform: tf, Reads: reads}, nil
}

// Match reports whether the changed file f falls under pattern: the path itself or anything
// below it ("services/todo-api/migrations" matches every migration); a "*" matches one path
// segment ("services/*/Makefile"); a trailing "/" is ignored.
func Match(pattern, f string) bool {
	pattern = strings.TrimSuffix(pattern, "/")
	n := strings.Count(pattern, "/") + 1
	parts := strings.SplitN(f, "/", n+1)
	if len(parts) < n {
		return false
	}
	ok, err := path.Match(pattern, strings.Join(parts[:n], "/"))
	return err == nil && ok
}

// All returns a result that affects everything: every module, stack and check (for scheduled
// jobs such as drift detection, and manual full runs).
func (repo *Repository) All() Result {
	return repo.Compute([]string{"Makefile"})
}

// Compute returns what the changed files (slash-separated, relative to the root) affect.
func (repo *Repository) Compute(changed []string) Result {
	ws, tf := repo.Workspace, repo.Terraform
	var r Result
	var goDirs, tfDirs []string
	for _, f := range changed {
		if isMakeFile(f) {
			r.Make = true
		}
		// Files read across modules: a module whose code or tests read f is affected, whatever
		// kind of file f is (a migration, a workflow, a terraform stack, the doc template).
		// Markdown is prose for people (the docs lint's), unless a module names the file itself.
		for dir, patterns := range repo.Reads {
			for _, p := range patterns {
				if Match(p, f) && (!strings.HasSuffix(f, ".md") || p == f) {
					goDirs = append(goDirs, dir)
					break
				}
			}
		}
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
		r.Docs, r.Workflows, r.Make, r.E2E = true, true, true, true
		r.GoModules = append([]string{}, ws.Dirs...)
		r.TerraformStacks = append([]string{}, tf.Stacks...)
		r.TerraformModules = append([]string{}, tf.Modules...)
		r.TerraformTargets = tf.targets(r.TerraformStacks)
		return r
	}
	r.GoModules = ws.Dependents(goDirs)
	for _, m := range r.GoModules {
		// The end-to-end tests build and run every service with the libraries inside.
		if strings.HasPrefix(m, "services/") || strings.HasPrefix(m, "libs/") {
			r.E2E = true
		}
	}
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

// isMakeFile reports whether f is a make file: a Makefile anywhere or an mk/*.mk include.
func isMakeFile(f string) bool {
	return path.Base(f) == "Makefile" || strings.HasSuffix(f, ".mk")
}

func isBuildFile(f string) bool {
	for _, b := range BuildFiles {
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

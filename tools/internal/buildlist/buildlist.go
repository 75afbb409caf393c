package buildlist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
)

// AlignCommand is the make target that fixes a difference; messages name it.
const AlignCommand = "make go/align"

// Runner runs the go command over the modules of one workspace. The zero value is not
// usable: Root is required.
type Runner struct {
	// Root is the workspace root, the directory holding go.work. Module directories are
	// relative to it.
	Root string
	// Go is the go command. Default "go".
	Go string
	// Env is the go command's environment (KEY=value); nil means the process's. GOWORK is
	// set on top of it for each run: Root's go.work for the workspace, off for a module's own.
	Env []string
}

// Difference is one module whose version differs between the workspace build and a
// workspace module's own build.
type Difference struct {
	// Module is the workspace module's directory relative to Root, slash-separated
	// (services/todo-api).
	Module string
	// Path is the differing dependency's module path (golang.org/x/net).
	Path string
	// Workspace is its version in the workspace build; empty when no package of it is built
	// there.
	Workspace string
	// Own is its version in the module's own build (GOWORK=off); empty when no package of
	// it is built there.
	Own string
}

// String renders the difference as one line naming the module, the dependency and both
// versions.
func (d Difference) String() string {
	return fmt.Sprintf("%s: %s is %s in the workspace (go.work: make go/test, go/vuln, dev, e2e) but %s in the module's own build (GOWORK=off: what ships)",
		d.Module, d.Path, orNone(d.Workspace), orNone(d.Own))
}

func orNone(v string) string {
	if v == "" {
		return "not built"
	}
	return v
}

// Report renders differences for people: one line each, then what to run. Empty when there
// is none.
func Report(diffs []Difference) string {
	if len(diffs) == 0 {
		return ""
	}
	var b strings.Builder
	modules := map[string]bool{}
	for _, d := range diffs {
		fmt.Fprintf(&b, "%s\n", d)
		modules[d.Module] = true
	}
	fmt.Fprintf(&b, "%d dependency version(s) of %d module(s) differ between the workspace and the modules' own builds, so tests and go/vuln judge versions that do not ship; run %s\n",
		len(diffs), len(modules), AlignCommand)
	return b.String()
}

// LoadError is returned when a module's build list cannot be loaded.
type LoadError struct {
	// Module is the module's directory relative to Root.
	Module string
	// Own reports the mode: true for the module's own build (GOWORK=off), false for the
	// workspace.
	Own bool
	// Output is the go command's standard error.
	Output string
	// Err is the process error.
	Err error
}

// Error implements error.
func (e *LoadError) Error() string {
	mode, hint := "in the workspace", ""
	if e.Own {
		mode, hint = "on its own (GOWORK=off)", "\n(run "+AlignCommand+": it tidies the module first)"
	}
	return fmt.Sprintf("list the packages of %s %s: %v\n%s%s", e.Module, mode, e.Err, strings.TrimSpace(e.Output), hint)
}

// Unwrap returns the process error.
func (e *LoadError) Unwrap() error { return e.Err }

// NotAlignedError is returned by Align when differences remain after its last round.
type NotAlignedError struct {
	// Rounds is how many rounds of go get and go mod tidy ran.
	Rounds int
	// Differences are what remains.
	Differences []Difference
}

// Error implements error.
func (e *NotAlignedError) Error() string {
	return fmt.Sprintf("%d difference(s) remain after %d round(s) of go get and go mod tidy:\n%s",
		len(e.Differences), e.Rounds, strings.TrimSpace(Report(e.Differences)))
}

// WorkModules returns the directories go.work at root uses, relative to root,
// slash-separated, sorted.
func WorkModules(root string) ([]string, error) {
	path := filepath.Join(root, "go.work")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read go.work: %w", err)
	}
	wf, err := modfile.ParseWork(path, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse go.work: %w", err)
	}
	var dirs []string
	for _, u := range wf.Use {
		dirs = append(dirs, strings.TrimPrefix(filepath.ToSlash(filepath.Clean(u.Path)), "./"))
	}
	sort.Strings(dirs)
	return dirs, nil
}

// modulePaths returns the module paths of the workspace's modules: they are built from
// source in both modes and are not compared.
func (r Runner) modulePaths() (map[string]bool, error) {
	dirs, err := WorkModules(r.Root)
	if err != nil {
		return nil, err
	}
	paths := map[string]bool{}
	for _, dir := range dirs {
		file := filepath.Join(r.Root, filepath.FromSlash(dir), "go.mod")
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read the go.mod of %s: %w", dir, err)
		}
		p := modfile.ModulePath(data)
		if p == "" {
			return nil, fmt.Errorf("%s/go.mod has no module line", dir)
		}
		paths[p] = true
	}
	return paths, nil
}

// Check compares each module's workspace build list with its own and returns every
// difference, sorted by module and path. modules are directories relative to Root.
func (r Runner) Check(ctx context.Context, modules []string) ([]Difference, error) {
	workspace, err := r.modulePaths()
	if err != nil {
		return nil, err
	}
	// The modules are listed concurrently: each go list mostly waits (on the file system and
	// its own start-up), and a check in make test should cost little wall time.
	type result struct {
		diffs []Difference
		err   error
	}
	results := make([]result, len(modules))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, m := range modules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i].diffs, results[i].err = r.check(ctx, m, workspace)
		}()
	}
	wg.Wait()
	var diffs []Difference
	for _, res := range results {
		if res.err != nil {
			return nil, res.err
		}
		diffs = append(diffs, res.diffs...)
	}
	return diffs, nil
}

// check compares one module's build lists.
func (r Runner) check(ctx context.Context, module string, workspace map[string]bool) ([]Difference, error) {
	ws, err := r.buildList(ctx, module, false, workspace)
	if err != nil {
		return nil, err
	}
	own, err := r.buildList(ctx, module, true, workspace)
	if err != nil {
		return nil, err
	}
	paths := map[string]bool{}
	for p := range ws {
		paths[p] = true
	}
	for p := range own {
		paths[p] = true
	}
	var diffs []Difference
	for p := range paths {
		if ws[p] != own[p] {
			diffs = append(diffs, Difference{Module: module, Path: p, Workspace: ws[p], Own: own[p]})
		}
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].Path < diffs[j].Path })
	return diffs, nil
}

// buildList returns module path -> version of every module that provides a package to the
// module's packages and tests, leaving out the workspace's own modules. A replaced module's
// version names its replacement (v1.2.3 => example.com/fork v1.2.4).
func (r Runner) buildList(ctx context.Context, module string, own bool, workspace map[string]bool) (map[string]string, error) {
	const format = `{{with .Module}}{{.Path}}{{"\t"}}{{.Version}}{{with .Replace}}{{"\t"}}{{.Path}}{{"\t"}}{{.Version}}{{end}}{{end}}`
	stdout, stderr, err := r.goCmd(ctx, module, own, "list", "-deps", "-test", "-f", format, "./...")
	if err != nil {
		return nil, &LoadError{Module: module, Own: own, Output: stderr, Err: err}
	}
	list := map[string]string{}
	for _, line := range strings.Split(stdout, "\n") {
		f := strings.Split(line, "\t")
		if line == "" || workspace[f[0]] {
			continue
		}
		v := f[1]
		if len(f) == 4 {
			v += " => " + strings.TrimSpace(f[2]+" "+f[3])
		}
		list[f[0]] = v
	}
	return list, nil
}

// goCmd runs the go command with args in module's directory, in the workspace or on the
// module's own (GOWORK=off), and returns its output.
func (r Runner) goCmd(ctx context.Context, module string, own bool, args ...string) (stdout, stderr string, err error) {
	bin := r.Go
	if bin == "" {
		bin = "go"
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = filepath.Join(r.Root, filepath.FromSlash(module))
	// A copy: r.Env is shared by the concurrent runs, and append could write into its array.
	cmd.Env = slices.Clone(r.Env)
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	gowork := "off"
	if !own {
		root, absErr := filepath.Abs(r.Root)
		if absErr != nil {
			return "", "", fmt.Errorf("resolve %s: %w", r.Root, absErr)
		}
		gowork = filepath.Join(root, "go.work")
	}
	cmd.Env = append(cmd.Env, "GOWORK="+gowork)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// Align raises each module's own requirements to the workspace versions until Check finds no
// difference, at most rounds rounds (at least one): per round and module with a difference,
// `go get path@version ...` (GOWORK=off) for every dependency the workspace builds at another
// version, then `go mod tidy`. A module whose own build list cannot be loaded is tidied first
// (once per round).
// It logs each command to log.
func (r Runner) Align(ctx context.Context, modules []string, rounds int, log io.Writer) error {
	rounds = max(rounds, 1)
	for round := 1; ; round++ {
		var diffs []Difference
		for _, m := range modules {
			d, err := r.Check(ctx, []string{m})
			var loadErr *LoadError
			if errors.As(err, &loadErr) && loadErr.Own {
				// An untidy module (a missing go.sum entry, say, or requirements that a
				// workspace module it replaces raised last round) cannot even be listed;
				// tidy it and look again.
				if err := r.run(ctx, m, log, "mod", "tidy"); err != nil {
					return err
				}
				d, err = r.Check(ctx, []string{m})
			}
			if err != nil {
				return err
			}
			diffs = append(diffs, d...)
		}
		if len(diffs) == 0 {
			return nil
		}
		if round > rounds {
			return &NotAlignedError{Rounds: rounds, Differences: diffs}
		}
		byModule := map[string][]string{}
		var order []string
		for _, d := range diffs {
			if d.Workspace == "" || strings.Contains(d.Workspace, " => ") {
				continue // nothing to raise to: not built in the workspace, or replaced there
			}
			if _, ok := byModule[d.Module]; !ok {
				order = append(order, d.Module)
			}
			byModule[d.Module] = append(byModule[d.Module], d.Path+"@"+d.Workspace)
		}
		if len(order) == 0 {
			return &NotAlignedError{Rounds: round - 1, Differences: diffs}
		}
		for _, m := range order {
			if err := r.run(ctx, m, log, append([]string{"get"}, byModule[m]...)...); err != nil {
				return err
			}
			if err := r.run(ctx, m, log, "mod", "tidy"); err != nil {
				return err
			}
		}
	}
}

// run runs one go command that changes module's own go.mod (GOWORK=off), logging it.
func (r Runner) run(ctx context.Context, module string, log io.Writer, args ...string) error {
	fmt.Fprintf(log, "%s: GOWORK=off go %s\n", module, strings.Join(args, " "))
	_, stderr, err := r.goCmd(ctx, module, true, args...)
	if err != nil {
		return fmt.Errorf("GOWORK=off go %s in %s: %s: %w", strings.Join(args, " "), module, strings.TrimSpace(stderr), err)
	}
	return nil
}

package scaffold

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tsumiki-dev/tsumiki/tools/internal/docslint"
	"github.com/tsumiki-dev/tsumiki/tools/internal/makeenv"
	"github.com/tsumiki-dev/tsumiki/tools/internal/rehearse"
	"github.com/tsumiki-dev/tsumiki/tools/internal/repotests"
)

// VerifyOptions say what Verify checks.
type VerifyOptions struct {
	// Root is the repository to clone (its uncommitted changes included).
	Root string
	// Kinds are the kinds to scaffold; empty means every kind.
	Kinds []Kind
	// Full runs the whole `make test` in a clone per kind (NAME=demo) instead of the cheap
	// checks on one clone holding every kind (NAME=demo-<kind>).
	Full bool
	// Keep leaves the scratch directory in place and prints where it is.
	Keep bool
	// MakeTestArgs are extra arguments of the full mode's `make test`, for example
	// ["SHORT=1", "TEST_SKIP=e2e"] where the local platform must not start.
	MakeTestArgs []string
	// Stdout receives the progress: each step, its result and seconds.
	Stdout io.Writer
}

// Step is one check of the scratch clone: a command run in it.
type Step struct {
	// Name says what the step checks.
	Name string
	// Dir is where it runs, relative to the clone.
	Dir string
	// Args are the command and its arguments.
	Args []string
	// Env are extra KEY=value variables.
	Env []string
	// Want, when set, must appear in the command's output.
	Want string
	// FailLines, when set, picks the lines of a failed step's output worth printing (go
	// test's FAIL and Error lines); nil prints all of it.
	FailLines *regexp.Regexp
	// Tail is how many last lines of the output to print when the step passes (make test's
	// summary); a failed step prints all of it.
	Tail int
}

// ScaffoldSteps scaffold the given services (name and kind) with make new/service, as a
// person would: the cheap mode's first steps, before Checks.
func ScaffoldSteps(services map[string]Kind) []Step {
	var steps []Step
	for _, n := range slices.Sorted(maps.Keys(services)) {
		steps = append(steps, Step{Name: "make new/service " + n, Args: []string{"make", "new/service", "NAME=" + n, "KIND=" + string(services[n])}})
	}
	return steps
}

// Checks are the cheap checks of the new files, on a clone that holds the given services
// (name and kind): what `make test` runs on them, narrowed to them where a check allows.
// written are the files the scaffold wrote or edited (relative to the clone, slash-separated):
// the design docs among them are the ones whose diagrams are rendered.
// providerRC is a terraform CLI config that installs the offline provider already built in
// the source repository, so the clone does not build it again.
// toolTests are the tests of the tools module that read a file of written
// (repotests.Select), where a hand-kept list of services or stacks would break.
func Checks(services map[string]Kind, written []string, providerRC, dataDir string, toolTests []repotests.Package) []Step {
	var steps []Step
	names := slices.Sorted(maps.Keys(services))
	steps = append(steps,
		Step{Name: "make new/service refuses an existing name", Args: []string{"bash", "-c", "! make new/service NAME=" + names[0] + " KIND=" + string(services[names[0]]) + " 2>&1"}, Want: "already exists"},
		Step{Name: "make help lists the new targets", Args: []string{"make", "help"}, Want: names[len(names)-1] + "/build"},
		Step{Name: "make help/lint", Args: []string{"make", "help/lint"}},
		Step{Name: "make svc/check (definitions, CODEOWNERS, deploy workflow)", Args: []string{"make", "svc/check"}},
	)
	var roots []string
	for _, n := range names {
		dir := "services/" + n
		steps = append(steps,
			Step{Name: "gofmt " + dir, Args: []string{"bash", "-c", "out=$(gofmt -l .) && [ -z \"$out\" ] || { echo \"not gofmt'd: $out\"; exit 1; }"}, Dir: dir},
			Step{Name: "go vet " + dir, Args: []string{"go", "vet", "./..."}, Dir: dir},
			Step{Name: "go test " + dir, Args: []string{"go", "test", "-count=1", "./..."}, Dir: dir},
			Step{Name: "mk/artifact.sh build " + n + " (the shipped build: GOWORK=off, linux/arm64)", Args: []string{"bash", "mk/artifact.sh", "build", n, filepath.Join(dataDir, "artifacts")}},
		)
		for _, env := range Environments {
			roots = append(roots, "terraform/"+env+"/"+n)
		}
	}
	tf := []string{"TF_IN_AUTOMATION=1", "TF_INPUT=0", "TF_CLI_CONFIG_FILE=" + providerRC}
	// The env data the scaffold edits, and bootstrap, whose deploy role follows the
	// definitions.
	testDirs := []string{"terraform/bootstrap"}
	for _, env := range Environments {
		testDirs = append(testDirs, "terraform/"+env+"/env")
	}
	// Every doc's sections and links, but only the new docs' diagrams: rendering one starts
	// a browser, and the others are make docs/lint's to check.
	docslintArgs := []string{"go", "run", "./cmd/docslint", "-root", ".."}
	var docs []string
	for _, f := range written {
		if docslint.IsDesignDoc(f) {
			docslintArgs = append(docslintArgs, "-mermaid", f)
			docs = append(docs, f)
		}
	}
	if len(docs) == 0 {
		docslintArgs = append(docslintArgs, "-no-mermaid") // the check of the docs says one is missing
	}
	steps = append(steps,
		Step{Name: "design docs (docslint: sections and links of all, mermaid of " + strings.Join(docs, " ") + ")", Dir: "tools", Args: docslintArgs},
		Step{Name: "make tf/fmt-check", Args: []string{"make", "tf/fmt-check"}},
		Step{Name: "make tf/lint (tfpolicy)", Args: []string{"make", "tf/lint"}},
		Step{Name: "terraform validate of the new roots", Args: append([]string{"go", "run", "./tools/cmd/tfcheck", "validate", "-data-dir", dataDir}, roots...), Env: tf},
		Step{Name: "terraform test of bootstrap and the edited env data", Args: append([]string{"go", "run", "./tools/cmd/tfcheck", "test", "-data-dir", dataDir}, testDirs...), Env: tf},
		Step{Name: "make tf/names (the golden file was rewritten)", Args: []string{"make", "tf/names"}},
		Step{Name: "make tf/guard", Args: []string{"make", "tf/guard"}},
	)
	if len(toolTests) > 0 {
		n := 0
		for _, p := range toolTests {
			n += len(p.Tests)
		}
		steps = append(steps, Step{
			Name: fmt.Sprintf("go test -short of the %d tests in %d tools packages that read what the scaffold wrote", n, len(toolTests)),
			Dir:  "tools", Args: append([]string{"go", "test", "-short", "-count=1", "-run", repotests.RunPattern(toolTests)}, repotests.Dirs(toolTests)...),
			FailLines: regexp.MustCompile(`^\s*(--- FAIL|FAIL|Error:|panic)`),
		})
	}
	return steps
}

// Verify scaffolds opts.Kinds into a scratch clone of opts.Root and runs the checks there: the
// cheap Checks, or with Full the whole `make test` per kind. It says which mode ran, and
// returns an error naming every step that failed.
func Verify(ctx context.Context, opts VerifyOptions) error {
	out := opts.Stdout
	if out == nil {
		out = io.Discard
	}
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = Kinds
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	scratch, err := os.MkdirTemp("", "scaffold-verify-")
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if opts.Keep {
		fmt.Fprintf(out, "scaffold verify: keeping the scratch clones in %s\n", scratch)
	} else {
		defer func() { _ = os.RemoveAll(scratch) }() // scratch space; nothing to report
	}

	var failed []string
	if opts.Full {
		fmt.Fprintf(out, "scaffold verify: FULL mode (SCAFFOLD_FULL=1): per kind, make new/service NAME=demo and the whole make test in a scratch clone\n")
		for _, k := range kinds {
			clone := filepath.Join(scratch, string(k))
			if err := snapshot(ctx, root, clone); err != nil {
				return err
			}
			steps := []Step{
				{Name: "make new/service NAME=demo KIND=" + string(k), Args: []string{"make", "new/service", "NAME=demo", "KIND=" + string(k)}},
				{Name: strings.TrimSpace("make test "+strings.Join(opts.MakeTestArgs, " ")) + " (" + string(k) + ")", Args: append([]string{"make", "test"}, opts.MakeTestArgs...), Tail: 30},
				// make test leaves the local platform up, as it does in a checkout; the clone
				// goes away, so its processes must not outlive it. runSteps runs this one
				// after a failed make test too.
				{Name: "make deps/down (" + string(k) + ")", Args: append([]string{"make", "deps/down"}, opts.MakeTestArgs...)},
			}
			failed = append(failed, runSteps(ctx, out, clone, steps)...)
		}
	} else {
		fmt.Fprintf(out, "scaffold verify: CHEAP mode: every kind in one scratch clone, the checks the new files are subject to (SCAFFOLD_FULL=1 runs the whole make test per kind)\n")
		clone := filepath.Join(scratch, "clone")
		if err := snapshot(ctx, root, clone); err != nil {
			return err
		}
		rc, err := offlineProviderRC(ctx, root, scratch)
		if err != nil {
			return err
		}
		services := map[string]Kind{}
		for _, k := range kinds {
			services["demo-"+string(k)] = k
		}
		failed = runSteps(ctx, out, clone, ScaffoldSteps(services))
		// The clone was committed before the scaffold, so what differs is what it wrote.
		written, err := changedFiles(ctx, clone)
		if err != nil {
			return err
		}
		tests, err := ToolTests(filepath.Join(clone, "tools"), written)
		if err != nil {
			return err
		}
		steps := Checks(services, written, rc, filepath.Join(scratch, "tf-data"), tests)
		failed = append(failed, runSteps(ctx, out, clone, steps)...)
		if last := steps[len(steps)-1].Name; len(tests) > 0 && slices.Contains(failed, last) {
			// Packages that fail without the scaffold too are go/test's to report, not this
			// check's. Asked only when the step failed: a run of the packages before the
			// scaffold cost every make test a second compile of them.
			pristine := func() (string, error) {
				dir := filepath.Join(scratch, "pristine")
				return filepath.Join(dir, "tools"), snapshot(ctx, root, dir)
			}
			fresh, err := scaffoldedFailuresOnly(ctx, out, filepath.Join(clone, "tools"), repotests.RunPattern(tests), repotests.Dirs(tests), pristine)
			if err != nil {
				return err
			}
			if !fresh {
				failed = slices.DeleteFunc(failed, func(name string) bool { return name == last })
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("verify: %d step(s) failed: %s", len(failed), strings.Join(failed, "; "))
	}
	fmt.Fprintf(out, "scaffold verify: every step passed (%s mode)\n", map[bool]string{true: "full", false: "cheap"}[opts.Full])
	return nil
}

// ToolTests returns the tests of the tools module at dir that read a file of written (paths
// relative to the repository root) and do not skip under -short, which the step runs with:
// repotests.Select, without this package's own tests, which check the generator rather than
// what it wrote (make go/test runs them).
func ToolTests(dir string, written []string) ([]repotests.Package, error) {
	pkgs, err := repotests.Select(dir, "tools", written, true)
	if err != nil {
		return nil, fmt.Errorf("verify: find the tests that read what the scaffold wrote: %w", err)
	}
	return slices.DeleteFunc(pkgs, func(p repotests.Package) bool { return p.Dir == "./internal/scaffold" }), nil
}

// changedFiles returns the files of the repository at dir that differ from its last commit
// (changed, added or untracked, not ignored), relative to it, sorted.
func changedFiles(ctx context.Context, dir string) ([]string, error) {
	out, err := rehearse.Git(ctx, dir, "status", "--porcelain=v1", "-z", "--untracked-files=all")
	if err != nil {
		return nil, fmt.Errorf("verify: list what the scaffold wrote: %w", err)
	}
	var files []string
	fields := strings.Split(strings.TrimRight(out, "\x00"), "\x00")
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if len(f) < 4 {
			continue
		}
		files = append(files, f[3:])
		if f[0] == 'R' || f[0] == 'C' {
			i++ // the path it was renamed or copied from
		}
	}
	slices.Sort(files)
	return files, nil
}

// scaffoldedFailuresOnly reruns the tests matching run (a -run pattern; "" for all) of pkgs
// (./path in the tools module at tools) to list the failing packages, runs those in the tools
// module of a snapshot without the scaffold (pristine makes it), and says whether any of them
// fails only with the scaffold. Those failing in both are noted as go/test's to report.
func scaffoldedFailuresOnly(ctx context.Context, out io.Writer, tools, run string, pkgs []string, pristine func() (string, error)) (bool, error) {
	after := failingPackages(ctx, tools, run, pkgs)
	if len(after) == 0 {
		return true, nil // the step failed for another reason (a build error): keep it
	}
	pristineTools, err := pristine()
	if err != nil {
		return false, err
	}
	before := failingPackages(ctx, pristineTools, run, after)
	if len(before) > 0 {
		fmt.Fprintf(out, "note: %s fail(s) without the scaffold too (make go/test reports it)\n", strings.Join(before, " "))
	}
	return slices.ContainsFunc(after, func(p string) bool { return !slices.Contains(before, p) }), nil
}

// failingPackages runs `go test -short` of the tests matching run ("" for all) in pkgs
// (./path, in the module at dir) and returns the packages that fail.
func failingPackages(ctx context.Context, dir, run string, pkgs []string) []string {
	if len(pkgs) == 0 {
		return nil
	}
	args := []string{"test", "-short", "-count=1"}
	if run != "" {
		args = append(args, "-run", run)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	b, _ := cmd.CombinedOutput() // the FAIL lines say which failed
	var failed []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "FAIL" {
			continue
		}
		if _, rel, ok := strings.Cut(f[1], "/tools/"); ok && slices.Contains(pkgs, "./"+rel) && !slices.Contains(failed, "./"+rel) {
			failed = append(failed, "./"+rel)
		}
	}
	return failed
}

// snapshot copies root (uncommitted changes included) into clone as a repository on main
// with an origin, and links the source's node_modules (git-ignored; make deps/npm installs
// it there first, a no-op when it is up to date) so the docs lint finds the mermaid CLI
// without installing it again.
func snapshot(ctx context.Context, root, clone string) error {
	if b, err := exec.CommandContext(ctx, "make", "-C", root, "--no-print-directory", "deps/npm").CombinedOutput(); err != nil {
		return fmt.Errorf("verify: make deps/npm: %w: %s", err, strings.TrimSpace(string(b)))
	}
	// The link below is not the scaffold's: excluded, git status of the clone lists only what
	// the scaffold wrote.
	if err := rehearse.Snapshot(ctx, root, clone, "/node_modules"); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	// A root that is itself a clone has node_modules as a symlink, which git does not ignore
	// (node_modules/ matches folders only) and the snapshot copied.
	link := filepath.Join(clone, "node_modules")
	if _, err := os.Lstat(link); err == nil {
		return nil
	}
	if err := os.Symlink(filepath.Join(root, "node_modules"), link); err != nil {
		return fmt.Errorf("verify: link node_modules: %w", err)
	}
	return nil
}

// offlineProviderRC builds the offline provider in the source repository when it is out of
// date (make tf/provider: a no-op when it is not) and writes a CLI config that installs it.
func offlineProviderRC(ctx context.Context, root, scratch string) (string, error) {
	cmd := exec.CommandContext(ctx, "make", "-C", root, "--no-print-directory", "tf/provider")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("verify: make tf/provider: %w: %s", err, strings.TrimSpace(string(b)))
	}
	rc := filepath.Join(scratch, "offline.tfrc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hashicorp/aws\" = %q\n  }\n  direct {}\n}\n", filepath.Join(root, "bin", "offline-aws"))
	if err := os.WriteFile(rc, []byte(text), 0o644); err != nil {
		return "", fmt.Errorf("verify: %w", err)
	}
	return rc, nil
}

// runSteps runs steps in dir one after another (going on after a failure), prints each with
// its result and seconds, and returns the names of those that failed. A failed step's output
// is printed; a passing step's is not.
func runSteps(ctx context.Context, out io.Writer, dir string, steps []Step) []string {
	var failed []string
	for _, s := range steps {
		start := time.Now()
		cmd := exec.CommandContext(ctx, s.Args[0], s.Args[1:]...)
		cmd.Dir = filepath.Join(dir, filepath.FromSlash(s.Dir))
		cmd.Env = append(cleanEnv(), s.Env...)
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		err := cmd.Run()
		if err == nil && s.Want != "" && !strings.Contains(buf.String(), s.Want) {
			err = fmt.Errorf("output lacks %q", s.Want)
		}
		secs := int(time.Since(start).Seconds())
		if err != nil {
			text := buf.String()
			if s.FailLines != nil {
				var keep []string
				for _, l := range strings.Split(text, "\n") {
					if s.FailLines.MatchString(l) {
						keep = append(keep, l)
					}
				}
				text = strings.Join(keep, "\n")
			}
			fmt.Fprintf(out, "FAIL  %4ds  %s: %v\n%s\n", secs, s.Name, err, indent(shorten(text)))
			failed = append(failed, s.Name)
			continue
		}
		fmt.Fprintf(out, "ok    %4ds  %s\n", secs, s.Name)
		if s.Tail > 0 {
			lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
			fmt.Fprintln(out, indent(strings.Join(lines[max(0, len(lines)-s.Tail):], "\n")))
		}
	}
	return failed
}

// leakedVars are variables a surrounding `make test` puts into the environment of its steps
// (mk/test.mk passes them to mk/test.sh) that must not reach the clone: ROOT names the source
// checkout, and mk/artifact.sh, mk/test.sh and the tests that run them read it from there
// (the clone's steps would build and list the source's services); AFFECTED and BASE would
// narrow the clone's own make test to the source's change.
var leakedVars = []string{"ROOT", "AFFECTED", "BASE"}

// cleanEnv is this process's environment without what would leak the calling make's state
// into the clone's: its flags and command-line variables (MAKEFLAGS), its depth, leakedVars,
// and SCAFFOLD_FULL, which would make the clone's own make test run the full mode again.
func cleanEnv() []string {
	return makeenv.Environ(append([]string{"MAKEOVERRIDES", "SCAFFOLD_FULL"}, leakedVars...)...)
}

// maxLine is the longest output line a failed step prints in full: terraform prints whole
// policy documents on one line.
const maxLine = 300

// shorten cuts every line of s longer than maxLine.
func shorten(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if len(l) > maxLine {
			lines[i] = l[:maxLine] + fmt.Sprintf(" ... (%d more bytes)", len(l)-maxLine)
		}
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return "      | " + strings.ReplaceAll(s, "\n", "\n      | ")
}

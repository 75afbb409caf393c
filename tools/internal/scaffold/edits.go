package scaffold

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
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/tsumiki-dev/tsumiki/tools/internal/namestability"
)

// NamesGolden is the name-stability golden file (tools/internal/namestability's test reads it).
const NamesGolden = "tools/internal/namestability/testdata/names.golden"

// edit changes the existing files that list services or stacks, and returns the ones it
// changed, relative to root.
func edit(ctx context.Context, root string, d data) ([]string, error) {
	var edited []string
	steps := []struct {
		file string
		fn   func(string, data) error
	}{
		{"go.work", addWorkUse},
		{"terraform/README.md", addApplyOrder},
	}
	for _, env := range Environments {
		steps = append(steps,
			struct {
				file string
				fn   func(string, data) error
			}{"terraform/" + env + "/env/main.tf", addEnvSettings},
			struct {
				file string
				fn   func(string, data) error
			}{"terraform/" + env + "/env/outputs.tf", addEnvOutput},
		)
	}
	steps = append(steps, struct {
		file string
		fn   func(string, data) error
	}{EnvNamesFile, addEnvNames})
	for _, s := range steps {
		file := filepath.Join(root, filepath.FromSlash(s.file))
		before, _ := os.ReadFile(file) // a missing file is the edit's error to report
		if err := s.fn(file, d); err != nil {
			return edited, fmt.Errorf("edit %s: %w", s.file, err)
		}
		if after, err := os.ReadFile(file); err != nil || !bytes.Equal(before, after) {
			edited = append(edited, s.file)
		}
	}
	// What svcdef generates from the definitions (the deploy workflow's choice of services,
	// the README's service table and design-doc list, CODEOWNERS rules for owners that no rule
	// covers yet), by svcdef itself, as make svc/generate does; then its checks, as make
	// svc/check does, so a definition it rejects stops here.
	for _, sub := range []string{"generate", "check"} {
		cmd := exec.CommandContext(ctx, "go", "run", "./tools/cmd/svcdef", sub, "-root", root)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return edited, fmt.Errorf("svcdef %s: %w: %s", sub, err, strings.TrimSpace(string(out)))
		}
		for _, line := range strings.Split(string(out), "\n") {
			if f, ok := strings.CutPrefix(line, "wrote "); ok {
				edited = append(edited, strings.TrimSpace(f))
			}
		}
	}
	// Last, since it reads the stacks and the env data written above.
	if err := WriteNamesGolden(root); err != nil {
		return edited, err
	}
	return append(edited, NamesGolden), nil
}

// addWorkUse adds ./services/<name> to go.work's use block.
func addWorkUse(file string, d data) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	w, err := modfile.ParseWork(file, b, nil)
	if err != nil {
		return err
	}
	if err := w.AddUse("./services/"+d.Name, ""); err != nil {
		return err
	}
	w.SortBlocks()
	w.Cleanup()
	return os.WriteFile(file, modfile.Format(w.Syntax), 0o644)
}

// EnvNamesFile is the one list of the environment variables services read
// (libs/kit/envnames); tools/internal/envcheck fails on a name a service reads that it lacks.
const EnvNamesFile = "libs/kit/envnames/envnames.go"

// envNames are the variables a kind's scaffold reads that are its own (the shared ones, such
// as LOG_LEVEL or HTTP_ADDR, are listed already), with what each holds.
func envNames(d data) [][2]string {
	switch d.Kind {
	case KindWorker:
		return [][2]string{{d.Var + "_INTERVAL", d.Name + ": time between the starts of two rounds of work"}}
	case KindLambda:
		return [][2]string{{d.Var + "_QUEUE_URL", d.Name + ": the queue its local runner polls (run-local)"}}
	}
	return nil
}

// allBlock finds the list in libs/kit/envnames: from "var All = []Var{" to its closing brace.
var allBlock = regexp.MustCompile(`(?ms)^var All = \[\]Var\{\n.*?^\}\n`)

// addEnvNames adds the service's own variables to the end of libs/kit/envnames's list.
func addEnvNames(file string, d data) error {
	names := envNames(d)
	if len(names) == 0 {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	loc := allBlock.FindIndex(b)
	if loc == nil {
		return errors.New("no \"var All = []Var{\" list to add the service's variables to")
	}
	var add strings.Builder
	fmt.Fprintf(&add, "\t// %s (make new/service).\n", d.Name)
	for _, n := range names {
		if bytes.Contains(b[loc[0]:loc[1]], []byte(strconv.Quote(n[0]))) {
			return fmt.Errorf("%w: %s is listed already", ErrExists, n[0])
		}
		fmt.Fprintf(&add, "\t{Name: %q, Doc: %q},\n", n[0], n[1])
	}
	end := loc[1] - len("}\n")
	out := append(append(append([]byte{}, b[:end]...), add.String()...), b[end:]...)
	return os.WriteFile(file, out, 0o644)
}

// applyOrder finds the sentence tools/internal/rehearse reads the stacks' apply order from.
var applyOrder = regexp.MustCompile("(?s)Stacks, in apply order:.*?`\\.")

// addApplyOrder appends the stack to terraform/README.md's apply order: it reads only the
// stacks it depends on (network, shared), so applying it last is always right.
func addApplyOrder(file string, d data) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	loc := applyOrder.FindIndex(b)
	if loc == nil {
		return fmt.Errorf("no sentence \"Stacks, in apply order: `a` → `b` ...\" to add %s to", d.Name)
	}
	end := loc[1] - 1 // the final period
	add := " → `" + d.Name + "`"
	lineStart := bytes.LastIndexByte(b[:end], '\n') + 1
	if len([]rune(string(b[lineStart:end])))+len([]rune(add))+1 > 96 {
		add = "\n→ `" + d.Name + "`"
	}
	out := append(append(append([]byte{}, b[:end]...), add...), b[end:]...)
	return os.WriteFile(file, out, 0o644)
}

// envSettings are a kind's settings in terraform/<env>/env, by environment: what differs
// between stg and prd, as data.
func envSettings(d data, env string) string {
	prd := env == "prd"
	pick := func(stg, prdValue string) string {
		if prd {
			return prdValue
		}
		return stg
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n  # %s (%s service; make new/service wrote this, tune it).\n  %s = {\n", d.Name, d.Kind, d.Ident)
	switch d.Kind {
	case KindHTTP:
		if prd {
			b.WriteString("    load_balancer_deletion_protection = true\n")
		} else {
			b.WriteString("    # stg is disposable (DESIGN.md): a destroy of the stack may take the load balancer with it.\n")
			b.WriteString("    load_balancer_deletion_protection = false\n")
		}
		fmt.Fprintf(&b, "    host_name                         = \"%s.${local.dns.zone_name}\"\n", d.Name)
		b.WriteString("    cpu                               = 256\n")
		b.WriteString("    memory                            = 512\n")
		fmt.Fprintf(&b, "    min_count                         = %s\n", pick("1", "2"))
		fmt.Fprintf(&b, "    max_count                         = %s\n", pick("2", "4"))
	case KindWorker:
		b.WriteString("    cpu          = 256\n")
		b.WriteString("    memory       = 512\n")
		fmt.Fprintf(&b, "    worker_count = %s\n", pick("1", "2"))
	case KindLambda:
		b.WriteString("    timeout_seconds     = 30\n")
		b.WriteString("    max_receive_count   = 5\n")
		fmt.Fprintf(&b, "    maximum_concurrency = %s\n", pick("2", "5"))
	}
	b.WriteString("  }\n")
	return b.String()
}

// addEnvSettings adds the service's settings to the locals of terraform/<env>/env/main.tf,
// before the block's closing brace (the file's last line).
func addEnvSettings(file string, d data) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	env := filepath.Base(filepath.Dir(filepath.Dir(file)))
	text := strings.TrimRight(string(b), "\n")
	i := strings.LastIndex(text, "\n}")
	if i < 0 || !strings.Contains(text, "locals {") {
		return fmt.Errorf("no locals block ending the file to add %s's settings to", d.Name)
	}
	out := text[:i+1] + envSettings(d, env) + text[i+1:] + "\n"
	return os.WriteFile(file, []byte(out), 0o644)
}

// outputBlock matches one top-level output block of an outputs.tf.
var outputBlock = regexp.MustCompile(`(?ms)^output "([^"]+)" \{\n.*?^\}\n`)

// addEnvOutput adds an output for the service's settings to terraform/<env>/env/outputs.tf,
// keeping the outputs in alphabetical order (tfpolicy rule declaration-order).
func addEnvOutput(file string, d data) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	text := string(b)
	block := fmt.Sprintf("output %q {\n  description = %q\n  value       = local.%s\n}\n", d.Ident, "Settings of the "+d.Name+" stack.", d.Ident)
	locs := outputBlock.FindAllStringSubmatchIndex(text, -1)
	names := make([]string, len(locs))
	for i, l := range locs {
		names[i] = text[l[2]:l[3]]
	}
	if !sort.StringsAreSorted(names) {
		return fmt.Errorf("its outputs are not in alphabetical order; sort them first")
	}
	at := len(text)
	sep := "\n" + block
	for i, n := range names {
		if n == d.Ident {
			return fmt.Errorf("%w: output %q", ErrExists, n)
		}
		if n > d.Ident {
			at = locs[i][0]
			sep = block + "\n"
			break
		}
	}
	if at == len(text) {
		text = strings.TrimRight(text, "\n") + "\n"
		at = len(text)
	}
	return os.WriteFile(file, []byte(text[:at]+sep+text[at:]), 0o644)
}

// WriteNamesGolden renders every stack's cloud-side names again and writes the golden file,
// as make tf/names-update does: a new stack's names are new lines, and nothing else changes
// unless something else was renamed.
func WriteNamesGolden(root string) error {
	r, err := namestability.Render(root)
	if err != nil {
		return fmt.Errorf("render the cloud-side names: %w", err)
	}
	if len(r.Problems) > 0 {
		return fmt.Errorf("the naming module would reject: %s", strings.Join(r.Problems, "; "))
	}
	var buf bytes.Buffer
	if err := namestability.Write(&buf, r.Entries); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(NamesGolden)), buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", NamesGolden, err)
	}
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/affected"
	"github.com/tsumiki-dev/tsumiki/tools/internal/gitrepo"
)

// formats are the values -format takes.
var formats = []string{"text", "json", "steps"}

// stepJSON is one step's decision in the JSON output.
type stepJSON struct {
	Step string   `json:"step"`
	Run  bool     `json:"run"`
	Vars []string `json:"vars"`
	Why  string   `json:"why,omitempty"`
}

// output is the JSON output: the result plus, with -steps, each step's decision.
type output struct {
	affected.Result
	Steps []stepJSON `json:"steps,omitempty"`
}

// run computes and prints the affected sets; getenv is unused but keeps the service shape.
func run(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("affected", flag.ContinueOnError)
	fl.SetOutput(stderr)
	base := fl.String("base", "", "revision to compare with (default: merge base of HEAD with main)")
	format := fl.String("format", "", "output format: text, json or steps (default: steps with -steps, else text)")
	all := fl.Bool("all", false, "ignore the diff: everything is affected (scheduled and manual full runs)")
	stepList := fl.String("steps", "", "make test steps to decide on, space-separated (the TEST_STEPS)")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	steps := strings.Fields(*stepList)
	if *format == "" {
		*format = "text"
		if len(steps) > 0 {
			*format = "steps"
		}
	}
	if !contains(formats, *format) {
		return fmt.Errorf("unknown -format %q; one of: %s", *format, strings.Join(formats, ", "))
	}
	if *format == "steps" && len(steps) == 0 {
		return fmt.Errorf("-format steps needs -steps \"<step> ...\"")
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("working directory: %w", err)
	}
	repo, err := gitrepo.Open(ctx, cwd)
	if err != nil {
		return err
	}
	var rev string
	var changed []string
	if !*all {
		rev, err = repo.Base(ctx, *base)
		if err != nil {
			return err
		}
		changed, err = repo.ChangedFiles(ctx, rev)
		if err != nil {
			return err
		}
	}
	graph, err := affected.Load(repo.Dir)
	if err != nil {
		return err
	}
	r := graph.Compute(changed)
	if *all {
		r = graph.All()
		rev = "(all)"
	}
	var decisions []affected.Decision
	if len(steps) > 0 {
		decisions, err = graph.Plan(ctx, r, changed, steps)
		if err != nil {
			return err
		}
	}
	var out strings.Builder
	switch *format {
	case "json":
		o := output{Result: r}
		for _, d := range decisions {
			o.Steps = append(o.Steps, stepJSON{Step: d.Step, Run: d.Run, Vars: append([]string{}, d.Vars...), Why: d.Why})
		}
		b, err := json.Marshal(o)
		if err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
		out.Write(b)
		out.WriteString("\n")
	case "steps":
		for _, d := range decisions {
			fmt.Fprintln(&out, d)
		}
	default:
		writeText(&out, rev, changed, r, decisions)
	}
	if _, err := io.WriteString(stdout, out.String()); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// writeText writes the result for people: the sets, then each step's decision.
func writeText(out *strings.Builder, rev string, changed []string, r affected.Result, decisions []affected.Decision) {
	fmt.Fprintf(out, "base:              %.12s (%d changed file(s))\n", rev, len(changed))
	fmt.Fprintf(out, "everything:        %t\n", r.Everything)
	fmt.Fprintf(out, "go modules:        %s\n", list(r.GoModules))
	fmt.Fprintf(out, "terraform stacks:  %s\n", list(r.TerraformStacks))
	fmt.Fprintf(out, "terraform modules: %s\n", list(r.TerraformModules))
	targets := make([]string, len(r.TerraformTargets))
	for i, t := range r.TerraformTargets {
		targets[i] = t.Env + "/" + t.Stack
	}
	fmt.Fprintf(out, "apply order:       %s\n", list(targets))
	fmt.Fprintf(out, "docs:              %t\n", r.Docs)
	fmt.Fprintf(out, "workflows:         %t\n", r.Workflows)
	fmt.Fprintf(out, "make files:        %t\n", r.Make)
	fmt.Fprintf(out, "e2e:               %t\n", r.E2E)
	if len(decisions) == 0 {
		return
	}
	fmt.Fprintf(out, "make test steps:\n")
	for _, d := range decisions {
		line := fmt.Sprintf("  %-18s run   %s", d.Step, strings.Join(append(append([]string{}, d.Vars...), d.Why), " "))
		if !d.Run {
			line = fmt.Sprintf("  %-18s skip  %s", d.Step, d.Why)
		}
		fmt.Fprintln(out, strings.TrimRight(line, " "))
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, " ")
}

// Command tfpolicy checks every terraform module and stack of the repository against the
// platform's policy rules (tools/internal/tfpolicy), offline, from the HCL alone; or, with
// -plan, the resolved values of saved plans.
//
//	tfpolicy [-root DIR] [-rule ID,...] [-list]
//	tfpolicy -plan PLAN.json [-plan ...] [-stack terraform/<env>/<stack>] [-root DIR] [-rule ID,...]
//
// Over HCL it prints one line per finding, "file:line: [rule] message". Over plans (the output
// of `terraform show -json <saved plan>`) it prints "file: rule: address: message". It exits 1
// when there are findings, 2 on bad usage, unparsable HCL or an unreadable plan. A block opts
// out of one HCL rule with a comment "# tfpolicy:allow <rule> -- <reason>" inside it; the plan
// rules' exceptions are data in tools/internal/tfpolicy/planallow.go, each with its reason.
//
// -stack names the plan's root as names.golden spells it, for the plan-names rule; by default
// it comes from the file name mk/tf.sh gives plans (<env>-<stack>.tfplan.json).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfpolicy"
)

// errFindings means the policy found violations (exit status 1).
var errFindings = errors.New("policy violations found")

func main() {
	cli.Check("tfpolicy", errFindings, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}

func run(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tfpolicy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root (holds modules/ and terraform/)")
	rules := fs.String("rule", "", "comma-separated rule IDs to run (default: all)")
	list := fs.Bool("list", false, "list the rules and exit")
	var plans planFlags
	fs.Var(&plans, "plan", "a `plan.json`, what terraform show -json prints for a saved plan (repeatable): check its resolved values")
	stack := fs.String("stack", "", "with -plan: the plan's root as names.golden names it (default: from the file name <env>-<stack>.tfplan.json)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse flags: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (plans are given with -plan)", fs.Args())
	}
	if *list {
		for _, r := range tfpolicy.Rules {
			if _, err := fmt.Fprintf(stdout, "%-36s %s\n", r.ID, r.Description); err != nil {
				return fmt.Errorf("write rules: %w", err)
			}
		}
		for _, r := range tfpolicy.PlanRules {
			if _, err := fmt.Fprintf(stdout, "%-36s (-plan) %s\n", r.ID, r.Description); err != nil {
				return fmt.Errorf("write rules: %w", err)
			}
		}
		return nil
	}
	var only []string
	if *rules != "" {
		known := map[string]bool{}
		for _, r := range tfpolicy.Rules {
			known[r.ID] = len(plans) == 0
		}
		for _, r := range tfpolicy.PlanRules {
			known[r.ID] = len(plans) > 0
		}
		for _, id := range strings.Split(*rules, ",") {
			ok, exists := known[id]
			switch {
			case !exists:
				return fmt.Errorf("unknown rule %q (tfpolicy -list shows them)", id)
			case !ok && len(plans) > 0:
				return fmt.Errorf("rule %q checks HCL, not plans; plan rules are the plan-* ones", id)
			case !ok:
				return fmt.Errorf("rule %q checks plans; give -plan <plan.json>", id)
			}
			only = append(only, id)
		}
	}
	if len(plans) > 0 {
		return runPlans(plans, *stack, *root, only, stdout)
	}
	repo, err := tfpolicy.Load(*root)
	if err != nil {
		return fmt.Errorf("load terraform under %s: %w", *root, err)
	}
	if len(repo.Dirs) == 0 {
		return fmt.Errorf("no terraform found under %s/modules or %s/terraform", *root, *root)
	}
	findings := tfpolicy.Check(repo, only...)
	for _, f := range findings {
		if _, err := fmt.Fprintln(stdout, f); err != nil {
			return fmt.Errorf("write findings: %w", err)
		}
	}
	if len(findings) > 0 {
		return fmt.Errorf("%d finding(s): %w", len(findings), errFindings)
	}
	if _, err := fmt.Fprintf(stdout, "tfpolicy: %d directories, %d rules, no findings\n", len(repo.Dirs), len(tfpolicy.Rules)); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// planFlags collects repeated -plan flags.
type planFlags []string

// String returns the plans given so far.
func (p *planFlags) String() string { return strings.Join(*p, ",") }

// Set adds one plan file.
func (p *planFlags) Set(v string) error {
	*p = append(*p, v)
	return nil
}

// runPlans checks every plan file with the plan rules and prints "file: rule: address:
// message" per finding; rules that cannot judge a plan say so (never a silent pass).
func runPlans(plans []string, stack, root string, only []string, stdout io.Writer) error {
	opts := tfpolicy.PlanOptions{NamesGolden: filepath.Join(root, "tools", "internal", "namestability", "testdata", "names.golden")}
	if _, err := os.Stat(opts.NamesGolden); err != nil {
		opts.NamesGolden = ""
	}
	if st, err := os.Stat(filepath.Join(root, "design-docs")); err == nil && st.IsDir() {
		opts.DocsRoot = root
	}
	total := 0
	for _, path := range plans {
		p, err := tfpolicy.LoadPlan(path)
		if err != nil {
			return fmt.Errorf("load plan: %w", err)
		}
		if stack != "" {
			p.Stack = stack
		}
		for _, r := range tfpolicy.PlanRules {
			if r.Skipped == nil || (len(only) > 0 && !slices.Contains(only, r.ID)) {
				continue
			}
			if why := r.Skipped(p, opts); why != "" {
				if _, err := fmt.Fprintf(stdout, "%s: %s: skipped: %s\n", path, r.ID, why); err != nil {
					return fmt.Errorf("write skipped rule: %w", err)
				}
			}
		}
		findings := tfpolicy.CheckPlan(p, opts, only...)
		for _, f := range findings {
			if _, err := fmt.Fprintln(stdout, f); err != nil {
				return fmt.Errorf("write findings: %w", err)
			}
		}
		total += len(findings)
		if len(findings) == 0 {
			if _, err := fmt.Fprintf(stdout, "tfpolicy: %s: %d resources, %d plan rules, no findings\n", path, len(p.Resources()), len(tfpolicy.PlanRules)); err != nil {
				return fmt.Errorf("write summary: %w", err)
			}
		}
	}
	if total > 0 {
		return fmt.Errorf("%d finding(s) in %d plan(s): %w", total, len(plans), errFindings)
	}
	return nil
}

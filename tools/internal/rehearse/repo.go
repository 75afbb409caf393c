package rehearse

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// The rehearsal follows the documents, not a copy of them: the stack order comes from
// terraform/README.md, the first bootstrap run from terraform/bootstrap/main.tf, the accounts
// from terraform/bootstrap/env/<env>.tfvars.

var (
	// orderLine finds "Stacks, in apply order: `network` → `shared` ... ." in terraform/README.md.
	orderLine = regexp.MustCompile(`(?s)Stacks, in apply order:(.*?)\.\s*(?:\n\n|$)`)
	backticks = regexp.MustCompile("`([a-z0-9-]+)`")
	// makeCommand is a make invocation in prose: make tf/bootstrap ENV=<env>.
	makeCommand = regexp.MustCompile(`\bmake [a-z][a-z/-]*(?: [A-Z_]+=[^\s.` + "`" + `]+)*`)
)

// StackOrder returns the stacks in the apply order terraform/README.md gives ("Stacks, in
// apply order: ..."), checked against the stack directories of every environment: a stack
// missing from the order, or an order naming no directory, is an error.
func StackOrder(root string, envs []string) ([]string, error) {
	readme := filepath.Join(root, "terraform", "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		return nil, fmt.Errorf("read the apply order: %w", err)
	}
	m := orderLine.FindSubmatch(b)
	if m == nil {
		return nil, fmt.Errorf("%s has no sentence \"Stacks, in apply order: `a` → `b` ...\"", readme)
	}
	var order []string
	for _, n := range backticks.FindAllSubmatch(m[1], -1) {
		order = append(order, string(n[1]))
	}
	for _, env := range envs {
		dirs, err := Stacks(root, env)
		if err != nil {
			return nil, err
		}
		a, b := slices.Clone(order), slices.Clone(dirs)
		sort.Strings(a)
		if !slices.Equal(a, b) {
			return nil, fmt.Errorf("%s gives the apply order %v, but terraform/%s holds the stacks %v; make them agree", readme, order, env, dirs)
		}
	}
	return order, nil
}

// Envs lists the environments: every terraform/<env>/ that holds an env/ data module (the same
// rule as mk/tf.mk's TF_ENVS), sorted.
func Envs(root string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, "terraform", "*", "env", "main.tf"))
	if err != nil {
		return nil, fmt.Errorf("list environments: %w", err)
	}
	var envs []string
	for _, m := range matches {
		envs = append(envs, filepath.Base(filepath.Dir(filepath.Dir(m))))
	}
	sort.Strings(envs)
	return envs, nil
}

// Stacks lists the stack roots terraform/<env>/<stack>/ (env/ is data, not a stack), sorted.
func Stacks(root, env string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "terraform", env))
	if err != nil {
		return nil, fmt.Errorf("list the stacks of %s: %w", env, err)
	}
	var stacks []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "env" {
			stacks = append(stacks, e.Name())
		}
	}
	return stacks, nil
}

// AccountID reads account_id from terraform/bootstrap/env/<env>.tfvars: the account the
// environment's providers accept (allowed_account_ids), which the simulated account takes.
func AccountID(root, env string) (string, error) {
	p := filepath.Join(root, "terraform", "bootstrap", "env", env+".tfvars")
	f, diags := hclparse.NewParser().ParseHCLFile(p)
	if diags.HasErrors() {
		return "", fmt.Errorf("read the %s account: %w", env, diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return "", fmt.Errorf("read the %s account: %w", env, diags)
	}
	a, ok := attrs["account_id"]
	if !ok {
		return "", fmt.Errorf("%s sets no account_id", p)
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String || v.IsNull() {
		return "", fmt.Errorf("%s: account_id must be a literal string", p)
	}
	return v.AsString(), nil
}

// FirstRun returns the commands terraform/bootstrap/main.tf documents for the first run in a
// new account (the comment paragraph that starts "First run in a new account"), with <env>
// left in place: the make commands it names when it names any (make tf/bootstrap ENV=<env>),
// otherwise its indented terraform command lines, split at &&.
func FirstRun(root string) ([]string, error) {
	p := filepath.Join(root, "terraform", "bootstrap", "main.tf")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read the first bootstrap run: %w", err)
	}
	var para []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "#") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(line, "#")
		if strings.Contains(text, "First run in a new account") {
			in = true
		}
		if in {
			if strings.Contains(text, "After that") {
				break
			}
			para = append(para, text)
		}
	}
	if len(para) == 0 {
		return nil, fmt.Errorf("%s has no comment paragraph \"First run in a new account\"", p)
	}
	if cmds := makeCommand.FindAllString(strings.Join(para, " "), -1); len(cmds) > 0 {
		return cmds, nil
	}
	var cmds []string
	for _, line := range para {
		if !strings.HasPrefix(line, "   ") {
			continue
		}
		for _, c := range strings.Split(line, "&&") {
			if c = strings.TrimSpace(c); strings.HasPrefix(c, "terraform ") {
				cmds = append(cmds, c)
			}
		}
	}
	if len(cmds) == 0 {
		return nil, fmt.Errorf("%s: the paragraph \"First run in a new account\" names no make or terraform command", p)
	}
	return cmds, nil
}

// DNSZone reads the hosted zone terraform/<env>/env/main.tf names (locals.dns.zone_id and
// zone_name): the zone terraform/README.md tells the engineer to create by hand before the first
// apply. It returns empty strings when the environment names no zone.
func DNSZone(root, env string) (id, name string, err error) {
	p := filepath.Join(root, "terraform", env, "env", "main.tf")
	f, diags := hclparse.NewParser().ParseHCLFile(p)
	if diags.HasErrors() {
		return "", "", fmt.Errorf("read the %s hosted zone: %w", env, diags)
	}
	content, _, diags := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "locals"}}})
	if diags.HasErrors() {
		return "", "", fmt.Errorf("read the %s hosted zone: %w", env, diags)
	}
	for _, b := range content.Blocks {
		attrs, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			return "", "", fmt.Errorf("read the %s hosted zone: %w", env, diags)
		}
		a, ok := attrs["dns"]
		if !ok {
			continue
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("zone_id") || !v.Type().HasAttribute("zone_name") {
			return "", "", fmt.Errorf("%s: dns must be a literal object with zone_id and zone_name", p)
		}
		return v.GetAttr("zone_id").AsString(), v.GetAttr("zone_name").AsString(), nil
	}
	return "", "", nil
}

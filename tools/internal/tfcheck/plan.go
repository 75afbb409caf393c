package tfcheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
)

// PlanResult is the outcome of `terraform plan` in one directory.
type PlanResult struct {
	// Dir is the directory, as given.
	Dir string
	// OK reports whether terraform produced a plan (exit status 0).
	OK bool
	// Diagnostics are every error and warning terraform reported.
	Diagnostics []Diagnostic
	// Changes are the addresses of the resource instances the plan creates, updates, replaces
	// or deletes, in terraform's order.
	Changes []string
}

// Errors returns the error diagnostics.
func (r PlanResult) Errors() []Diagnostic { return errorsOf(r.Diagnostics) }

// Plan installs dir's modules and runs `terraform plan -json -lock=false` there with extra
// args (-var, -var-file, -refresh=false, ...). The plan is not saved. A plan that terraform
// refuses is a result with OK false, not an error.
func (r Runner) Plan(ctx context.Context, dir string, args ...string) (PlanResult, error) {
	if err := r.install(ctx, dir); err != nil {
		return PlanResult{}, err
	}
	out, err := r.terraform(ctx, dir, append([]string{"plan", "-json", "-no-color", "-input=false", "-lock=false"}, args...)...)
	if err != nil {
		return PlanResult{}, err
	}
	res := PlanResult{Dir: dir, OK: out.exitCode == 0}
	sc := bufio.NewScanner(bytes.NewReader(out.stdout))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var m struct {
			Type       string             `json:"type"`
			Diagnostic *tfjson.Diagnostic `json:"diagnostic"`
			Change     *struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
				Action string `json:"action"`
			} `json:"change"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			return PlanResult{}, fmt.Errorf("read terraform plan output in %s: line %q: %w", dir, truncate(string(line), 200), err)
		}
		switch {
		case m.Type == "diagnostic" && m.Diagnostic != nil:
			res.Diagnostics = append(res.Diagnostics, Diagnostic{Diagnostic: *m.Diagnostic, Dir: dir})
		case m.Type == "planned_change" && m.Change != nil:
			res.Changes = append(res.Changes, m.Change.Resource.Addr)
		}
	}
	if err := sc.Err(); err != nil {
		return PlanResult{}, fmt.Errorf("read terraform plan output in %s: %w", dir, err)
	}
	if !res.OK && len(errorsOf(res.Diagnostics)) == 0 {
		return PlanResult{}, fmt.Errorf("terraform plan in %s exited %d without a diagnostic:\n%s", dir, out.exitCode, out.stderr)
	}
	return res, nil
}

package tfcheck

import (
	"context"
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
	run, err := r.runUI(ctx, dir, append([]string{"plan", "-json", "-no-color", "-input=false", "-lock=false"}, args...)...)
	if err != nil {
		return PlanResult{}, err
	}
	res := PlanResult{Dir: dir, OK: run.ok, Diagnostics: run.diagnostics}
	for _, m := range run.messages {
		if m.Type == "planned_change" && m.Change != nil {
			res.Changes = append(res.Changes, m.Change.Resource.Addr)
		}
	}
	return res, nil
}

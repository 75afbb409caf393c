package tfcheck

import (
	"context"
	"encoding/json"
)

// ApplyResult is the outcome of `terraform apply` in one directory.
type ApplyResult struct {
	// Dir is the directory, as given.
	Dir string
	// OK reports whether terraform applied (exit status 0).
	OK bool
	// Diagnostics are every error and warning terraform reported.
	Diagnostics []Diagnostic
	// Outputs are the root module's output values after the apply, as JSON, by output name;
	// empty when the apply failed.
	Outputs map[string]json.RawMessage
}

// Errors returns the error diagnostics.
func (r ApplyResult) Errors() []Diagnostic { return errorsOf(r.Diagnostics) }

// Apply installs dir's modules and runs `terraform apply -auto-approve -json -lock=false` there
// with extra args (-var, -var-file, ...), keeping the state in dir. It is meant for
// provider-free modules (modules/naming) and scratch copies: it changes whatever the
// configuration manages. A configuration that terraform refuses (a failed variable
// validation, say) is a result with OK false, not an error.
func (r Runner) Apply(ctx context.Context, dir string, args ...string) (ApplyResult, error) {
	run, err := r.runUI(ctx, dir, append([]string{"apply", "-auto-approve", "-json", "-no-color", "-input=false", "-lock=false"}, args...)...)
	if err != nil {
		return ApplyResult{}, err
	}
	res := ApplyResult{Dir: dir, OK: run.ok, Diagnostics: run.diagnostics}
	for _, m := range run.messages {
		if m.Type == "outputs" && res.OK {
			// terraform reports the outputs twice: planned (no values) before the apply and
			// applied after it; the last report holds the values.
			res.Outputs = make(map[string]json.RawMessage, len(m.Outputs))
			for name, o := range m.Outputs {
				res.Outputs[name] = o.Value
			}
		}
	}
	return res, nil
}

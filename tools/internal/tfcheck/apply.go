package tfcheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
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
	if err := r.install(ctx, dir); err != nil {
		return ApplyResult{}, err
	}
	out, err := r.terraform(ctx, dir, append([]string{"apply", "-auto-approve", "-json", "-no-color", "-input=false", "-lock=false"}, args...)...)
	if err != nil {
		return ApplyResult{}, err
	}
	res := ApplyResult{Dir: dir, OK: out.exitCode == 0}
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
			Outputs    map[string]struct {
				Value json.RawMessage `json:"value"`
			} `json:"outputs"`
		}
		if err := json.Unmarshal(line, &m); err != nil {
			return ApplyResult{}, fmt.Errorf("read terraform apply output in %s: line %q: %w", dir, truncate(string(line), 200), err)
		}
		switch {
		case m.Type == "diagnostic" && m.Diagnostic != nil:
			res.Diagnostics = append(res.Diagnostics, Diagnostic{Diagnostic: *m.Diagnostic, Dir: dir})
		case m.Type == "outputs" && res.OK:
			// terraform reports the outputs twice: planned (no values) before the apply and
			// applied after it; the last report holds the values.
			res.Outputs = make(map[string]json.RawMessage, len(m.Outputs))
			for name, o := range m.Outputs {
				res.Outputs[name] = o.Value
			}
		}
	}
	if err := sc.Err(); err != nil {
		return ApplyResult{}, fmt.Errorf("read terraform apply output in %s: %w", dir, err)
	}
	if !res.OK && len(errorsOf(res.Diagnostics)) == 0 {
		return ApplyResult{}, fmt.Errorf("terraform apply in %s exited %d without a diagnostic:\n%s", dir, out.exitCode, out.stderr)
	}
	return res, nil
}

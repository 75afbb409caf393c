package tfcheck

import (
	"context"
	"encoding/json"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
)

// ValidateResult is the outcome of `terraform validate` in one directory.
type ValidateResult struct {
	// Dir is the directory, as given.
	Dir string
	// Valid is terraform's verdict.
	Valid bool
	// Diagnostics are every error and warning terraform reported.
	Diagnostics []Diagnostic
}

// Errors returns the error diagnostics.
func (r ValidateResult) Errors() []Diagnostic { return errorsOf(r.Diagnostics) }

// Validate installs dir's modules and runs `terraform validate -json` there. An invalid
// configuration is a result with Valid false, not an error; see the package doc for errors.
func (r Runner) Validate(ctx context.Context, dir string) (ValidateResult, error) {
	if err := r.install(ctx, dir); err != nil {
		return ValidateResult{}, err
	}
	out, err := r.terraform(ctx, dir, "validate", "-json", "-no-color")
	if err != nil {
		return ValidateResult{}, err
	}
	var v tfjson.ValidateOutput
	if err := json.Unmarshal(out.stdout, &v); err != nil {
		return ValidateResult{}, fmt.Errorf("read terraform validate output in %s (exit %d): %w\n%s%s", dir, out.exitCode, err, out.stdout, out.stderr)
	}
	if err := v.Validate(); err != nil {
		return ValidateResult{}, fmt.Errorf("read terraform validate output in %s: %w", dir, err)
	}
	res := ValidateResult{Dir: dir, Valid: v.Valid && out.exitCode == 0}
	for _, d := range v.Diagnostics {
		res.Diagnostics = append(res.Diagnostics, Diagnostic{Diagnostic: d, Dir: dir})
	}
	return res, nil
}

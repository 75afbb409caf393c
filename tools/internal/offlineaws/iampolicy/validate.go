package iampolicy

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Deprecated arguments of the data source in hashicorp/aws 6.x: source_json and
// override_json were removed in v5.0.0 (CHANGELOG #30829) and put back later in 5.x as
// arguments that must be empty (schema: Optional, Deprecated "Not used", ValidateFunc
// validation.StringIsEmpty; CHANGELOG #36383: so that `terraform show -json` keeps working on
// old state). They are in the 6.45.0 schema the offline provider serves.
const (
	attrOverrideJSON = "override_json"
	attrSourceJSON   = "source_json"
	// deprecatedNotUsed is the Deprecated message of both.
	deprecatedNotUsed = "Not used"
)

var (
	// validEffects are statement.effect's valid values (validation.StringInSlice).
	validEffects = []string{"Allow", "Deny"}
	// validVersions are version's valid values (validation.StringInSlice).
	validVersions = []string{Version20081017, DefaultVersion}
)

// Diagnostic is one finding of Validate, shaped like the diagnostic terraform-plugin-sdk/v2
// returns from ValidateDataResourceConfig.
type Diagnostic struct {
	// Warning is true for a warning, false for an error.
	Warning bool
	// Summary is the diagnostic's summary (for a validation error, the validator's message).
	Summary string
	// Detail is the diagnostic's detail; empty for validation errors.
	Detail string
	// Path is the attribute the diagnostic is about.
	Path *tftypes.AttributePath
}

// Validate checks a config object the way the provider's schema validators do at validate
// and plan time, before Read runs: version and each statement's effect must be one of their
// valid values, each source and override document must be valid JSON (an empty string is
// valid), source_json and override_json must be empty and draw a deprecation warning when
// set. Unknown values are not checked. The messages are terraform-plugin-sdk/v2's
// (helper/validation): e.g. `expected statement.0.effect to be one of ["Allow" "Deny"], got
// allow` and `"source_policy_documents.0" contains an invalid JSON: unexpected end of JSON
// input`. Provider 6.x does not validate sid (the check added in v5.82.0 was reverted in
// v5.84.0).
//
// It returns nil when config is not a known object.
func Validate(config tftypes.Value) []Diagnostic {
	if !config.IsKnown() || config.IsNull() {
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return nil
	}
	var diags []Diagnostic
	errorAt := func(path *tftypes.AttributePath, format string, args ...any) {
		diags = append(diags, Diagnostic{Summary: fmt.Sprintf(format, args...), Path: path})
	}
	root := tftypes.NewAttributePath()

	for _, name := range []string{attrOverrideJSON, attrSourceJSON} {
		v, ok := knownString(attrs[name])
		if !ok {
			continue
		}
		path := root.WithAttributeName(name)
		diags = append(diags, Diagnostic{Warning: true, Summary: "Argument is deprecated", Detail: deprecatedNotUsed, Path: path})
		if v != "" {
			errorAt(path, "expected %q to be an empty string: got %v", name, v)
		}
	}
	for _, name := range []string{attrSourcePolicyDocuments, attrOverridePolicyDocuments} {
		for i, el := range knownElements(attrs[name]) {
			doc, ok := knownString(el)
			if !ok || doc == "" {
				continue
			}
			var j any
			if err := json.Unmarshal([]byte(doc), &j); err != nil {
				errorAt(root.WithAttributeName(name).WithElementKeyInt(i), "%q contains an invalid JSON: %s", fmt.Sprintf("%s.%d", name, i), err)
			}
		}
	}
	if v, ok := knownString(attrs[attrVersion]); ok && !slices.Contains(validVersions, v) {
		errorAt(root.WithAttributeName(attrVersion), "expected %s to be one of %q, got %s", attrVersion, validVersions, v)
	}
	for i, st := range knownElements(attrs[blockStatement]) {
		var fields map[string]tftypes.Value
		if !st.IsKnown() || st.IsNull() || st.As(&fields) != nil {
			continue
		}
		if v, ok := knownString(fields[attrEffect]); ok && !slices.Contains(validEffects, v) {
			errorAt(root.WithAttributeName(blockStatement).WithElementKeyInt(i).WithAttributeName(attrEffect),
				"expected %s.%d.%s to be one of %q, got %s", blockStatement, i, attrEffect, validEffects, v)
		}
	}
	return diags
}

// knownString returns a known, non-null string value.
func knownString(v tftypes.Value) (string, bool) {
	if v.Type() == nil || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	var s string
	if err := v.As(&s); err != nil {
		return "", false
	}
	return s, true
}

// knownElements returns the elements of a known, non-null list or set, or nil.
func knownElements(v tftypes.Value) []tftypes.Value {
	if v.Type() == nil || !v.IsKnown() || v.IsNull() {
		return nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return nil
	}
	return elems
}

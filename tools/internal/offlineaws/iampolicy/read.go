package iampolicy

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Attribute and block names of the data source's schema (hashicorp/aws 6.x; the schema the
// offline provider serves comes from @cdktn/provider-aws, lib/data-aws-iam-policy-document).
const (
	attrID                      = "id"
	attrJSON                    = "json"
	attrMinifiedJSON            = "minified_json"
	attrOverridePolicyDocuments = "override_policy_documents"
	attrPolicyID                = "policy_id"
	attrSourcePolicyDocuments   = "source_policy_documents"
	attrVersion                 = "version"
	blockStatement              = "statement"
	attrActions                 = "actions"
	attrNotActions              = "not_actions"
	attrResources               = "resources"
	attrNotResources            = "not_resources"
	attrEffect                  = "effect"
	attrSid                     = "sid"
	blockPrincipals             = "principals"
	blockNotPrincipals          = "not_principals"
	blockCondition              = "condition"
	attrType                    = "type"
	attrIdentifiers             = "identifiers"
	attrTest                    = "test"
	attrVariable                = "variable"
	attrValues                  = "values"
)

// Read computes the data source's new state from its configuration, as the provider's
// ReadDataSource does: config is the full config object as terraform sends it (typed by the
// data source's schema), and the result is the same object with json, minified_json and id
// set, version defaulted to "2012-10-17" and each statement's effect defaulted to "Allow"
// where they are null (the provider's schema defaults). Every other attribute is returned as
// configured.
//
// When config holds unknown values (terraform may send them at plan time), json,
// minified_json and id are returned unknown. Attributes missing from config's type are
// skipped, so a trimmed schema works too.
//
// Errors: an *Error with the provider's message when the provider would fail (ErrDuplicateSid,
// ErrInvalidDocument, ErrPolicyVariable, ErrUnsupportedValue), or ErrInvalidConfig when config
// does not have the schema's shape.
func Read(config tftypes.Value) (tftypes.Value, error) {
	objType, ok := config.Type().(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("config is a %s, not an object: %w", config.Type(), ErrInvalidConfig)
	}
	if !config.IsKnown() {
		return config, nil
	}
	if config.IsNull() {
		return tftypes.Value{}, fmt.Errorf("config is null: %w", ErrInvalidConfig)
	}
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return tftypes.Value{}, fmt.Errorf("read config object: %w: %w", ErrInvalidConfig, err)
	}
	out := make(map[string]tftypes.Value, len(attrs))
	for k, v := range attrs {
		out[k] = v
	}
	if err := applyDefaults(out); err != nil {
		return tftypes.Value{}, err
	}

	setComputed := func(res *Result) {
		for name, val := range map[string]func() string{
			attrJSON:         func() string { return res.JSON },
			attrMinifiedJSON: func() string { return res.MinifiedJSON },
			attrID:           func() string { return res.ID },
		} {
			if _, ok := objType.AttributeTypes[name]; !ok {
				continue
			}
			if res == nil {
				out[name] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
				continue
			}
			out[name] = tftypes.NewValue(tftypes.String, val())
		}
	}

	if !configFullyKnown(out) {
		setComputed(nil)
		return tftypes.NewValue(objType, out), nil
	}

	cfg, err := configFromValues(out)
	if err != nil {
		return tftypes.Value{}, err
	}
	res, err := Compute(cfg)
	if err != nil {
		return tftypes.Value{}, err
	}
	setComputed(&res)
	return tftypes.NewValue(objType, out), nil
}

// configFullyKnown reports whether every configurable attribute is known; the computed ones
// (json, minified_json, id) are unknown in a config at plan time and do not count.
func configFullyKnown(attrs map[string]tftypes.Value) bool {
	for name, v := range attrs {
		switch name {
		case attrJSON, attrMinifiedJSON, attrID:
			continue
		}
		if !v.IsFullyKnown() {
			return false
		}
	}
	return true
}

// applyDefaults sets the schema defaults the provider applies (version, statement.effect)
// where the configuration leaves them null.
func applyDefaults(attrs map[string]tftypes.Value) error {
	if v, ok := attrs[attrVersion]; ok && v.IsKnown() && v.IsNull() {
		attrs[attrVersion] = tftypes.NewValue(tftypes.String, DefaultVersion)
	}
	stmts, ok := attrs[blockStatement]
	if !ok || !stmts.IsKnown() || stmts.IsNull() {
		return nil
	}
	var elems []tftypes.Value
	if err := stmts.As(&elems); err != nil {
		return fmt.Errorf("read statement: %w: %w", ErrInvalidConfig, err)
	}
	changed := false
	for i, el := range elems {
		if !el.IsKnown() || el.IsNull() {
			continue
		}
		var fields map[string]tftypes.Value
		if err := el.As(&fields); err != nil {
			return fmt.Errorf("read statement %d: %w: %w", i, ErrInvalidConfig, err)
		}
		effect, ok := fields[attrEffect]
		if !ok || !effect.IsKnown() || !effect.IsNull() {
			continue
		}
		copied := make(map[string]tftypes.Value, len(fields))
		for k, v := range fields {
			copied[k] = v
		}
		copied[attrEffect] = tftypes.NewValue(tftypes.String, DefaultEffect)
		elems[i] = tftypes.NewValue(el.Type(), copied)
		changed = true
	}
	if changed {
		attrs[blockStatement] = tftypes.NewValue(stmts.Type(), elems)
	}
	return nil
}

// configFromValues extracts a Config from a fully known config object's attributes.
func configFromValues(attrs map[string]tftypes.Value) (Config, error) {
	var cfg Config
	var err error
	if cfg.Version, err = stringAttr(attrs, attrVersion); err != nil {
		return Config{}, err
	}
	if cfg.PolicyID, err = stringAttr(attrs, attrPolicyID); err != nil {
		return Config{}, err
	}
	if cfg.SourcePolicyDocuments, err = stringsAttr(attrs, attrSourcePolicyDocuments); err != nil {
		return Config{}, err
	}
	if cfg.OverridePolicyDocuments, err = stringsAttr(attrs, attrOverridePolicyDocuments); err != nil {
		return Config{}, err
	}
	stmts, err := objectsAttr(attrs, blockStatement)
	if err != nil {
		return Config{}, err
	}
	for i, st := range stmts {
		sc, err := statementFromValues(st)
		if err != nil {
			return Config{}, fmt.Errorf("statement %d: %w", i, err)
		}
		cfg.Statements = append(cfg.Statements, sc)
	}
	return cfg, nil
}

// statementFromValues extracts one statement block.
func statementFromValues(attrs map[string]tftypes.Value) (StatementConfig, error) {
	var sc StatementConfig
	var err error
	for name, dst := range map[string]*string{attrSid: &sc.Sid, attrEffect: &sc.Effect} {
		if *dst, err = stringAttr(attrs, name); err != nil {
			return StatementConfig{}, err
		}
	}
	for name, dst := range map[string]*[]string{
		attrActions: &sc.Actions, attrNotActions: &sc.NotActions,
		attrResources: &sc.Resources, attrNotResources: &sc.NotResources,
	} {
		if *dst, err = stringsAttr(attrs, name); err != nil {
			return StatementConfig{}, err
		}
	}
	for name, dst := range map[string]*[]PrincipalConfig{blockPrincipals: &sc.Principals, blockNotPrincipals: &sc.NotPrincipals} {
		blocks, err := objectsAttr(attrs, name)
		if err != nil {
			return StatementConfig{}, err
		}
		for _, b := range blocks {
			var p PrincipalConfig
			if p.Type, err = stringAttr(b, attrType); err != nil {
				return StatementConfig{}, fmt.Errorf("%s: %w", name, err)
			}
			if p.Identifiers, err = stringsAttr(b, attrIdentifiers); err != nil {
				return StatementConfig{}, fmt.Errorf("%s: %w", name, err)
			}
			*dst = append(*dst, p)
		}
	}
	conds, err := objectsAttr(attrs, blockCondition)
	if err != nil {
		return StatementConfig{}, err
	}
	for _, b := range conds {
		var c ConditionConfig
		if c.Test, err = stringAttr(b, attrTest); err != nil {
			return StatementConfig{}, fmt.Errorf("%s: %w", blockCondition, err)
		}
		if c.Variable, err = stringAttr(b, attrVariable); err != nil {
			return StatementConfig{}, fmt.Errorf("%s: %w", blockCondition, err)
		}
		if c.Values, err = stringsAttr(b, attrValues); err != nil {
			return StatementConfig{}, fmt.Errorf("%s: %w", blockCondition, err)
		}
		sc.Conditions = append(sc.Conditions, c)
	}
	return sc, nil
}

// stringAttr returns a string attribute; absent or null is "".
func stringAttr(attrs map[string]tftypes.Value, name string) (string, error) {
	v, ok := attrs[name]
	if !ok || v.IsNull() {
		return "", nil
	}
	var s string
	if err := v.As(&s); err != nil {
		return "", fmt.Errorf("%s: %w: %w", name, ErrInvalidConfig, err)
	}
	return s, nil
}

// stringsAttr returns a list or set of strings; absent or null is nil, and a null element is
// "" (the provider sees both as nil and skips or keeps them alike).
func stringsAttr(attrs map[string]tftypes.Value, name string) ([]string, error) {
	v, ok := attrs[name]
	if !ok || v.IsNull() {
		return nil, nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrInvalidConfig, err)
	}
	out := make([]string, 0, len(elems))
	for i, el := range elems {
		var s string
		if err := el.As(&s); err != nil {
			return nil, fmt.Errorf("%s element %d: %w: %w", name, i, ErrInvalidConfig, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// objectsAttr returns the elements of a nested block (list or set of objects) as attribute
// maps; absent or null is nil.
func objectsAttr(attrs map[string]tftypes.Value, name string) ([]map[string]tftypes.Value, error) {
	v, ok := attrs[name]
	if !ok || v.IsNull() {
		return nil, nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrInvalidConfig, err)
	}
	out := make([]map[string]tftypes.Value, 0, len(elems))
	for i, el := range elems {
		var m map[string]tftypes.Value
		if err := el.As(&m); err != nil {
			return nil, fmt.Errorf("%s element %d: %w: %w", name, i, ErrInvalidConfig, err)
		}
		out = append(out, m)
	}
	return out, nil
}

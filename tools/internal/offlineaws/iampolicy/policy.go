package iampolicy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Document is an IAM policy document as the provider models it while it merges and renders:
// the source documents, the configured statements and the override documents all become
// Documents and are merged in that order (see Merge).
//
// Its JSON form is the provider's: keys Version, Id, Statement in that order, each omitted
// when empty.
type Document struct {
	// Version is the policy language version, "2012-10-17" or "2008-10-17". Empty in a parsed
	// document that has none.
	Version string `json:",omitempty"`
	// ID is the policy's Id element (the data source's policy_id). Empty when unset.
	ID string `json:"Id,omitempty"`
	// Statements are the statements in rendering order.
	Statements []*Statement `json:"Statement,omitempty"`
}

// Statement is one policy statement. Its JSON keys come in the provider's order: Sid, Effect,
// Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition, each omitted
// when empty.
//
// Action, NotAction, Resource and NotResource hold nil (absent), a string (one value), a
// []string (several values, already in rendering order) or, for a statement parsed from a
// source or override document, whatever JSON value the document held there (decoded by
// encoding/json into any, and re-encoded as is: the provider does not normalize them).
type Statement struct {
	// Sid is the statement id; empty means none (omitted from the JSON since provider v5.0.0).
	Sid string `json:",omitempty"`
	// Effect is "Allow" or "Deny"; empty only in a parsed document that has none.
	Effect string `json:",omitempty"`
	// Actions is the Action element.
	Actions any `json:"Action,omitempty"`
	// NotActions is the NotAction element.
	NotActions any `json:"NotAction,omitempty"`
	// Resources is the Resource element.
	Resources any `json:"Resource,omitempty"`
	// NotResources is the NotResource element.
	NotResources any `json:"NotResource,omitempty"`
	// Principals is the Principal element.
	Principals PrincipalSet `json:"Principal,omitempty"`
	// NotPrincipals is the NotPrincipal element.
	NotPrincipals PrincipalSet `json:"NotPrincipal,omitempty"`
	// Conditions is the Condition element.
	Conditions ConditionSet `json:"Condition,omitempty"`
}

// Principal is one principals block (or one key of a parsed Principal element).
type Principal struct {
	// Type is the principal type: "AWS", "Service", "Federated", "CanonicalUser" or "*".
	Type string
	// Identifiers is a string (one identifier) or a []string (several; a parsed document's
	// one-element list stays a list and renders as one).
	Identifiers any
}

// PrincipalSet is the Principal or NotPrincipal element: the principals in the order the
// provider combines them.
type PrincipalSet []Principal

// Condition is one condition block (or one test/variable pair of a parsed Condition element).
type Condition struct {
	// Test is the condition operator, e.g. "StringEquals".
	Test string
	// Variable is the context key, e.g. "aws:SourceArn".
	Variable string
	// Values is a string (one value) or a []string (values in their configured order).
	Values any
}

// ConditionSet is the Condition element: the conditions in the order the provider merges
// them. Conditions with the same test and variable render as one key whose values are the
// concatenation of theirs, in this order (provider v5.14.0 and later).
type ConditionSet []Condition

// Merge merges next into d the way the provider merges each source document, the configured
// document and each override document, in that order: a non-empty Id replaces d's; a higher
// Version (compared as strings) replaces d's; a statement whose Sid is already in d replaces
// that statement in place, and every other statement (all those without a Sid) is appended.
func (d *Document) Merge(next *Document) {
	if next.ID != "" {
		d.ID = next.ID
	}
	if next.Version > d.Version {
		d.Version = next.Version
	}
	for _, stmt := range next.Statements {
		if stmt.Sid == "" {
			d.Statements = append(d.Statements, stmt)
			continue
		}
		i := slices.IndexFunc(d.Statements, func(s *Statement) bool { return s.Sid == stmt.Sid })
		if i < 0 {
			d.Statements = append(d.Statements, stmt)
			continue
		}
		d.Statements[i] = stmt
	}
}

// MarshalJSON renders the set the provider's way: a lone principal of type "*" whose only
// identifier is "*" renders as the string "*"; otherwise an object keyed by type (keys
// sorted) whose value is the type's only identifier as a string, or a list: each principal's
// identifier list sorted in reverse, appended after the identifiers of earlier principals of
// the same type. A type "AWS" with identifier "*" stays {"AWS": "*"}.
//
// Like the provider, it sorts the []string identifier lists it holds in place.
func (ps PrincipalSet) MarshalJSON() ([]byte, error) {
	if len(ps) == 1 && ps[0].Type == "*" {
		switch ids := ps[0].Identifiers.(type) {
		case string:
			if ids == "*" {
				return []byte(`"*"`), nil
			}
		case []string:
			if len(ids) == 1 && ids[0] == "*" {
				return []byte(`"*"`), nil
			}
		}
	}
	byType := map[string]any{}
	for _, p := range ps {
		switch ids := p.Identifiers.(type) {
		case []string:
			var merged []string
			switch prev := byType[p.Type].(type) {
			case nil:
				merged = make([]string, 0, len(ids))
			case string:
				merged = append(make([]string, 0, len(ids)+1), prev)
			case []string:
				merged = prev
			}
			slices.Sort(ids)
			slices.Reverse(ids)
			byType[p.Type] = append(merged, ids...)
		case string:
			switch prev := byType[p.Type].(type) {
			case nil:
				byType[p.Type] = ids
			case string:
				byType[p.Type] = []string{prev, ids}
			case []string:
				byType[p.Type] = append(prev, ids)
			}
		default:
			return nil, fmt.Errorf("principal %q: identifiers of type %T: %w", p.Type, ids, ErrUnsupportedValue)
		}
	}
	return json.Marshal(byType)
}

// UnmarshalJSON reads a Principal element of a source or override document: any JSON string
// (not only "*") becomes the lone principal {"*": ["*"]}, as in the provider; an object
// becomes one principal per key, whose value must be a string or a list of strings (a list is
// sorted; rendering sorts it in reverse anyway). Anything else is an *Error of kind
// ErrUnsupportedValue with the provider's text.
func (ps *PrincipalSet) UnmarshalJSON(b []byte) error {
	var data any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out PrincipalSet
	switch v := data.(type) {
	case string:
		out = PrincipalSet{{Type: "*", Identifiers: []string{"*"}}}
	case map[string]any:
		// Map order does not matter: rendering groups by type and sorts the keys.
		for typ, raw := range v {
			switch ids := raw.(type) {
			case string:
				out = append(out, Principal{Type: typ, Identifiers: ids})
			case []any:
				list := make([]string, 0, len(ids))
				for i, id := range ids {
					s, ok := id.(string)
					if !ok {
						// The text of provider versions that report it; 5.100.0 panics here.
						return &Error{Kind: ErrUnsupportedValue, Message: fmt.Sprintf(
							"Unsupported element type %T for IAMPolicyStatementPrincipalSet.Identifiers[%d] (principal type %q): must be string", id, i, typ)}
					}
					list = append(list, s)
				}
				slices.Sort(list)
				out = append(out, Principal{Type: typ, Identifiers: list})
			default:
				return &Error{Kind: ErrUnsupportedValue, Message: fmt.Sprintf("Unsupported data type %T for IAMPolicyStatementPrincipalSet.Identifiers", raw)}
			}
		}
	default:
		return &Error{Kind: ErrUnsupportedValue, Message: fmt.Sprintf("Unsupported data type %T for IAMPolicyStatementPrincipalSet", data)}
	}
	*ps = out
	return nil
}

// MarshalJSON renders the set as {test: {variable: values}} with keys sorted; the values of
// every condition with the same test and variable are concatenated in set order, and a key
// left with exactly one value renders it as a string.
func (cs ConditionSet) MarshalJSON() ([]byte, error) {
	byTest := map[string]map[string][]string{}
	for _, c := range cs {
		vars, ok := byTest[c.Test]
		if !ok {
			vars = map[string][]string{}
			byTest[c.Test] = vars
		}
		if _, ok := vars[c.Variable]; !ok {
			vars[c.Variable] = []string{}
		}
		switch vals := c.Values.(type) {
		case []string:
			// The order of condition values is meaningful to IAM: never sort it.
			vars[c.Variable] = append(vars[c.Variable], vals...)
		case string:
			vars[c.Variable] = append(vars[c.Variable], vals)
		default:
			return nil, fmt.Errorf("condition %s %s: values of type %T: %w", c.Test, c.Variable, vals, ErrUnsupportedValue)
		}
	}
	out := make(map[string]map[string]any, len(byTest))
	for test, vars := range byTest {
		out[test] = make(map[string]any, len(vars))
		for variable, vals := range vars {
			if len(vals) == 1 {
				out[test][variable] = vals[0]
				continue
			}
			out[test][variable] = vals
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a Condition element of a source or override document, which must be an
// object of objects. Per test and variable: a string is kept (rendered as a string), a JSON
// boolean becomes "true" or "false", a list must hold strings; any other value (a number,
// null, an object) is dropped without an error, as the provider drops it.
func (cs *ConditionSet) UnmarshalJSON(b []byte) error {
	var data map[string]map[string]any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out ConditionSet
	for test, vars := range data {
		for variable, raw := range vars {
			switch vals := raw.(type) {
			case string:
				out = append(out, Condition{Test: test, Variable: variable, Values: []string{vals}})
			case bool:
				out = append(out, Condition{Test: test, Variable: variable, Values: strconv.FormatBool(vals)})
			case []any:
				list := make([]string, 0, len(vals))
				for i, v := range vals {
					s, ok := v.(string)
					if !ok {
						// The provider panics here (an unchecked type assertion); report it instead.
						return fmt.Errorf("condition %s %s value %d is a %T, must be a string: %w", test, variable, i, v, ErrUnsupportedValue)
					}
					list = append(list, s)
				}
				out = append(out, Condition{Test: test, Variable: variable, Values: list})
			}
		}
	}
	*cs = out
	return nil
}

// ParseDocument reads a policy document JSON the way the provider reads each entry of
// source_policy_documents and override_policy_documents: encoding/json into the Document
// model, so key names match case-insensitively, unknown keys are ignored, Statement must be a
// list, Action/Resource keep whatever JSON value they hold, and Principal and Condition follow
// their UnmarshalJSON rules.
//
// A null statement ("Statement": [null]) is an error here; the provider crashes on it.
func ParseDocument(policy string) (*Document, error) {
	doc := &Document{}
	if err := json.Unmarshal([]byte(policy), doc); err != nil {
		return nil, err
	}
	for i, stmt := range doc.Statements {
		if stmt == nil {
			return nil, fmt.Errorf("statement %d is null: %w", i, ErrUnsupportedValue)
		}
	}
	return doc, nil
}

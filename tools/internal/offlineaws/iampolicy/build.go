package iampolicy

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
)

const (
	// DefaultVersion is the version argument's default (provider schema: Default "2012-10-17").
	DefaultVersion = "2012-10-17"
	// Version20081017 is the older policy language version, without policy variables.
	Version20081017 = "2008-10-17"
	// DefaultEffect is statement.effect's default (provider schema: Default "Allow").
	DefaultEffect = "Allow"
)

// policyVariableReplacer turns the &{...} notation the data source accepts (so that terraform
// does not interpolate it) into the ${...} policy variables IAM expects.
var policyVariableReplacer = strings.NewReplacer("&{", "${")

// Config is the aws_iam_policy_document configuration in plain Go: what Read extracts from the
// tftypes config object, and what tests build directly.
type Config struct {
	// Version is the version argument; empty means DefaultVersion.
	Version string
	// PolicyID is the policy_id argument; empty means none.
	PolicyID string
	// SourcePolicyDocuments are the source_policy_documents, merged in order before the
	// statements. Empty strings are skipped (terraform-plugin-sdk/v2 hands the provider an
	// empty string in a list as nil, which the provider skips).
	SourcePolicyDocuments []string
	// OverridePolicyDocuments are the override_policy_documents, merged in order after the
	// statements. Empty strings are skipped like in SourcePolicyDocuments.
	OverridePolicyDocuments []string
	// Statements are the statement blocks in configuration order.
	Statements []StatementConfig
}

// StatementConfig is one statement block.
type StatementConfig struct {
	// Sid is the statement id; empty means none.
	Sid string
	// Effect is "Allow" or "Deny"; empty means DefaultEffect.
	Effect string
	// Actions is the actions set (order does not matter: rendering sorts it).
	Actions []string
	// NotActions is the not_actions set.
	NotActions []string
	// Resources is the resources set.
	Resources []string
	// NotResources is the not_resources set.
	NotResources []string
	// Principals are the principals blocks (a set: order does not matter).
	Principals []PrincipalConfig
	// NotPrincipals are the not_principals blocks (a set).
	NotPrincipals []PrincipalConfig
	// Conditions are the condition blocks (a set: order does not matter).
	Conditions []ConditionConfig
}

// PrincipalConfig is one principals or not_principals block.
type PrincipalConfig struct {
	// Type is the principal type ("AWS", "Service", "Federated", "CanonicalUser", "*").
	Type string
	// Identifiers is the identifiers set.
	Identifiers []string
}

// ConditionConfig is one condition block.
type ConditionConfig struct {
	// Test is the condition operator.
	Test string
	// Variable is the context key.
	Variable string
	// Values is the values list, in order (the order is kept in the JSON).
	Values []string
}

// Result holds the data source's computed attributes.
type Result struct {
	// JSON is the json attribute: the document indented with two spaces.
	JSON string
	// MinifiedJSON is the minified_json attribute.
	MinifiedJSON string
	// ID is the id attribute: the decimal CRC-32 (IEEE) of JSON.
	ID string
}

// Compute computes the data source's json, minified_json and id from its configuration, as
// the provider's read function does. It returns an *Error (see the package documentation for
// the kinds) when the provider would fail.
func Compute(cfg Config) (Result, error) {
	doc, err := BuildDocument(cfg)
	if err != nil {
		return Result{}, err
	}
	indented, minified, err := Render(doc)
	if err != nil {
		return Result{}, err
	}
	return Result{JSON: indented, MinifiedJSON: minified, ID: ID(indented)}, nil
}

// BuildDocument merges the source documents, the configured statements and the override
// documents into one Document, in the provider's order, with the provider's checks.
func BuildDocument(cfg Config) (*Document, error) {
	merged := &Document{}

	// Source documents: Sids must be unique across all of them (not against the statements,
	// which override source statements with the same Sid).
	sourceSids := map[string]bool{}
	for i, src := range cfg.SourcePolicyDocuments {
		if src == "" {
			continue
		}
		doc, err := ParseDocument(src)
		if err != nil {
			return nil, &Error{
				Kind:    ErrInvalidDocument,
				Message: fmt.Sprintf("writing IAM Policy Document: merging source document %d: %s", i, err),
				Err:     err,
			}
		}
		for j, stmt := range doc.Statements {
			if stmt.Sid == "" {
				continue
			}
			if sourceSids[stmt.Sid] {
				return nil, &Error{
					Kind: ErrDuplicateSid,
					Message: fmt.Sprintf("writing IAM Policy Document: merging source document %d: duplicate Sid (%s) in source_policy_documents (statement %d). Remove the Sid or ensure Sids are unique.",
						i, stmt.Sid, j),
				}
			}
			sourceSids[stmt.Sid] = true
		}
		merged.Merge(doc)
	}

	current, err := configDocument(cfg)
	if err != nil {
		return nil, err
	}
	merged.Merge(current)

	for i, override := range cfg.OverridePolicyDocuments {
		if override == "" {
			continue
		}
		doc, err := ParseDocument(override)
		if err != nil {
			return nil, &Error{
				Kind:    ErrInvalidDocument,
				Message: fmt.Sprintf("writing IAM Policy Document: merging override document %d: %s", i, err),
				Err:     err,
			}
		}
		merged.Merge(doc)
	}

	return merged, nil
}

// configDocument builds the document of the configured arguments and statement blocks.
func configDocument(cfg Config) (*Document, error) {
	doc := &Document{Version: cfg.Version, ID: cfg.PolicyID}
	if doc.Version == "" {
		doc.Version = DefaultVersion
	}
	sids := map[string]bool{}
	for _, sc := range cfg.Statements {
		if sids[sc.Sid] {
			return nil, &Error{
				Kind:    ErrDuplicateSid,
				Message: fmt.Sprintf("writing IAM Policy Document: duplicate Sid (%s). Remove the Sid or ensure the Sid is unique.", sc.Sid),
			}
		}
		if sc.Sid != "" {
			sids[sc.Sid] = true
		}
		stmt, err := configStatement(sc, doc.Version)
		if err != nil {
			return nil, err
		}
		doc.Statements = append(doc.Statements, stmt)
	}
	return doc, nil
}

// configStatement builds one statement from its block.
func configStatement(sc StatementConfig, version string) (*Statement, error) {
	stmt := &Statement{Sid: sc.Sid, Effect: sc.Effect}
	if stmt.Effect == "" {
		stmt.Effect = DefaultEffect
	}
	// Actions are not policy-variable substituted; resources, principals and condition values are.
	if len(sc.Actions) > 0 {
		stmt.Actions = oneOrReverseSorted(sc.Actions)
	}
	if len(sc.NotActions) > 0 {
		stmt.NotActions = oneOrReverseSorted(sc.NotActions)
	}
	var err error
	if len(sc.Resources) > 0 {
		if stmt.Resources, err = replaceVariables(oneOrReverseSorted(sc.Resources), version); err != nil {
			return nil, &Error{Kind: ErrPolicyVariable, Message: "reading resources: " + err.Error(), Err: err}
		}
	}
	if len(sc.NotResources) > 0 {
		if stmt.NotResources, err = replaceVariables(oneOrReverseSorted(sc.NotResources), version); err != nil {
			return nil, &Error{Kind: ErrPolicyVariable, Message: "reading not_resources: " + err.Error(), Err: err}
		}
	}
	if len(sc.Principals) > 0 {
		if stmt.Principals, err = configPrincipals(sc.Principals, version); err != nil {
			return nil, &Error{Kind: ErrPolicyVariable, Message: "reading principals: " + err.Error(), Err: err}
		}
	}
	if len(sc.NotPrincipals) > 0 {
		if stmt.NotPrincipals, err = configPrincipals(sc.NotPrincipals, version); err != nil {
			return nil, &Error{Kind: ErrPolicyVariable, Message: "reading not_principals: " + err.Error(), Err: err}
		}
	}
	if len(sc.Conditions) > 0 {
		if stmt.Conditions, err = configConditions(sc.Conditions, version); err != nil {
			return nil, &Error{Kind: ErrPolicyVariable, Message: "reading condition: " + err.Error(), Err: err}
		}
	}
	return stmt, nil
}

// configPrincipals turns principals blocks into a PrincipalSet, in schema.Set order.
func configPrincipals(blocks []PrincipalConfig, version string) (PrincipalSet, error) {
	ordered := sdkSetOrder(blocks, serializePrincipalsBlock)
	out := make(PrincipalSet, 0, len(ordered))
	for _, b := range ordered {
		ids, err := replaceVariables(oneOrReverseSorted(b.Identifiers), version)
		if err != nil {
			return nil, fmt.Errorf("reading identifiers: %w", err)
		}
		out = append(out, Principal{Type: b.Type, Identifiers: ids})
	}
	return out, nil
}

// configConditions turns condition blocks into a ConditionSet, in schema.Set order. A block
// with exactly one value holds it as a string.
func configConditions(blocks []ConditionConfig, version string) (ConditionSet, error) {
	ordered := sdkSetOrder(blocks, serializeConditionBlock)
	out := make(ConditionSet, 0, len(ordered))
	for _, b := range ordered {
		vals, err := replaceVariables(append([]string{}, b.Values...), version)
		if err != nil {
			return nil, fmt.Errorf("reading values: %w", err)
		}
		c := Condition{Test: b.Test, Variable: b.Variable, Values: vals}
		if list := vals.([]string); len(list) == 1 {
			c.Values = list[0]
		}
		out = append(out, c)
	}
	return out, nil
}

// oneOrReverseSorted returns the only element of a set as a string, or a copy of the set
// sorted in reverse (descending) order: the provider renders every multi-valued set that way
// (policyDecodeConfigStrings). An empty set gives an empty list.
func oneOrReverseSorted(set []string) any {
	if len(set) == 1 {
		return set[0]
	}
	out := slices.Clone(set)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

// replaceVariables replaces &{ with ${ in a string or []string; with version 2008-10-17 an
// &{ is an error instead.
func replaceVariables(in any, version string) (any, error) {
	replace := func(s string) (string, error) {
		if version == Version20081017 && strings.Contains(s, "&{") {
			// The provider's text, verbatim; the caller adds the ErrPolicyVariable kind.
			return "", fmt.Errorf("found &{ sequence in (%s), which is not supported in document version 2008-10-17", s)
		}
		return policyVariableReplacer.Replace(s), nil
	}
	switch v := in.(type) {
	case string:
		return replace(v)
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			r, err := replace(s)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	default:
		return nil, fmt.Errorf("replace policy variables in a %T: %w", in, ErrUnsupportedValue)
	}
}

// Render renders a document as the provider does: json is encoding/json's MarshalIndent with
// no prefix and a two-space indent, minified is json.Marshal (both escape <, > and & as
// \u003c, \u003e and \u0026, like the provider).
func Render(doc *Document) (indented, minified string, err error) {
	ib, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", "", fmt.Errorf("writing IAM Policy Document: formatting JSON: %w", err)
	}
	mb, err := json.Marshal(doc)
	if err != nil {
		return "", "", fmt.Errorf("writing IAM Policy Document: formatting JSON: %w", err)
	}
	return string(ib), string(mb), nil
}

// ID returns the data source's id for its json attribute: the decimal CRC-32 (IEEE) checksum
// of the indented JSON (the provider's create.StringHashcode; the checksum is never negative
// on 64-bit platforms).
func ID(indentedJSON string) string {
	return strconv.Itoa(int(crc32.ChecksumIEEE([]byte(indentedJSON))))
}

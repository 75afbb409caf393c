package tfpolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// This file holds the second half of the checker: rules over a saved plan as
// `terraform show -json <plan>` prints it. The static rules above see HCL; these see what the
// plan resolved: rendered IAM policy documents, security group rules with their CIDRs, the
// names the naming module produced. A value the plan does not know yet ("known after apply")
// is not judged; the second plan of a stack (after apply) knows nearly everything.

// PlanFile is one saved plan in terraform's JSON format.
type PlanFile struct {
	// Path is the file as given on the command line; findings name it.
	Path string
	// Stack is the root the plan belongs to, as names.golden spells it: "terraform/stg/network",
	// or "terraform/bootstrap:env/stg.tfvars" for the per-account root. Empty when unknown:
	// then the plan-names rule has nothing to compare with.
	Stack string
	// Plan is the decoded plan.
	Plan *tfjson.Plan
}

// PlanResource is one managed resource instance as the plan leaves it (its "after" values).
type PlanResource struct {
	// Address is the instance's full address, e.g. module.stack.aws_iam_role.this.
	Address string
	// Type is the resource type, e.g. aws_iam_role.
	Type string
	// Module is the address of the module that holds it ("" for the root module).
	Module string
	// Values are the planned values; attributes known only after apply are absent or nil.
	Values map[string]any
}

// PlanFinding is one violation found in a plan.
type PlanFinding struct {
	// File is the plan file.
	File string
	// Rule is the rule's ID, e.g. "plan-secret-arn".
	Rule string
	// Address is the resource instance that violates it.
	Address string
	// Message says what is wrong and how to fix it.
	Message string
}

// String formats the finding as "file: rule: address: message", the CLI contract the
// rehearsal and CI read.
func (f PlanFinding) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", f.File, f.Rule, f.Address, f.Message)
}

// PlanOptions configure the plan rules.
type PlanOptions struct {
	// NamesGolden is the path of tools/internal/namestability/testdata/names.golden. Empty:
	// the plan-names rule reports that it did not run (see PlanRule.Skipped).
	NamesGolden string
	// DocsRoot is the repository root whose design-docs/ hold the runbooks alarms name. Empty:
	// the plan-alarm-runbook rule reports that it did not run.
	DocsRoot string
}

// PlanRule is one policy over a plan: an ID, a description and the check.
type PlanRule struct {
	// ID names the rule in findings and in -rule.
	ID string
	// Description says what the rule requires.
	Description string
	// Check returns the rule's findings for one plan.
	Check func(p *PlanFile, opts PlanOptions) []PlanFinding
	// Skipped says why the rule cannot judge this plan (no golden file, unknown stack), or "".
	Skipped func(p *PlanFile, opts PlanOptions) string
}

// PlanRules are every rule over plans, in the order they run.
var PlanRules = []PlanRule{
	{ID: "plan-iam-wildcard", Description: "rendered IAM, bucket, queue and key policies allow no \"*\" / \"service:*\" action and no \"*\" resource outside the justified allow-list (planallow.go)", Check: checkPlanIAMWildcard},
	{ID: "plan-secret-arn", Description: "a Secrets Manager secret in an IAM Resource is the bare secret ARN (no \":<json-key>::\" suffix), granted with secretsmanager actions only", Check: checkPlanSecretARN},
	{ID: "plan-ses-configuration-set", Description: "a principal allowed ses:SendEmail/SendRawEmail on an identity is also allowed on the configuration set it sends through", Check: checkPlanSESConfigurationSet},
	{ID: "plan-oidc-trust", Description: "roles GitHub Actions assume trust aud sts.amazonaws.com and, with StringEquals, only repo:<org>/<repo>:environment:<env> (plan roles also pull_request and main)", Check: checkPlanOIDCTrust},
	{ID: "plan-ci-read-only", Description: "the CI plan role reads configuration, never data: no data-reading managed policy, no s3:GetObject outside the state bucket, no DynamoDB items, queue messages, secret values or decryption", Check: checkPlanCIReadOnly},
	{ID: "plan-admin-access", Description: "administrator-level managed policies are attached only to the roles the allow-list names, with the reason", Check: checkPlanAdminAccess},
	{ID: "plan-public-exposure", Description: "no ingress from 0.0.0.0/0 or ::/0 except the documented load balancer ports; no public IPs, public databases or open bucket access blocks", Check: checkPlanPublicExposure},
	{ID: "plan-encryption", Description: "buckets, queues, databases, tables and log groups are encrypted at rest (data buckets with a customer-managed KMS key); keys rotate", Check: checkPlanEncryption},
	{ID: "plan-alarm-runbook", Description: "every CloudWatch alarm's alarm_description ends with design-docs/<service>.md#<anchor>, a \"### \" heading under \"## Runbooks\" of that doc", Check: checkPlanAlarmRunbook, Skipped: skippedPlanAlarmRunbook},
	{ID: "plan-names", Description: "names in the plan equal tools/internal/namestability/testdata/names.golden for the plan's stack", Check: checkPlanNames, Skipped: skippedPlanNames},
}

// LoadPlan reads a plan JSON file. The stack is taken from the file name when it follows
// mk/tf.sh's "<env>-<stack>.tfplan.json" (set PlanFile.Stack to override).
func LoadPlan(path string) (*PlanFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	var plan tfjson.Plan
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&plan); err != nil {
		return nil, fmt.Errorf("decode plan %s (want `terraform show -json <plan>` output): %w", path, err)
	}
	return &PlanFile{Path: path, Stack: StackFromPlanPath(path), Plan: &plan}, nil
}

var planFileName = regexp.MustCompile(`^([a-z0-9]+)-([a-z0-9-]+)\.tfplan(\.json)?$`)

// StackFromPlanPath returns the names.golden stack of a plan written by mk/tf.sh
// (.local/tf/<env>-<stack>.tfplan.json), or "" when the name does not say.
func StackFromPlanPath(path string) string {
	m := planFileName.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return ""
	}
	if m[2] == "bootstrap" {
		return "terraform/bootstrap:env/" + m[1] + ".tfvars"
	}
	return "terraform/" + m[1] + "/" + m[2]
}

// CheckPlan runs every plan rule (or only the named ones) over one plan. Findings come out
// sorted by rule order, then address.
func CheckPlan(p *PlanFile, opts PlanOptions, only ...string) []PlanFinding {
	var out []PlanFinding
	for _, rule := range PlanRules {
		if len(only) > 0 && !contains(only, rule.ID) {
			continue
		}
		found := rule.Check(p, opts)
		sort.SliceStable(found, func(i, j int) bool { return found[i].Address < found[j].Address })
		out = append(out, found...)
	}
	return out
}

// Resources returns the managed resource instances the plan keeps or creates (deletions are
// left out: what is going away grants nothing), in address order.
func (p *PlanFile) Resources() []PlanResource {
	var out []PlanResource
	for _, rc := range p.Plan.ResourceChanges {
		if rc == nil || rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil || rc.Change.Actions.Delete() {
			continue
		}
		values, _ := rc.Change.After.(map[string]any)
		out = append(out, PlanResource{Address: rc.Address, Type: rc.Type, Module: rc.ModuleAddress, Values: values})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

func (p *PlanFile) finding(rule string, r PlanResource, format string, args ...any) PlanFinding {
	return PlanFinding{File: p.Path, Rule: rule, Address: r.Address, Message: fmt.Sprintf(format, args...)}
}

// --- value helpers: the plan's values are decoded JSON (map[string]any, []any, string, ...).

// str returns a known string attribute.
func (r PlanResource) str(name string) (string, bool) {
	s, ok := r.Values[name].(string)
	return s, ok
}

// boolean returns a known bool attribute.
func (r PlanResource) boolean(name string) (value, ok bool) {
	b, ok := r.Values[name].(bool)
	return b, ok
}

// num returns a known number attribute.
func (r PlanResource) num(name string) (float64, bool) {
	switch v := r.Values[name].(type) {
	case float64:
		return v, true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}

// blocks returns a nested block list attribute (list or set of objects).
func blocks(v any) []map[string]any {
	list, _ := v.([]any)
	var out []map[string]any
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// strings returns a list of known strings.
func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// --- IAM policy documents

// policyDoc is a parsed IAM policy document (identity, resource, trust or key policy).
type policyDoc struct {
	Statements []policyStatement
}

// policyStatement is one statement, with the single-value-or-list fields normalised to lists.
type policyStatement struct {
	Sid         string
	Effect      string
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	// Principal maps the principal type ("AWS", "Service", "Federated") to its values; "*"
	// as the whole principal is {"*": ["*"]}.
	Principal map[string][]string
	// Condition maps an operator ("StringEquals") to keys and their values.
	Condition map[string]map[string][]string
}

// stringOrList decodes an IAM field that is a string or a list of strings.
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*s = many
	return nil
}

// parsePolicy decodes a policy document's JSON text.
func parsePolicy(text string) (policyDoc, error) {
	var raw struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return policyDoc{}, fmt.Errorf("decode policy: %w", err)
	}
	type rawStatement struct {
		Sid         string                             `json:"Sid"`
		Effect      string                             `json:"Effect"`
		Action      stringOrList                       `json:"Action"`
		NotAction   stringOrList                       `json:"NotAction"`
		Resource    stringOrList                       `json:"Resource"`
		NotResource stringOrList                       `json:"NotResource"`
		Principal   json.RawMessage                    `json:"Principal"`
		Condition   map[string]map[string]stringOrList `json:"Condition"`
	}
	var list []rawStatement
	if len(raw.Statement) > 0 && raw.Statement[0] == '{' {
		var one rawStatement
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return policyDoc{}, fmt.Errorf("decode statement: %w", err)
		}
		list = []rawStatement{one}
	} else if len(raw.Statement) > 0 {
		if err := json.Unmarshal(raw.Statement, &list); err != nil {
			return policyDoc{}, fmt.Errorf("decode statements: %w", err)
		}
	}
	var doc policyDoc
	for _, r := range list {
		st := policyStatement{Sid: r.Sid, Effect: r.Effect, Action: r.Action, NotAction: r.NotAction,
			Resource: r.Resource, NotResource: r.NotResource, Principal: map[string][]string{}, Condition: map[string]map[string][]string{}}
		if len(r.Principal) > 0 {
			var star string
			if err := json.Unmarshal(r.Principal, &star); err == nil {
				st.Principal[star] = []string{star}
			} else {
				var m map[string]stringOrList
				if err := json.Unmarshal(r.Principal, &m); err != nil {
					return policyDoc{}, fmt.Errorf("decode principal of statement %q: %w", r.Sid, err)
				}
				for k, v := range m {
					st.Principal[k] = v
				}
			}
		}
		for op, keys := range r.Condition {
			st.Condition[op] = map[string][]string{}
			for k, v := range keys {
				st.Condition[op][k] = v
			}
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc, nil
}

// policyKind says what a policy document is attached to.
type policyKind string

const (
	identityPolicy policyKind = "identity" // a role's, user's or managed policy
	trustPolicy    policyKind = "trust"    // a role's assume_role_policy
	resourcePolicy policyKind = "resource" // a bucket, queue, topic, repository or secret policy
	keyPolicy      policyKind = "key"      // a KMS key policy
)

// planPolicy is one rendered policy document found in a plan.
type planPolicy struct {
	Resource PlanResource
	// Attribute is where the document sits, e.g. "policy" or "inline_policy[0].policy".
	Attribute string
	Kind      policyKind
	// Role is the IAM role the document belongs to (its name), when the plan knows it.
	Role string
	Doc  policyDoc
}

// policyAttributes maps resource types to their policy document attributes and kinds.
var policyAttributes = map[string]struct {
	attr string
	kind policyKind
}{
	"aws_iam_role_policy":              {"policy", identityPolicy},
	"aws_iam_policy":                   {"policy", identityPolicy},
	"aws_iam_user_policy":              {"policy", identityPolicy},
	"aws_iam_group_policy":             {"policy", identityPolicy},
	"aws_s3_bucket_policy":             {"policy", resourcePolicy},
	"aws_sqs_queue_policy":             {"policy", resourcePolicy},
	"aws_sqs_queue":                    {"policy", resourcePolicy},
	"aws_sns_topic_policy":             {"policy", resourcePolicy},
	"aws_ecr_repository_policy":        {"policy", resourcePolicy},
	"aws_secretsmanager_secret_policy": {"policy", resourcePolicy},
	"aws_kms_key":                      {"policy", keyPolicy},
}

// policies returns every known, non-empty policy document of the plan, and a finding for
// each one that is not valid JSON (AWS would reject it too).
func (p *PlanFile) policies(rule string) ([]planPolicy, []PlanFinding) {
	var out []planPolicy
	var bad []PlanFinding
	add := func(r PlanResource, attr string, kind policyKind, role string, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		// aws_sqs_queue's policy is computed when unset (the queue_policy resource usually
		// sets it); a value that is not a JSON object there is no document to judge.
		if r.Type == "aws_sqs_queue" && !strings.HasPrefix(text, "{") {
			return
		}
		doc, err := parsePolicy(text)
		if err != nil {
			// Said once, by the wildcard rule, not by every rule that reads policies.
			if rule == "plan-iam-wildcard" {
				bad = append(bad, p.finding(rule, r, "%s is not a valid policy document: %v", attr, err))
			}
			return
		}
		out = append(out, planPolicy{Resource: r, Attribute: attr, Kind: kind, Role: role, Doc: doc})
	}
	for _, r := range p.Resources() {
		if r.Type == "aws_iam_role" {
			name, _ := r.str("name")
			if text, ok := r.str("assume_role_policy"); ok {
				add(r, "assume_role_policy", trustPolicy, name, text)
			}
			for i, inline := range blocks(r.Values["inline_policy"]) {
				if text, ok := inline["policy"].(string); ok {
					add(r, fmt.Sprintf("inline_policy[%d].policy", i), identityPolicy, name, text)
				}
			}
			continue
		}
		spec, ok := policyAttributes[r.Type]
		if !ok {
			continue
		}
		text, ok := r.str(spec.attr)
		if !ok {
			continue
		}
		role := ""
		if r.Type == "aws_iam_role_policy" {
			role, _ = r.str("role")
			if role == "" {
				// The role's id is known only after apply on a first plan; the module names
				// the inline policy after its role.
				role, _ = r.str("name")
			}
		}
		add(r, spec.attr, spec.kind, role, text)
	}
	return out, bad
}

// actionMatches reports whether an IAM action pattern (with * and ? wildcards, case-insensitive
// as IAM compares actions) matches the action.
func actionMatches(pattern, action string) bool {
	return globMatch(strings.ToLower(pattern), strings.ToLower(action))
}

// globMatch matches s against a pattern with * (any run) and ? (one character).
func globMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if globMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && globMatch(pattern[1:], s[1:])
	default:
		return s != "" && s[0] == pattern[0] && globMatch(pattern[1:], s[1:])
	}
}

// allowsAction reports whether an Allow statement's actions cover the action.
func (st policyStatement) allowsAction(action string) bool {
	if st.Effect != "Allow" {
		return false
	}
	for _, a := range st.Action {
		if actionMatches(a, action) {
			return true
		}
	}
	if len(st.NotAction) > 0 {
		for _, a := range st.NotAction {
			if actionMatches(a, action) {
				return false
			}
		}
		return true
	}
	return false
}

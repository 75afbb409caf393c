package tfpolicy

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// statementName names a statement in messages: its Sid, or its position.
func statementName(pol planPolicy, i int) string {
	if sid := pol.Doc.Statements[i].Sid; sid != "" {
		return fmt.Sprintf("%s statement %q", pol.Attribute, sid)
	}
	return fmt.Sprintf("%s statement %d", pol.Attribute, i)
}

// --- plan-iam-wildcard

// wildcardActionAllowed reports whether a "*" or "service:*" action is allow-listed.
func wildcardActionAllowed(kind policyKind, action string) bool {
	for _, al := range wildcardAllowances {
		if (al.Kind == "" || al.Kind == kind) && al.Action != "" && strings.EqualFold(al.Action, action) {
			return true
		}
	}
	return false
}

// starResourceAllowed reports whether the action may be granted on Resource "*".
func starResourceAllowed(kind policyKind, action string) bool {
	for _, al := range wildcardAllowances {
		if al.Resource == "*" && (al.Kind == "" || al.Kind == kind) && (al.Action == "" || strings.EqualFold(al.Action, action)) {
			return true
		}
	}
	return false
}

func checkPlanIAMWildcard(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-iam-wildcard"
	pols, out := p.policies(id)
	for _, pol := range pols {
		if pol.Kind == trustPolicy {
			// A role anyone may assume: Principal "*" (or AWS "*") in a trust policy.
			for i, st := range pol.Doc.Statements {
				if st.Effect == "Allow" && (contains(st.Principal["*"], "*") || contains(st.Principal["AWS"], "*")) {
					out = append(out, p.finding(id, pol.Resource, "%s lets any principal assume %s; name the principals", statementName(pol, i), pol.Role))
				}
			}
			continue
		}
		for i, st := range pol.Doc.Statements {
			if st.Effect != "Allow" {
				continue
			}
			where := statementName(pol, i)
			if len(st.NotAction) > 0 {
				out = append(out, p.finding(id, pol.Resource, "%s allows NotAction %q, which grants every other action; name the actions", where, st.NotAction))
			}
			if len(st.NotResource) > 0 {
				out = append(out, p.finding(id, pol.Resource, "%s allows on NotResource %q, which grants every other resource; name the resources", where, st.NotResource))
			}
			for _, a := range st.Action {
				if (a == "*" || serviceWildcard.MatchString(a)) && !wildcardActionAllowed(pol.Kind, a) {
					out = append(out, p.finding(id, pol.Resource, "%s allows action %q; name the exact actions (or justify it in tfpolicy's planallow.go)", where, a))
				}
			}
			if contains(st.Resource, "*") {
				for _, a := range st.Action {
					if !starResourceAllowed(pol.Kind, a) {
						out = append(out, p.finding(id, pol.Resource, "%s allows %s on Resource \"*\"; name the resource ARNs (or justify it in tfpolicy's planallow.go)", where, a))
					}
				}
			}
		}
	}
	return out
}

// --- plan-secret-arn

var secretARN = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:`)

func checkPlanSecretARN(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-secret-arn"
	pols, out := p.policies(id)
	for _, pol := range pols {
		if pol.Kind == trustPolicy {
			continue
		}
		for i, st := range pol.Doc.Statements {
			if st.Effect != "Allow" {
				continue
			}
			where := statementName(pol, i)
			secrets := false
			for _, r := range st.Resource {
				if !secretARN.MatchString(r) {
					continue
				}
				secrets = true
				// arn:aws:secretsmanager:<region>:<account>:secret:<name-suffix> has 7 fields;
				// ECS's valueFrom may add :<json-key>:<version-stage>:<version-id>, which IAM
				// never sees: GetSecretValue is authorised on the secret's ARN.
				// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
				if parts := strings.Split(r, ":"); len(parts) > 7 {
					out = append(out, p.finding(id, pol.Resource, "%s names %q, a JSON key or version of a secret: IAM matches the secret's ARN only, so this grants nothing; grant %q", where, r, strings.Join(parts[:7], ":")))
				}
			}
			if !secrets {
				continue
			}
			for _, a := range st.Action {
				if !strings.HasPrefix(strings.ToLower(a), "secretsmanager:") {
					out = append(out, p.finding(id, pol.Resource, "%s grants %s on a Secrets Manager ARN, which means nothing there; drop it (Parameter Store parameters have arn:aws:ssm ARNs)", where, a))
				}
			}
		}
	}
	return out
}

// --- plan-ses-configuration-set

// sesSendActions are the sending actions SES authorises on the identity and, when the mail
// names one, on the configuration set too. Source: Service Authorization Reference, Amazon
// Simple Email Service v2, SendEmail: resource types configuration-set and identity
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html).
var sesSendActions = []string{"ses:SendEmail", "ses:SendRawEmail"}

func checkPlanSESConfigurationSet(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-ses-configuration-set"
	pols, out := p.policies(id)
	type grant struct {
		at         PlanResource
		identities []string
		sets       bool
	}
	// A principal's grants may be spread over several inline policies: group by role.
	grants := map[string]map[string]*grant{} // principal -> action -> grant
	var order []string
	for _, pol := range pols {
		if pol.Kind != identityPolicy {
			continue
		}
		principal := pol.Role
		if principal == "" {
			principal = pol.Resource.Address + " " + pol.Attribute
		}
		if grants[principal] == nil {
			grants[principal] = map[string]*grant{}
			order = append(order, principal)
		}
		for _, st := range pol.Doc.Statements {
			for _, action := range sesSendActions {
				if !st.allowsAction(action) {
					continue
				}
				g := grants[principal][action]
				if g == nil {
					g = &grant{at: pol.Resource}
					grants[principal][action] = g
				}
				for _, r := range st.Resource {
					switch {
					case r == "*" || strings.Contains(r, ":configuration-set/"):
						g.sets = true
					case strings.Contains(r, ":identity/"):
						g.identities = append(g.identities, r)
					}
				}
			}
		}
	}
	for _, principal := range order {
		for _, action := range sesSendActions {
			g := grants[principal][action]
			if g == nil || len(g.identities) == 0 || g.sets {
				continue
			}
			out = append(out, p.finding(id, g.at, "%s may %s on %q but on no configuration set: SES also authorises the configuration set the mail is sent through, so every send is denied; add its arn:aws:ses:<region>:<account>:configuration-set/<name>", principal, action, g.identities))
		}
	}
	return out
}

// --- plan-oidc-trust

const githubOIDC = "token.actions.githubusercontent.com"

var (
	environmentSubject = regexp.MustCompile(`^repo:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:environment:[A-Za-z0-9_.-]+$`)
	planSubject        = regexp.MustCompile(`^repo:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:(pull_request|ref:refs/heads/main)$`)
)

// isPlanRole reports whether the role is the CI plan role (modules/github-oidc-role).
func isPlanRole(name string) bool { return strings.HasSuffix(name, "-ci-plan-role") }

func checkPlanOIDCTrust(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-oidc-trust"
	pols, out := p.policies(id)
	for _, pol := range pols {
		if pol.Kind != trustPolicy {
			continue
		}
		for i, st := range pol.Doc.Statements {
			if st.Effect != "Allow" || !anyContains(st.Principal["Federated"], githubOIDC) {
				continue
			}
			where := statementName(pol, i)
			aud := st.Condition["StringEquals"][githubOIDC+":aud"]
			if len(aud) != 1 || aud[0] != "sts.amazonaws.com" {
				out = append(out, p.finding(id, pol.Resource, "%s must require StringEquals %s:aud = \"sts.amazonaws.com\" (got %q)", where, githubOIDC, aud))
			}
			var subjects []string
			ops := make([]string, 0, len(st.Condition))
			for op := range st.Condition {
				ops = append(ops, op)
			}
			sort.Strings(ops)
			for _, op := range ops {
				values, ok := st.Condition[op][githubOIDC+":sub"]
				if !ok {
					continue
				}
				if op != "StringEquals" {
					out = append(out, p.finding(id, pol.Resource, "%s matches sub with %s %q; use StringEquals with exact subjects, a pattern admits other branches, tags and pull requests", where, op, values))
					continue
				}
				subjects = append(subjects, values...)
			}
			if len(subjects) == 0 {
				out = append(out, p.finding(id, pol.Resource, "%s trusts GitHub without a StringEquals condition on %s:sub: any repository's workflow could assume %s", where, githubOIDC, pol.Role))
				continue
			}
			plan := isPlanRole(pol.Role)
			for _, s := range subjects {
				if environmentSubject.MatchString(s) || (plan && planSubject.MatchString(s)) {
					continue
				}
				want := "repo:<org>/<repo>:environment:<env>"
				if plan {
					want += ", pull_request or ref:refs/heads/main"
				}
				out = append(out, p.finding(id, pol.Resource, "%s trusts subject %q; %s may trust only %s (a job without the environment skips its reviewers and branch rules)", where, s, pol.Role, want))
			}
			if !plan && len(subjects) > 1 {
				out = append(out, p.finding(id, pol.Resource, "%s trusts %d subjects %q; a StringEquals list is an OR: trust the one environment of this account", where, len(subjects), subjects))
			}
		}
	}
	return out
}

func anyContains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// --- plan-ci-read-only

// attachment is one managed policy attached to one role (by name).
type attachment struct {
	Role, PolicyARN string
	At              PlanResource
}

// attachments returns the managed policy ARNs attached to each role in the plan (by role
// name) with the resource that attaches them.
func (p *PlanFile) attachments() []attachment {
	var out []attachment
	for _, r := range p.Resources() {
		switch r.Type {
		case "aws_iam_role_policy_attachment":
			role, _ := r.str("role")
			arn, _ := r.str("policy_arn")
			out = append(out, attachment{role, arn, r})
		case "aws_iam_policy_attachment":
			arn, _ := r.str("policy_arn")
			for _, role := range stringList(r.Values["roles"]) {
				out = append(out, attachment{role, arn, r})
			}
		case "aws_iam_role":
			role, _ := r.str("name")
			for _, arn := range stringList(r.Values["managed_policy_arns"]) {
				out = append(out, attachment{role, arn, r})
			}
		}
	}
	return out
}

func checkPlanCIReadOnly(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-ci-read-only"
	var out []PlanFinding
	for _, a := range p.attachments() {
		if isPlanRole(a.Role) && contains(dataReadingManagedPolicies, a.PolicyARN) {
			out = append(out, p.finding(id, a.At, "%s gets %s, which reads data (objects, items, messages, secrets) that a pull request's plan could print; use job-function/ViewOnlyAccess plus the configuration reads of modules/github-oidc-role", a.Role, a.PolicyARN))
		}
	}
	pols, bad := p.policies(id)
	out = append(out, bad...)
	for _, pol := range pols {
		if pol.Kind != identityPolicy || !isPlanRole(pol.Role) {
			continue
		}
		for i, st := range pol.Doc.Statements {
			for _, action := range dataActions {
				if !st.allowsAction(action) {
					continue
				}
				if strings.HasPrefix(action, "s3:GetObject") && len(st.Resource) > 0 && allMatch(st.Resource, planReadableObjects) {
					continue // reading state (and refreshing uploaded packages) is what a plan does
				}
				out = append(out, p.finding(id, pol.Resource, "%s lets %s %s, which reads data, not configuration; the plan role reads state and configuration only", statementName(pol, i), pol.Role, action))
			}
		}
	}
	return out
}

func allMatch(list []string, re *regexp.Regexp) bool {
	for _, s := range list {
		if !re.MatchString(s) {
			return false
		}
	}
	return true
}

// --- plan-admin-access

func checkPlanAdminAccess(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-admin-access"
	var out []PlanFinding
	for _, a := range p.attachments() {
		if !contains(adminManagedPolicies, a.PolicyARN) {
			continue
		}
		allowed := false
		for _, al := range adminAllowances {
			if al.Role.MatchString(a.Role) {
				allowed = true
				break
			}
		}
		if !allowed {
			out = append(out, p.finding(id, a.At, "role %q gets %s; only the roles in tfpolicy's planallow.go (apply and engineer roles, with the reason) may; grant this one the exact actions it needs", a.Role, a.PolicyARN))
		}
	}
	return out
}

// --- plan-public-exposure

func publicCIDR(v4, v6 string) bool { return v4 == "0.0.0.0/0" || v6 == "::/0" }

// publicIngressAllowed reports whether an ingress rule from anywhere is a documented one.
func publicIngressAllowed(address, protocol string, from, to float64) bool {
	for _, al := range publicIngressAllowances {
		if !al.Address.MatchString(address) || from != to || (protocol != "tcp" && protocol != "6") {
			continue
		}
		for _, port := range al.Ports {
			if float64(port) == from {
				return true
			}
		}
	}
	return false
}

func checkPlanPublicExposure(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-public-exposure"
	var out []PlanFinding
	for _, r := range p.Resources() {
		switch r.Type {
		case "aws_vpc_security_group_ingress_rule":
			v4, _ := r.str("cidr_ipv4")
			v6, _ := r.str("cidr_ipv6")
			if !publicCIDR(v4, v6) {
				continue
			}
			protocol, _ := r.str("ip_protocol")
			from, _ := r.num("from_port")
			to, _ := r.num("to_port")
			if !publicIngressAllowed(r.Address, protocol, from, to) {
				out = append(out, p.finding(id, r, "admits %s%s on %s %v-%v from anywhere; only the documented load balancer ports may be public (planallow.go)", v4, v6, protocol, from, to))
			}
		case "aws_security_group_rule":
			if typ, _ := r.str("type"); typ != "ingress" {
				continue
			}
			if contains(stringList(r.Values["cidr_blocks"]), "0.0.0.0/0") || contains(stringList(r.Values["ipv6_cidr_blocks"]), "::/0") {
				protocol, _ := r.str("protocol")
				from, _ := r.num("from_port")
				to, _ := r.num("to_port")
				if !publicIngressAllowed(r.Address, protocol, from, to) {
					out = append(out, p.finding(id, r, "admits %s %v-%v from anywhere; only the documented load balancer ports may be public (planallow.go)", protocol, from, to))
				}
			}
		case "aws_security_group":
			for _, in := range blocks(r.Values["ingress"]) {
				if contains(stringList(in["cidr_blocks"]), "0.0.0.0/0") || contains(stringList(in["ipv6_cidr_blocks"]), "::/0") {
					out = append(out, p.finding(id, r, "has an inline ingress rule from anywhere (ports %v-%v); use aws_vpc_security_group_ingress_rule, and only for the documented load balancer ports", in["from_port"], in["to_port"]))
				}
			}
		case "aws_ecs_service":
			for _, nc := range blocks(r.Values["network_configuration"]) {
				if v, _ := nc["assign_public_ip"].(bool); v {
					out = append(out, p.finding(id, r, "gives its tasks public IPs; tasks run in private subnets"))
				}
			}
		case "aws_db_instance":
			if v, _ := r.boolean("publicly_accessible"); v {
				out = append(out, p.finding(id, r, "is publicly accessible; the database is reachable from its client security group only"))
			}
		case "aws_s3_bucket_public_access_block":
			for _, k := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
				if v, ok := r.boolean(k); ok && !v {
					out = append(out, p.finding(id, r, "sets %s = false; every bucket blocks public access", k))
				}
			}
		}
	}
	return out
}

// --- plan-encryption

// isNull reports whether an attribute is known to be null (present in the planned values
// as null; an unknown value is absent).
func isNull(m map[string]any, name string) bool {
	v, ok := m[name]
	return ok && (v == nil || v == "")
}

func checkPlanEncryption(p *PlanFile, _ PlanOptions) []PlanFinding {
	const id = "plan-encryption"
	var out []PlanFinding
	resources := p.Resources()
	sseByModule := map[string][]PlanResource{}
	for _, r := range resources {
		if r.Type == "aws_s3_bucket_server_side_encryption_configuration" {
			sseByModule[r.Module] = append(sseByModule[r.Module], r)
		}
	}
	for _, r := range resources {
		switch r.Type {
		case "aws_s3_bucket":
			sse := sseByModule[r.Module]
			if len(sse) == 0 {
				out = append(out, p.finding(id, r, "has no aws_s3_bucket_server_side_encryption_configuration next to it"))
				continue
			}
			name, _ := r.str("bucket")
			if !dataBucket.MatchString(name) {
				continue
			}
			for _, c := range sse {
				for _, rule := range blocks(c.Values["rule"]) {
					for _, def := range blocks(rule["apply_server_side_encryption_by_default"]) {
						alg, known := def["sse_algorithm"].(string)
						if !known {
							continue // known after apply (it follows the key): judged on the next plan
						}
						if !strings.HasPrefix(alg, "aws:kms") || isNull(def, "kms_master_key_id") {
							out = append(out, p.finding(id, r, "holds user data (%s) but is encrypted with %q and no customer-managed key; use aws:kms with a key whose policy keeps the CI roles out", name, alg))
						}
					}
				}
			}
		case "aws_s3_bucket_server_side_encryption_configuration":
			for _, rule := range blocks(r.Values["rule"]) {
				for _, def := range blocks(rule["apply_server_side_encryption_by_default"]) {
					if alg, ok := def["sse_algorithm"].(string); ok && alg != "AES256" && !strings.HasPrefix(alg, "aws:kms") {
						out = append(out, p.finding(id, r, "uses sse_algorithm %q; use aws:kms or AES256", alg))
					}
				}
			}
		case "aws_sqs_queue":
			sse, known := r.boolean("sqs_managed_sse_enabled")
			if known && !sse && isNull(r.Values, "kms_master_key_id") {
				out = append(out, p.finding(id, r, "is not encrypted; set sqs_managed_sse_enabled = true or kms_master_key_id"))
			}
		case "aws_db_instance":
			if v, ok := r.boolean("storage_encrypted"); ok && !v {
				out = append(out, p.finding(id, r, "has storage_encrypted = false"))
			}
		case "aws_dynamodb_table":
			sse := blocks(r.Values["server_side_encryption"])
			if len(sse) == 0 {
				out = append(out, p.finding(id, r, "needs server_side_encryption { enabled = true }"))
			} else if v, ok := sse[0]["enabled"].(bool); ok && !v {
				out = append(out, p.finding(id, r, "has server_side_encryption.enabled = false"))
			}
		case "aws_cloudwatch_log_group":
			if isNull(r.Values, "kms_key_id") {
				out = append(out, p.finding(id, r, "has no kms_key_id (the shared stack's logs key)"))
			}
		case "aws_kms_key":
			if v, ok := r.boolean("enable_key_rotation"); ok && !v {
				out = append(out, p.finding(id, r, "has enable_key_rotation = false"))
			}
		case "aws_lb_listener":
			protocol, _ := r.str("protocol")
			if protocol != "HTTP" {
				continue
			}
			for _, a := range blocks(r.Values["default_action"]) {
				if typ, _ := a["type"].(string); typ != "redirect" {
					out = append(out, p.finding(id, r, "serves plain HTTP (default action %q); HTTP listeners only redirect to HTTPS", typ))
				}
			}
		}
	}
	return out
}

// --- plan-names

// goldenNames reads the entries of one stack from names.golden: "<address> <attribute>" to
// the rendered name.
func goldenNames(path, stack string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open names file: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || !strings.HasPrefix(line, stack+" ") {
			continue
		}
		left, value, ok := strings.Cut(strings.TrimPrefix(line, stack+" "), " = ")
		if ok {
			out[left] = value
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read names file: %w", err)
	}
	return out, nil
}

func skippedPlanNames(p *PlanFile, opts PlanOptions) string {
	switch {
	case opts.NamesGolden == "":
		return "no names.golden given"
	case p.Stack == "":
		return "the plan's stack is unknown (name the file <env>-<stack>.tfplan.json, as mk/tf.sh does, or pass -stack)"
	}
	names, err := goldenNames(opts.NamesGolden, p.Stack)
	if err != nil {
		return err.Error()
	}
	if len(names) == 0 {
		return "names.golden has no entries for " + p.Stack
	}
	return ""
}

func checkPlanNames(p *PlanFile, opts PlanOptions) []PlanFinding {
	const id = "plan-names"
	if skippedPlanNames(p, opts) != "" {
		return nil
	}
	names, err := goldenNames(opts.NamesGolden, p.Stack)
	if err != nil {
		return []PlanFinding{{File: p.Path, Rule: id, Address: p.Stack, Message: err.Error()}}
	}
	var out []PlanFinding
	for _, r := range p.Resources() {
		for key, want := range names {
			address, attr, _ := strings.Cut(key, " ")
			if address != r.Address || want == "(known after apply)" {
				continue
			}
			if got, ok := r.str(attr); ok && got != want {
				out = append(out, p.finding(id, r, "%s = %q, but names.golden has %q for %s: a rename replaces the resource; if intended, make tf/names-update and review the diff", attr, got, want, p.Stack))
			}
		}
	}
	return out
}

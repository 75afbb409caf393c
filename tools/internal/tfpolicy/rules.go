package tfpolicy

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Finding is one violation of a rule.
type Finding struct {
	// Rule is the ID of the violated rule, e.g. "naming-source".
	Rule string
	// Pos is file:line of the offending block.
	Pos string
	// Message says what is wrong and how to fix it.
	Message string
}

// String formats the finding as "file:line: [rule] message".
func (f Finding) String() string {
	return fmt.Sprintf("%s: [%s] %s", f.Pos, f.Rule, f.Message)
}

// Rule is one policy: an ID, a one-line description and the check.
type Rule struct {
	// ID names the rule in findings and in tfpolicy:allow comments.
	ID string
	// Description says what the rule requires.
	Description string
	// Check returns the rule's findings over the whole repository.
	Check func(r *Repo) []Finding
}

// Rules are every policy rule, in the order they run: the platform's, then TflintRules.
var Rules = append([]Rule{
	{"naming-source", "cloud-side names (name, bucket, identifier, ...) come from modules/naming", checkNamingSource},
	{"standard-tags", "taggable resources carry tags from modules/naming; aws providers set default_tags", checkStandardTags},
	{"encryption", "S3, SQS, RDS, DynamoDB and CloudWatch Logs are encrypted at rest", checkEncryption},
	{"s3-public-access", "every bucket has a public access block with all four settings true", checkS3PublicAccess},
	{"rds-protection", "RDS instances have deletion protection and automated backups", checkRDSProtection},
	{"iam-wildcard", "IAM policy documents name actions and resources (no \"*\" / \"service:*\") outside documented exceptions", checkIAMWildcard},
	{"lambda-permission-source", "Lambda permissions are scoped with source_arn", checkLambdaPermission},
	{"ecs-separate-roles", "ECS task definitions have distinct task and execution roles", checkECSRoles},
	{"backend-lockfile", "S3 backends lock with use_lockfile = true", checkBackendLockfile},
	{"backend-key", "terraform/<env>/<stack> keeps its state at <env>/<stack>/terraform.tfstate in its environment's bucket", checkBackendKey},
	{"pinned-providers", "terraform and providers are version-pinned (roots: one provider minor)", checkPinnedProviders},
	{"provider-lock", "every hashicorp/aws constraint is \"~> <minor>.0\" of mk/tf.mk's AWS_PROVIDER_VERSION, and every root commits a lock file of that version", checkProviderLock},
	{"allowed-account-ids", "aws providers set allowed_account_ids", checkAllowedAccountIDs},
	{"prevent-destroy", "stateful resources carry prevent_destroy where the environment keeps data (prd)", checkPreventDestroy},
	{"module-interface", "module calls pass only declared inputs, every required one, and read only declared outputs", checkModuleInterface},
	{"thin-roots", "environment roots hold no resources of their own, and every environment has the same stacks and outputs", checkThinRoots},
	{"declaration-order", "variables and outputs are in alphabetical order within each file (STYLE.md)", checkDeclarationOrder},
	{"listener-certificate", "HTTPS/TLS listeners use a certificate managed and DNS-validated here (aws_acm_certificate_validation)", checkListenerCertificate},
	{"replace-before-destroy", "resources replaced while in use are created first (create_before_destroy, name_prefix), and databases may take the major upgrade that replaces their parameter group", checkReplaceBeforeDestroy},
	{"open-cidr", "no security group rule to or from 0.0.0.0/0 or ::/0 without a recorded '# tfpolicy:allow open-cidr -- reason'", checkOpenCIDR},
	{"lambda-package", "Lambda functions are created from a package this configuration uploads (aws_s3_object)", checkLambdaPackage},
	{"remote-state-outputs", "every output a stack reads from terraform_remote_state is published by its producer", checkRemoteStateOutputs},
}, TflintRules...)

// Check runs every rule (or only the named ones) and returns the findings sorted by position.
func Check(r *Repo, only ...string) []Finding {
	var out []Finding
	for _, rule := range Rules {
		if len(only) > 0 && !contains(only, rule.ID) {
			continue
		}
		out = append(out, rule.Check(r)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return posLess(out[i].Pos, out[j].Pos) })
	return out
}

// posLess orders "file:line" positions by file, then numerically by line.
func posLess(a, b string) bool {
	fa, la := splitPos(a)
	fb, lb := splitPos(b)
	if fa != fb {
		return fa < fb
	}
	return la < lb
}

func splitPos(p string) (string, int) {
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return p, 0
	}
	n, err := strconv.Atoi(p[i+1:])
	if err != nil {
		return p, 0
	}
	return p[:i], n
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func finding(rule string, b *Block, rng hcl.Range, format string, args ...any) Finding {
	return Finding{Rule: rule, Pos: fmt.Sprintf("%s:%d", b.File, rng.Start.Line), Message: fmt.Sprintf(format, args...)}
}

// --- naming-source

// nameAttributes are the arguments that set a cloud-side name, with the resource types on which
// they create the name (nil: every type). Elsewhere, e.g. bucket on aws_s3_bucket_versioning,
// they only refer to an existing resource.
var nameAttributes = map[string][]string{
	"name":                   nil,
	"name_prefix":            nil,
	"bucket":                 {"aws_s3_bucket"},
	"identifier":             {"aws_db_instance", "aws_rds_cluster"},
	"function_name":          {"aws_lambda_function"},
	"family":                 {"aws_ecs_task_definition"},
	"configuration_set_name": {"aws_sesv2_configuration_set"},
}

// nameExempt are resource types whose "name" is not a cloud resource name we choose.
var nameExempt = map[string]bool{
	"aws_route53_record":                 true, // DNS names, dictated by SES and the domain
	"aws_ecs_cluster_capacity_providers": true,
}

// namingModules returns the names of module blocks in d whose source is modules/naming.
func namingModules(d *Dir) map[string]bool {
	out := map[string]bool{}
	for _, m := range d.Of("module") {
		if src, ok := literalString(m.Body, "source"); ok && path.Base(src) == "naming" {
			out[m.Labels[0]] = true
		}
	}
	return out
}

// refersToNaming reports whether an expression refers to a naming module, directly or through
// one local value.
func refersToNaming(d *Dir, expr hclsyntax.Expression, naming map[string]bool) bool {
	for _, ref := range references(expr) {
		parts := strings.Split(ref, ".")
		if len(parts) >= 2 && parts[0] == "module" && naming[parts[1]] {
			return true
		}
		if len(parts) >= 2 && parts[0] == "local" {
			for _, l := range d.Of("locals") {
				if attr, ok := l.Body.Attributes[parts[1]]; ok {
					for _, inner := range references(attr.Expr) {
						ip := strings.Split(inner, ".")
						if len(ip) >= 2 && ip[0] == "module" && naming[ip[1]] {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

func checkNamingSource(r *Repo) []Finding {
	const id = "naming-source"
	var out []Finding
	for _, d := range r.SortedDirs() {
		naming := namingModules(d)
		for _, b := range d.Of("resource") {
			if nameExempt[b.Labels[0]] || b.Allows(id) {
				continue
			}
			for name, owners := range nameAttributes {
				if owners != nil && !contains(owners, b.Labels[0]) {
					continue
				}
				attr, ok := b.Body.Attributes[name]
				if !ok || refersToNaming(d, attr.Expr, naming) {
					continue
				}
				out = append(out, finding(id, b, attr.SrcRange, "%s sets %s without modules/naming; use a module \"...\" { source = \".../modules/naming\" } and its id output", b.Address(), name))
			}
		}
	}
	return out
}

// --- standard-tags

// taggable are the resource types used here that accept tags and must carry the standard ones.
var taggable = map[string]bool{
	"aws_sqs_queue": true, "aws_s3_bucket": true, "aws_db_instance": true, "aws_dynamodb_table": true,
	"aws_lambda_function": true, "aws_iam_role": true, "aws_cloudwatch_log_group": true,
	"aws_ecs_service": true, "aws_ecs_cluster": true, "aws_ecs_task_definition": true, "aws_kms_key": true,
	"aws_ecr_repository": true, "aws_security_group": true, "aws_vpc": true, "aws_subnet": true,
	"aws_lb": true, "aws_lb_target_group": true, "aws_sesv2_configuration_set": true,
	"aws_sesv2_email_identity": true, "aws_db_subnet_group": true, "aws_db_parameter_group": true,
	"aws_nat_gateway": true, "aws_eip": true, "aws_internet_gateway": true, "aws_route_table": true,
	"aws_vpc_endpoint": true, "aws_iam_openid_connect_provider": true,
}

func checkStandardTags(r *Repo) []Finding {
	const id = "standard-tags"
	var out []Finding
	for _, d := range r.SortedDirs() {
		naming := namingModules(d)
		for _, b := range d.Of("resource") {
			if !taggable[b.Labels[0]] || b.Allows(id) {
				continue
			}
			attr, ok := b.Body.Attributes["tags"]
			if !ok {
				out = append(out, finding(id, b, b.DefRange(), "%s has no tags; set tags = module.<naming>.tags", b.Address()))
				continue
			}
			if !refersToNaming(d, attr.Expr, naming) {
				out = append(out, finding(id, b, attr.SrcRange, "%s tags do not come from modules/naming; use module.<naming>.tags (merge extra keys onto it)", b.Address()))
			}
		}
		for _, p := range d.Of("provider", "aws") {
			dt := nestedBlocks(p.Body, "default_tags")
			if len(dt) == 0 {
				out = append(out, finding(id, p, p.DefRange(), "provider aws has no default_tags; set default_tags { tags = module.<naming>.tags }"))
				continue
			}
			if attr, ok := dt[0].Body.Attributes["tags"]; !ok || !refersToNaming(d, attr.Expr, naming) {
				out = append(out, finding(id, p, dt[0].DefRange(), "provider aws default_tags must be module.<naming>.tags"))
			}
		}
	}
	return out
}

// --- encryption

func checkEncryption(r *Repo) []Finding {
	const id = "encryption"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource") {
			if b.Allows(id) {
				continue
			}
			switch b.Labels[0] {
			case "aws_s3_bucket":
				if !hasBucketCompanion(d, "aws_s3_bucket_server_side_encryption_configuration", b, nil) {
					out = append(out, finding(id, b, b.DefRange(), "%s has no aws_s3_bucket_server_side_encryption_configuration referring to it", b.Address()))
				}
			case "aws_sqs_queue":
				// Encrypted: a KMS key, or SSE-SQS set to anything but a literal false (an
				// expression such as "kms == null ? true : null" is how modules choose).
				sse, sseLiteral := literalBool(b.Body, "sqs_managed_sse_enabled")
				_, kms := b.Body.Attributes["kms_master_key_id"]
				_, sseSet := b.Body.Attributes["sqs_managed_sse_enabled"]
				if !kms && (!sseSet || (sseLiteral && !sse)) {
					out = append(out, finding(id, b, b.DefRange(), "%s is not encrypted; set sqs_managed_sse_enabled = true or kms_master_key_id", b.Address()))
				}
			case "aws_db_instance", "aws_rds_cluster":
				if v, ok := literalBool(b.Body, "storage_encrypted"); !ok || !v {
					out = append(out, finding(id, b, b.DefRange(), "%s must set storage_encrypted = true", b.Address()))
				}
			case "aws_dynamodb_table":
				sse := nestedBlocks(b.Body, "server_side_encryption")
				if len(sse) == 0 {
					out = append(out, finding(id, b, b.DefRange(), "%s needs server_side_encryption { enabled = true }", b.Address()))
				} else if v, ok := literalBool(sse[0].Body, "enabled"); !ok || !v {
					out = append(out, finding(id, b, sse[0].DefRange(), "%s server_side_encryption must set enabled = true", b.Address()))
				}
			case "aws_cloudwatch_log_group":
				if _, ok := b.Body.Attributes["kms_key_id"]; !ok {
					out = append(out, finding(id, b, b.DefRange(), "%s must set kms_key_id (modules/kms-key, the shared stack's logs key)", b.Address()))
				}
			}
		}
	}
	return out
}

// hasBucketCompanion reports whether d has a resource of typ whose bucket argument refers to
// bucket b (directly, or through a local that does), and, when check is set, passes check.
func hasBucketCompanion(d *Dir, typ string, b *Block, check func(*Block) bool) bool {
	target := "aws_s3_bucket." + b.Labels[1]
	for _, c := range d.Of("resource", typ) {
		attr, ok := c.Body.Attributes["bucket"]
		if !ok || !refersTo(d, attr.Expr, target) {
			continue
		}
		if check == nil || check(c) {
			return true
		}
	}
	return false
}

// refersTo reports whether expr refers to target ("aws_s3_bucket.this"), directly or through
// one local value.
func refersTo(d *Dir, expr hclsyntax.Expression, target string) bool {
	for _, ref := range references(expr) {
		if ref == target || strings.HasPrefix(ref, target+".") {
			return true
		}
		parts := strings.Split(ref, ".")
		if len(parts) >= 2 && parts[0] == "local" {
			for _, l := range d.Of("locals") {
				if attr, ok := l.Body.Attributes[parts[1]]; ok {
					for _, inner := range references(attr.Expr) {
						if inner == target || strings.HasPrefix(inner, target+".") {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// --- s3-public-access

func checkS3PublicAccess(r *Repo) []Finding {
	const id = "s3-public-access"
	var out []Finding
	allTrue := func(c *Block) bool {
		for _, k := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
			if v, ok := literalBool(c.Body, k); !ok || !v {
				return false
			}
		}
		return true
	}
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource", "aws_s3_bucket") {
			if b.Allows(id) {
				continue
			}
			if !hasBucketCompanion(d, "aws_s3_bucket_public_access_block", b, allTrue) {
				out = append(out, finding(id, b, b.DefRange(), "%s needs an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true", b.Address()))
			}
		}
	}
	return out
}

// --- rds-protection

func checkRDSProtection(r *Repo) []Finding {
	const id = "rds-protection"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource", "aws_db_instance") {
			if b.Allows(id) {
				continue
			}
			// The unprotected half of a protected/unprotected pair (stg) may say false, but
			// must say it; everything else needs deletion protection.
			name := b.Labels[1]
			unprotectedHalf := name == "unprotected" || strings.HasSuffix(name, "_unprotected")
			if v, ok := literalBool(b.Body, "deletion_protection"); !ok || (!v && !unprotectedHalf) {
				out = append(out, finding(id, b, b.DefRange(), "%s must set deletion_protection = true", b.Address()))
			}
			attr, ok := b.Body.Attributes["backup_retention_period"]
			if !ok {
				out = append(out, finding(id, b, b.DefRange(), "%s must set backup_retention_period (at least 1 day; point-in-time recovery needs it)", b.Address()))
				continue
			}
			if v, diags := attr.Expr.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().FriendlyName() == "number" {
				if f, _ := v.AsBigFloat().Float64(); f < 1 {
					out = append(out, finding(id, b, attr.SrcRange, "%s backup_retention_period must be at least 1; 0 disables backups and point-in-time recovery", b.Address()))
				}
			}
		}
	}
	return out
}

// --- iam-wildcard

var serviceWildcard = regexp.MustCompile(`^[a-z0-9-]+:\*$`)

func checkIAMWildcard(r *Repo) []Finding {
	const id = "iam-wildcard"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("data", "aws_iam_policy_document") {
			for _, st := range nestedBlocks(b.Body, "statement") {
				if allowsIn(b.Src, st.Range(), id) {
					continue
				}
				if effect, ok := literalString(st.Body, "effect"); ok && effect == "Deny" {
					continue
				}
				for _, key := range []string{"actions", "resources"} {
					attr, ok := st.Body.Attributes[key]
					if !ok {
						continue
					}
					for _, s := range literalStrings(attr.Expr) {
						bad := s == "*" || (key == "actions" && serviceWildcard.MatchString(s))
						if bad {
							out = append(out, finding(id, b, attr.SrcRange, "%s grants %s %q; name exact %s, or document the exception with a '# tfpolicy:allow %s -- reason' comment in the statement", b.Address(), key, s, key, id))
						}
					}
				}
			}
		}
	}
	return out
}

// literalStrings returns the literal string elements of a tuple expression (or a lone string).
func literalStrings(expr hclsyntax.Expression) []string {
	var out []string
	var exprs []hclsyntax.Expression
	if t, ok := expr.(*hclsyntax.TupleConsExpr); ok {
		exprs = t.Exprs
	} else {
		exprs = []hclsyntax.Expression{expr}
	}
	for _, e := range exprs {
		if tmpl, ok := e.(*hclsyntax.TemplateExpr); ok && tmpl.IsStringLiteral() {
			v, _ := tmpl.Value(nil)
			out = append(out, v.AsString())
		}
	}
	return out
}

// --- lambda-permission-source

func checkLambdaPermission(r *Repo) []Finding {
	const id = "lambda-permission-source"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource", "aws_lambda_permission") {
			if b.Allows(id) {
				continue
			}
			if _, ok := b.Body.Attributes["source_arn"]; !ok {
				out = append(out, finding(id, b, b.DefRange(), "%s must set source_arn so only that resource may invoke the function", b.Address()))
			}
		}
	}
	return out
}

// --- ecs-separate-roles

func checkECSRoles(r *Repo) []Finding {
	const id = "ecs-separate-roles"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, b := range d.Of("resource", "aws_ecs_task_definition") {
			if b.Allows(id) {
				continue
			}
			task, okT := b.Body.Attributes["task_role_arn"]
			exec, okE := b.Body.Attributes["execution_role_arn"]
			if !okT || !okE {
				out = append(out, finding(id, b, b.DefRange(), "%s must set both task_role_arn and execution_role_arn", b.Address()))
				continue
			}
			if strings.Join(references(task.Expr), ",") == strings.Join(references(exec.Expr), ",") {
				out = append(out, finding(id, b, task.SrcRange, "%s uses the same role as task and execution role; the application must not hold the image-pull and secret-read permissions", b.Address()))
			}
		}
	}
	return out
}

// --- backend-lockfile

func checkBackendLockfile(r *Repo) []Finding {
	const id = "backend-lockfile"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, tf := range d.Of("terraform") {
			for _, be := range tf.Body.Blocks {
				if be.Type != "backend" || tf.Allows(id) {
					continue
				}
				if len(be.Labels) != 1 || be.Labels[0] != "s3" {
					out = append(out, finding(id, tf, be.DefRange(), "backend %q: stacks keep state in the S3 backend", strings.Join(be.Labels, " ")))
					continue
				}
				if v, ok := literalBool(be.Body, "use_lockfile"); !ok || !v {
					out = append(out, finding(id, tf, be.DefRange(), "backend s3 must set use_lockfile = true so two applies never run at once"))
				}
			}
		}
	}
	return out
}

// --- pinned-providers

var oneMinor = regexp.MustCompile(`^~>\s*\d+\.\d+\.\d+$`)

func checkPinnedProviders(r *Repo) []Finding {
	const id = "pinned-providers"
	var out []Finding
	for _, d := range r.SortedDirs() {
		tfs := d.Of("terraform")
		hasRequiredVersion := false
		for _, tf := range tfs {
			if _, ok := tf.Body.Attributes["required_version"]; ok {
				hasRequiredVersion = true
			}
			for _, rp := range nestedBlocks(tf.Body, "required_providers") {
				for name, attr := range rp.Body.Attributes {
					obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
					if !ok {
						out = append(out, finding(id, tf, attr.SrcRange, "provider %s must be { source = ..., version = ... }", name))
						continue
					}
					version := ""
					for _, item := range obj.Items {
						k, _ := item.KeyExpr.Value(nil)
						if k.Type().FriendlyName() == "string" && k.AsString() == "version" {
							if v, diags := item.ValueExpr.Value(nil); !diags.HasErrors() {
								version = v.AsString()
							}
						}
					}
					switch {
					case version == "":
						out = append(out, finding(id, tf, attr.SrcRange, "provider %s has no version constraint", name))
					case d.IsRoot() && !oneMinor.MatchString(version):
						out = append(out, finding(id, tf, attr.SrcRange, "root stacks pin provider %s to one minor with \"~> X.Y.Z\", got %q", name, version))
					case !d.IsRoot() && !strings.Contains(version, "<") && !strings.HasPrefix(strings.TrimSpace(version), "~>"):
						out = append(out, finding(id, tf, attr.SrcRange, "provider %s version %q has no upper bound; use \">= X.Y, < N.0\"", name, version))
					}
				}
			}
		}
		if len(d.Blocks) > 0 && !hasRequiredVersion && !strings.Contains(d.Path, "/tests") {
			b := d.Blocks[0]
			out = append(out, Finding{Rule: id, Pos: b.File + ":1", Message: fmt.Sprintf("%s has no terraform { required_version = \">= 1.11, < 2.0\" }", d.Path)})
		}
	}
	return out
}

// --- allowed-account-ids

func checkAllowedAccountIDs(r *Repo) []Finding {
	const id = "allowed-account-ids"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, p := range d.Of("provider", "aws") {
			if p.Allows(id) {
				continue
			}
			if _, ok := p.Body.Attributes["allowed_account_ids"]; !ok {
				out = append(out, finding(id, p, p.DefRange(), "provider aws must set allowed_account_ids to the environment's account, so code for one environment can never be applied to another"))
			}
		}
	}
	return out
}

// --- prevent-destroy

// stateful are the resource types that hold data an environment may need to keep.
var stateful = map[string]bool{
	"aws_db_instance": true, "aws_rds_cluster": true, "aws_s3_bucket": true, "aws_dynamodb_table": true,
	"aws_sqs_queue": true, // undelivered messages, and failed ones in dead-letter queues
}

func hasPreventDestroy(b *hclsyntax.Block) bool {
	for _, lc := range nestedBlocks(b.Body, "lifecycle") {
		if v, ok := literalBool(lc.Body, "prevent_destroy"); ok && v {
			return true
		}
	}
	return false
}

func checkPreventDestroy(r *Repo) []Finding {
	const id = "prevent-destroy"
	var out []Finding
	for _, d := range r.SortedDirs() {
		// Stateful resources are either always protected, or the "unprotected" half of a
		// protected/unprotected pair chosen by var.protected ("unprotected" and "protected", or
		// "<x>_unprotected" and "<x>_protected" when a module holds several).
		for _, b := range d.Of("resource") {
			if !stateful[b.Labels[0]] || b.Allows(id) || hasPreventDestroy(b.Block) {
				continue
			}
			name := b.Labels[1]
			var twin *Block
			if name == "unprotected" || strings.HasSuffix(name, "_unprotected") {
				twin = d.Resource(b.Labels[0], strings.TrimSuffix(name, "unprotected")+"protected")
			}
			count, hasCount := b.Body.Attributes["count"]
			switch {
			case twin == nil || !hasPreventDestroy(twin.Block):
				out = append(out, finding(id, b, b.DefRange(), "%s holds data but has no lifecycle { prevent_destroy = true }; either add it, or name it \"[<x>_]unprotected\" next to a \"[<x>_]protected\" twin that has it (see modules/s3-bucket)", b.Address()))
			case !hasCount || !contains(references(count.Expr), "var.protected"):
				out = append(out, finding(id, b, b.DefRange(), "%s must exist only when var.protected is false (count = var.protected ? 0 : 1)", b.Address()))
			}
		}
		// Module calls to something with a "protected" input: prd roots pass the literal true;
		// everything else passes it on (var.protected) or a literal.
		inPrd := strings.HasPrefix(d.Path, "terraform/prd/")
		for _, m := range d.Of("module") {
			target := r.ModuleTarget(d, m)
			if target == nil || !target.HasVariable("protected") || m.Allows(id) {
				continue
			}
			attr, ok := m.Body.Attributes["protected"]
			if !ok {
				out = append(out, finding(id, m, m.DefRange(), "%s calls %s without protected", m.Address(), target.Path))
				continue
			}
			v, isLiteral := literalBool(m.Body, "protected")
			switch {
			case inPrd && (!isLiteral || !v):
				out = append(out, finding(id, m, attr.SrcRange, "%s in prd must pass protected = true as a literal, so prevent_destroy is visible in review", m.Address()))
			case !isLiteral && !contains(references(attr.Expr), "var.protected"):
				out = append(out, finding(id, m, attr.SrcRange, "%s must pass protected = var.protected (or a literal), not a computed value", m.Address()))
			}
		}
	}
	return out
}

// --- remote-state-outputs

var stackFromKey = regexp.MustCompile(`^/([a-z0-9-]+)/terraform\.tfstate$`)

// remoteStateStack returns the stack a terraform_remote_state block reads: the key must be
// "${var.environment}/<stack>/terraform.tfstate" (or a literal "<env>/<stack>/...").
func remoteStateStack(b *Block) (string, bool) {
	for _, cfg := range []*hclsyntax.Body{b.Body} {
		attr, ok := cfg.Attributes["config"]
		if !ok {
			return "", false
		}
		obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
		if !ok {
			return "", false
		}
		for _, item := range obj.Items {
			k, _ := item.KeyExpr.Value(nil)
			if k.Type().FriendlyName() != "string" || k.AsString() != "key" {
				continue
			}
			tmpl, ok := item.ValueExpr.(*hclsyntax.TemplateExpr)
			if !ok {
				return "", false
			}
			var tail strings.Builder
			for _, part := range tmpl.Parts[1:] {
				lit, ok := part.(*hclsyntax.LiteralValueExpr)
				if !ok {
					return "", false
				}
				tail.WriteString(lit.Val.AsString())
			}
			if m := stackFromKey.FindStringSubmatch(tail.String()); m != nil {
				return m[1], true
			}
			if v, diags := tmpl.Value(nil); !diags.HasErrors() {
				parts := strings.Split(v.AsString(), "/")
				if len(parts) == 3 {
					return parts[1], true
				}
			}
		}
	}
	return "", false
}

// environments returns the environment directories under terraform/ (stg, prd, ...): every
// directory that holds stack roots.
func (r *Repo) environments() []string {
	seen := map[string]bool{}
	for p, d := range r.Dirs {
		parts := strings.Split(p, "/")
		if len(parts) == 3 && parts[0] == "terraform" && d.IsRoot() {
			seen[parts[1]] = true
		}
	}
	var out []string
	for e := range seen {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

func checkRemoteStateOutputs(r *Repo) []Finding {
	const id = "remote-state-outputs"
	var out []Finding
	envs := r.environments()
	for _, d := range r.SortedDirs() {
		for _, rs := range d.Of("data", "terraform_remote_state") {
			name := rs.Labels[1]
			stack, ok := remoteStateStack(rs)
			if !ok {
				out = append(out, finding(id, rs, rs.DefRange(), "%s: config.key must be \"${var.environment}/<stack>/terraform.tfstate\" so the producer is known", rs.Address()))
				continue
			}
			// Every output name the directory reads from this data source.
			read := map[string]hcl.Range{}
			for _, b := range d.Blocks {
				for _, attr := range allAttributes(b.Body) {
					for _, ref := range references(attr.Expr) {
						prefix := "data.terraform_remote_state." + name + ".outputs."
						if strings.HasPrefix(ref, prefix) {
							out := strings.SplitN(strings.TrimPrefix(ref, prefix), ".", 2)[0]
							if _, seen := read[out]; !seen {
								read[out] = attr.SrcRange
							}
						}
					}
				}
			}
			names := make([]string, 0, len(read))
			for n := range read {
				names = append(names, n)
			}
			sort.Strings(names)
			producers := 0
			for _, env := range envs {
				producer := r.Dirs["terraform/"+env+"/"+stack]
				if producer == nil {
					continue
				}
				producers++
				for _, n := range names {
					if !producer.HasOutput(n) {
						out = append(out, finding(id, rs, read[n], "%s reads output %q, which %s does not publish; add it to the producer's outputs.tf", rs.Address(), n, producer.Path))
					}
				}
			}
			if producers == 0 {
				out = append(out, finding(id, rs, rs.DefRange(), "%s reads stack %q, but no terraform/<env>/%s root exists", rs.Address(), stack, stack))
			}
		}
	}
	return out
}

// --- backend-key

// envStateBucket returns the state_bucket local of terraform/<env>/env, when it is a literal.
func (r *Repo) envStateBucket(env string) (string, bool) {
	d := r.Dirs["terraform/"+env+"/env"]
	if d == nil {
		return "", false
	}
	for _, l := range d.Of("locals") {
		if v, ok := literalString(l.Body, "state_bucket"); ok {
			return v, true
		}
	}
	return "", false
}

// checkBackendKey catches the copy-paste error that would make two stacks share one state:
// a thin root's key must name its own environment and stack, and its bucket must be the one
// its environment's data names.
func checkBackendKey(r *Repo) []Finding {
	const id = "backend-key"
	var out []Finding
	for _, d := range r.SortedDirs() {
		parts := strings.Split(d.Path, "/")
		if len(parts) != 3 || parts[0] != "terraform" || !d.IsRoot() {
			continue
		}
		env, stack := parts[1], parts[2]
		for _, tf := range d.Of("terraform") {
			for _, be := range nestedBlocks(tf.Body, "backend") {
				if tf.Allows(id) {
					continue
				}
				wantKey := env + "/" + stack + "/terraform.tfstate"
				if key, ok := literalString(be.Body, "key"); !ok || key != wantKey {
					out = append(out, finding(id, tf, be.DefRange(), "backend key must be %q for %s (got %q); a copied root must not share another stack's state", wantKey, d.Path, key))
				}
				wantBucket, known := r.envStateBucket(env)
				if bucket, ok := literalString(be.Body, "bucket"); known && (!ok || bucket != wantBucket) {
					out = append(out, finding(id, tf, be.DefRange(), "backend bucket must be %q, the state_bucket of terraform/%s/env (got %q)", wantBucket, env, bucket))
				}
			}
		}
	}
	return out
}

// --- module-interface

// metaArguments are module block arguments that are not inputs of the called module.
var metaArguments = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

// hasDefault reports whether a variable block declares a default (optional input).
func hasDefault(v *Block) bool {
	_, ok := v.Body.Attributes["default"]
	return ok
}

// checkModuleInterface is what `terraform validate` would say about module wiring, offline:
// validate needs the providers, which cannot be installed here.
func checkModuleInterface(r *Repo) []Finding {
	const id = "module-interface"
	var out []Finding
	for _, d := range r.SortedDirs() {
		targets := map[string]*Dir{}
		for _, m := range d.Of("module") {
			target := r.ModuleTarget(d, m)
			if target == nil || m.Allows(id) {
				continue
			}
			targets[m.Labels[0]] = target
			for name, attr := range m.Body.Attributes {
				if !metaArguments[name] && !target.HasVariable(name) {
					out = append(out, finding(id, m, attr.SrcRange, "%s passes %q, which %s does not declare", m.Address(), name, target.Path))
				}
			}
			for _, v := range target.Of("variable") {
				if _, passed := m.Body.Attributes[v.Labels[0]]; !passed && !hasDefault(v) {
					out = append(out, finding(id, m, m.DefRange(), "%s does not pass required input %q of %s", m.Address(), v.Labels[0], target.Path))
				}
			}
		}
		for _, b := range d.Blocks {
			for _, attr := range allAttributes(b.Body) {
				for _, ref := range references(attr.Expr) {
					parts := strings.Split(ref, ".")
					if len(parts) < 3 || parts[0] != "module" {
						continue
					}
					target, ok := targets[parts[1]]
					if ok && !target.HasOutput(parts[2]) {
						out = append(out, finding(id, b, attr.SrcRange, "%s reads module.%s.%s, which %s does not output", b.Address(), parts[1], parts[2], target.Path))
					}
				}
			}
		}
	}
	return out
}

// --- thin-roots

// thinRootBlocks are the block types a terraform/<env>/<stack> root may hold: wiring, not code.
var thinRootBlocks = map[string]bool{"terraform": true, "provider": true, "module": true, "output": true, "moved": true, "removed": true, "import": true}

// checkThinRoots keeps environment differences in data: the code lives in terraform/stacks,
// roots only wire it up, and no environment grows a stack or an output the others lack.
func checkThinRoots(r *Repo) []Finding {
	const id = "thin-roots"
	var out []Finding
	envs := r.environments()
	stacks := map[string]map[string]*Dir{} // stack -> env -> root
	for _, d := range r.SortedDirs() {
		parts := strings.Split(d.Path, "/")
		if len(parts) != 3 || parts[0] != "terraform" || !d.IsRoot() || !contains(envs, parts[1]) {
			continue
		}
		if stacks[parts[2]] == nil {
			stacks[parts[2]] = map[string]*Dir{}
		}
		stacks[parts[2]][parts[1]] = d
		for _, b := range d.Blocks {
			if !thinRootBlocks[b.Type] && !b.Allows(id) {
				out = append(out, finding(id, b, b.DefRange(), "%s: a %s block in an environment root; put it in terraform/stacks/%s and pass the environment's values in", d.Path, b.Type, parts[2]))
			}
		}
	}
	names := make([]string, 0, len(stacks))
	for n := range stacks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, stack := range names {
		roots := stacks[stack]
		outputs := map[string]bool{}
		for _, d := range roots {
			for _, o := range d.Of("output") {
				outputs[o.Labels[0]] = true
			}
		}
		for _, env := range envs {
			d, ok := roots[env]
			if !ok {
				for _, other := range roots {
					out = append(out, Finding{Rule: id, Pos: other.Path, Message: fmt.Sprintf("stack %s exists in %s but not in terraform/%s; every environment runs the same stacks", stack, other.Path, env)})
					break
				}
				continue
			}
			for _, o := range sortedKeys(outputs) {
				if !d.HasOutput(o) {
					out = append(out, Finding{Rule: id, Pos: d.Path, Message: fmt.Sprintf("%s lacks output %q that another environment's %s publishes", d.Path, o, stack)})
				}
			}
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// --- declaration-order

func checkDeclarationOrder(r *Repo) []Finding {
	const id = "declaration-order"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, typ := range []string{"variable", "output"} {
			prev := map[string]*Block{} // file -> previous block of typ
			for _, b := range d.Of(typ) {
				if p, ok := prev[b.File]; ok && len(b.Labels) == 1 && b.Labels[0] < p.Labels[0] {
					out = append(out, finding(id, b, b.DefRange(), "%s %q comes after %q; keep %ss in alphabetical order", typ, b.Labels[0], p.Labels[0], typ))
				}
				prev[b.File] = b
			}
		}
	}
	return out
}

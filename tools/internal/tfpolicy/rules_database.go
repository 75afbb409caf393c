package tfpolicy

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The database-auth rule lives in its own file and registers itself, so that rules added to
// rules.go in parallel do not touch the same lines.
func init() {
	Rules = append(Rules, Rule{
		ID:          "database-auth",
		Description: "ECS services log in to PostgreSQL as their own role with IAM database authentication: no master secret or DATABASE_URL in a task definition, and rds-db:connect for the DATABASE_USER they set",
		Check:       checkDatabaseAuth,
	})
}

// masterSecretOutputs are the names under which the RDS master user's secret travels
// (modules/rds-postgres output, database stack output).
var masterSecretOutputs = []string{"master_user_secret", "database_secret_arn"}

// checkDatabaseAuth looks at every call of modules/ecs-service. Services must not receive the
// master password (RDS rotates it every 7 days, while ECS injects a secret only at task
// start, and the master may do anything); they set DATABASE_USER and may connect as exactly
// that user: the task role needs rds-db:connect on ...:dbuser:<resource id>/<that user>.
func checkDatabaseAuth(r *Repo) []Finding {
	const id = "database-auth"
	var out []Finding
	for _, d := range r.SortedDirs() {
		for _, m := range d.Of("module") {
			src, _ := literalString(m.Body, "source")
			if !strings.HasSuffix(src, "modules/ecs-service") || m.Allows(id) {
				continue
			}
			if attr, ok := m.Body.Attributes["secrets"]; ok {
				for _, ref := range references(attr.Expr) {
					for _, name := range masterSecretOutputs {
						if strings.Contains(ref, name) {
							out = append(out, finding(id, m, attr.SrcRange, "%s injects the database master secret (%s); services log in as their own role with IAM database authentication (DATABASE_USER and rds-db:connect), the master is for the bootstrap only", m.Address(), ref))
						}
					}
				}
			}
			env := objectItems(m.Body.Attributes["environment_variables"])
			if item, ok := env["DATABASE_URL"]; ok {
				out = append(out, finding(id, m, item.KeyExpr.Range(), "%s sets DATABASE_URL, a password login; set DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, AWS_REGION and DATABASE_CA_FILE for IAM database authentication", m.Address()))
			}
			item, ok := env["DATABASE_USER"]
			if !ok {
				continue
			}
			user, ok := stringValue(item.ValueExpr)
			if !ok {
				out = append(out, finding(id, m, item.ValueExpr.Range(), "%s: DATABASE_USER must be a literal, so reviewers and this rule see which role the service logs in as", m.Address()))
				continue
			}
			if !grantsConnect(m.Body.Attributes["task_policy_statements"], user) {
				rng := m.DefRange()
				if attr, ok := m.Body.Attributes["task_policy_statements"]; ok {
					rng = attr.SrcRange
				}
				out = append(out, finding(id, m, rng, "%s logs in as %q but its task_policy_statements grant no rds-db:connect on arn:aws:rds-db:<region>:<account>:dbuser:<database_resource_id>/%s", m.Address(), user, user))
			}
		}
	}
	return out
}

// objectItems returns the items of an object constructor attribute by literal key.
func objectItems(attr *hclsyntax.Attribute) map[string]hclsyntax.ObjectConsItem {
	out := map[string]hclsyntax.ObjectConsItem{}
	if attr == nil {
		return out
	}
	obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return out
	}
	for _, item := range obj.Items {
		if k, ok := stringValue(item.KeyExpr); ok {
			out[k] = item
		}
	}
	return out
}

// stringValue evaluates an expression that needs no variables (a literal, a bare object key).
func stringValue(expr hclsyntax.Expression) (string, bool) {
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return "", false
	}
	return v.AsString(), true
}

// grantsConnect reports whether a list of statement objects ({sid, actions, resources}) has
// one allowing rds-db:connect on a "...:dbuser:<...>/<user>" resource.
func grantsConnect(attr *hclsyntax.Attribute, user string) bool {
	if attr == nil {
		return false
	}
	list, ok := attr.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return false
	}
	for _, e := range list.Exprs {
		obj, ok := e.(*hclsyntax.ObjectConsExpr)
		if !ok {
			continue
		}
		fields := map[string]hclsyntax.Expression{}
		for _, item := range obj.Items {
			if k, ok := stringValue(item.KeyExpr); ok {
				fields[k] = item.ValueExpr
			}
		}
		if fields["actions"] == nil || !contains(literalStrings(fields["actions"]), "rds-db:connect") {
			continue
		}
		resources, ok := fields["resources"].(*hclsyntax.TupleConsExpr)
		if !ok {
			continue
		}
		for _, res := range resources.Exprs {
			if dbUserOf(res) == user {
				return true
			}
		}
	}
	return false
}

// dbUserOf returns the database user an rds-db ARN template names: the literal text after
// the last "/" when the template says ":dbuser:", else "".
func dbUserOf(expr hclsyntax.Expression) string {
	tmpl, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || len(tmpl.Parts) == 0 {
		return ""
	}
	var text strings.Builder
	for _, p := range tmpl.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().Equals(cty.String) {
			text.WriteString(lit.Val.AsString())
		} else {
			text.WriteString("${}")
		}
	}
	s := text.String()
	if !strings.HasPrefix(s, "arn:aws:rds-db:") || !strings.Contains(s, ":dbuser:") {
		return ""
	}
	last, ok := tmpl.Parts[len(tmpl.Parts)-1].(*hclsyntax.LiteralValueExpr)
	if !ok {
		return ""
	}
	tail := last.Val.AsString()
	i := strings.LastIndex(tail, "/")
	if i < 0 {
		return ""
	}
	return tail[i+1:]
}

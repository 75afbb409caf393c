// Package destroyguard checks a saved terraform plan (the JSON of `terraform show -json
// PLAN`) for deletes and replacements. Every one fails the check unless its address is
// acknowledged explicitly; deletes of stateful types (databases, buckets, tables, queues,
// repositories, ...) are marked critical because their data goes with them.
package destroyguard

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// StatefulTypes are the resource types whose deletion loses data. Their deletes and
// replacements are reported as critical.
var StatefulTypes = map[string]bool{
	"aws_db_instance": true, "aws_rds_cluster": true, "aws_rds_cluster_instance": true,
	"aws_db_snapshot": true, "aws_dynamodb_table": true, "aws_s3_bucket": true,
	"aws_sqs_queue": true, "aws_ecr_repository": true, "aws_efs_file_system": true,
	"aws_elasticache_cluster": true, "aws_elasticache_replication_group": true,
	"aws_kms_key": true, "aws_secretsmanager_secret": true, "aws_ssm_parameter": true,
	"aws_cloudwatch_log_group": true, "aws_backup_vault": true, "aws_sesv2_email_identity": true,
}

// Finding is one delete or replacement in the plan.
type Finding struct {
	// Address is the resource instance address, nested modules included.
	Address string
	// Type is the resource type.
	Type string
	// Action is "delete", "replace (destroy before create)" or "replace (create before destroy)".
	Action string
	// Reason is terraform's action_reason ("" when terraform gave none).
	Reason string
	// ForcedBy lists the attribute paths that force a replacement (replace_paths).
	ForcedBy []string
	// Critical is true for stateful types.
	Critical bool
	// Allowed is true when the address was acknowledged.
	Allowed bool
}

// Report is the result of a check.
type Report struct {
	// Findings lists every delete and replacement, in plan order.
	Findings []Finding
	// UnusedAllows are acknowledged addresses that match nothing in the plan (typos, or
	// leftovers from an earlier change).
	UnusedAllows []string
}

// Blocked returns the findings that were not acknowledged.
func (r Report) Blocked() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if !f.Allowed {
			out = append(out, f)
		}
	}
	return out
}

// Parse reads and validates plan JSON.
func Parse(rd io.Reader) (*tfjson.Plan, error) {
	var p tfjson.Plan
	if err := json.NewDecoder(rd).Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan json (want the output of terraform show -json PLANFILE): %w", err)
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("validate plan json: %w", err)
	}
	return &p, nil
}

// Check lists the plan's deletes and replacements and marks those whose exact address is in
// allow. Forget actions (removed blocks with destroy = false) are not deletes.
func Check(p *tfjson.Plan, allow []string) Report {
	allowed := map[string]bool{}
	for _, a := range allow {
		if a = strings.TrimSpace(a); a != "" {
			allowed[a] = false
		}
	}
	var r Report
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
			continue
		}
		acts := rc.Change.Actions
		var action string
		switch {
		case acts.DestroyBeforeCreate():
			action = "replace (destroy before create)"
		case acts.CreateBeforeDestroy():
			action = "replace (create before destroy)"
		case acts.Delete():
			action = "delete"
		default:
			continue
		}
		f := Finding{
			Address: rc.Address, Type: rc.Type, Action: action, Reason: string(rc.ActionReason),
			Critical: StatefulTypes[rc.Type], ForcedBy: paths(rc.Change.ReplacePaths),
		}
		if _, ok := allowed[rc.Address]; ok {
			f.Allowed = true
			allowed[rc.Address] = true
		}
		r.Findings = append(r.Findings, f)
	}
	for a, used := range allowed {
		if !used {
			r.UnusedAllows = append(r.UnusedAllows, a)
		}
	}
	sort.Strings(r.UnusedAllows)
	return r
}

// paths renders replace_paths ([["tags","Name"],["name"]]) as "tags.Name", "name".
func paths(ps []interface{}) []string {
	var out []string
	for _, p := range ps {
		steps, ok := p.([]interface{})
		if !ok {
			continue
		}
		parts := make([]string, 0, len(steps))
		for _, s := range steps {
			parts = append(parts, fmt.Sprint(s))
		}
		out = append(out, strings.Join(parts, "."))
	}
	return out
}

// Write prints the report for a person and for a PR comment (plain text, one line per
// finding). It returns the writer's error.
func (r Report) Write(w io.Writer) error {
	var b strings.Builder
	if len(r.Findings) == 0 {
		b.WriteString("destroy guard: no deletes or replacements in the plan\n")
	}
	for _, f := range r.Findings {
		status := "BLOCKED"
		if f.Allowed {
			status = "ALLOWED"
		}
		severity := ""
		if f.Critical {
			severity = " CRITICAL (stateful: its data goes with it)"
		}
		fmt.Fprintf(&b, "%s %s: %s%s", status, f.Address, f.Action, severity)
		if f.Reason != "" {
			fmt.Fprintf(&b, "; reason: %s", f.Reason)
		}
		if len(f.ForcedBy) > 0 {
			fmt.Fprintf(&b, "; forced by: %s", strings.Join(f.ForcedBy, ", "))
		}
		b.WriteString("\n")
	}
	for _, a := range r.UnusedAllows {
		fmt.Fprintf(&b, "warning: allowed address %s is not deleted or replaced by this plan\n", a)
	}
	if blocked := r.Blocked(); len(blocked) > 0 {
		addrs := make([]string, len(blocked))
		for i, f := range blocked {
			addrs[i] = f.Address
		}
		fmt.Fprintf(&b, "destroy guard: %d delete(s)/replacement(s) not acknowledged; if intended, rerun with ALLOW_DESTROY=%s\n",
			len(blocked), strings.Join(addrs, ","))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write destroy guard report: %w", err)
	}
	return nil
}

package tfpolicy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfpolicy"
)

// loadFixture reads testdata/plan/<rule>/<kind>.json as the plan of terraform/stg/shared, with
// the rule's names.golden when the fixture has one.
func loadFixture(t *testing.T, rule, kind string) (*tfpolicy.PlanFile, tfpolicy.PlanOptions) {
	t.Helper()
	dir := filepath.Join("testdata", "plan", rule)
	p, err := tfpolicy.LoadPlan(filepath.Join(dir, kind+".json"))
	require.NoError(t, err)
	p.Stack = "terraform/stg/shared"
	var opts tfpolicy.PlanOptions
	if golden := filepath.Join(dir, "names.golden"); fileExists(golden) {
		opts.NamesGolden = golden
	}
	if fileExists(filepath.Join(dir, "design-docs")) {
		opts.DocsRoot = dir
	}
	return p, opts
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestCheckPlan_RuleFixtures requires every plan rule to fail on its fixture
// testdata/plan/<rule>/fail.json, and every rule to pass testdata/plan/<rule>/pass.json.
func TestCheckPlan_RuleFixtures(t *testing.T) {
	t.Parallel()
	for _, rule := range tfpolicy.PlanRules {
		t.Run(rule.ID, func(t *testing.T) {
			t.Parallel()
			bad, opts := loadFixture(t, rule.ID, "fail")
			good, goodOpts := loadFixture(t, rule.ID, "pass")

			findings := tfpolicy.CheckPlan(bad, opts, rule.ID)
			passing := tfpolicy.CheckPlan(good, goodOpts)

			require.NotEmpty(t, findings, "rule %s did not fail on its fixture", rule.ID)
			for _, f := range findings {
				require.Equal(t, rule.ID, f.Rule)
				require.NotEmpty(t, f.Address)
				require.NotEmpty(t, f.Message)
			}
			require.Empty(t, passing, "the passing fixture of %s must pass every plan rule", rule.ID)
		})
	}
}

// TestCheckPlan_Findings pins the findings of the fixtures shaped like the code issue 12
// found wrong (items 9, 10, 12, 13), so each message says what to do.
func TestCheckPlan_Findings(t *testing.T) {
	t.Parallel()
	const secret = "arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:rds!db-0a1b2c3d-AbCdEf"
	tests := []struct {
		name string
		rule string
		want []string
	}{
		{
			name: "ExecutionRoleSecretWithJSONKey", // issue 12 item 9
			rule: "plan-secret-arn",
			want: []string{
				`testdata/plan/plan-secret-arn/fail.json: plan-secret-arn: module.stack.module.service.aws_iam_role_policy.execution_secrets[0]: policy statement "ReadStartupSecrets" names "` + secret + `:password::", a JSON key or version of a secret: IAM matches the secret's ARN only, so this grants nothing; grant "` + secret + `"`,
				`testdata/plan/plan-secret-arn/fail.json: plan-secret-arn: module.stack.module.service.aws_iam_role_policy.execution_secrets[0]: policy statement "ReadStartupSecrets" grants ssm:GetParameters on a Secrets Manager ARN, which means nothing there; drop it (Parameter Store parameters have arn:aws:ssm ARNs)`,
			},
		},
		{
			name: "MailerSendsWithoutConfigurationSetGrant", // issue 12 item 10
			rule: "plan-ses-configuration-set",
			want: []string{
				`testdata/plan/plan-ses-configuration-set/fail.json: plan-ses-configuration-set: module.stack.module.function.aws_iam_role_policy.this: tsumiki-stg-mailer-function-role may ses:SendEmail on ["arn:aws:ses:ap-northeast-1:111111111111:identity/stg.tsumiki.example"] but on no configuration set: SES also authorises the configuration set the mail is sent through, so every send is denied; add its arn:aws:ses:<region>:<account>:configuration-set/<name>`,
			},
		},
		{
			name: "ApplyRoleTrustsMainOrEnvironment", // issue 12 item 12
			rule: "plan-oidc-trust",
			want: []string{
				`testdata/plan/plan-oidc-trust/fail.json: plan-oidc-trust: module.ci_roles.aws_iam_role.apply: assume_role_policy statement 0 trusts subject "repo:tsumiki-dev/tsumiki:ref:refs/heads/main"; tsumiki-stg-ci-apply-role may trust only repo:<org>/<repo>:environment:<env> (a job without the environment skips its reviewers and branch rules)`,
				`testdata/plan/plan-oidc-trust/fail.json: plan-oidc-trust: module.ci_roles.aws_iam_role.apply: assume_role_policy statement 0 trusts 2 subjects ["repo:tsumiki-dev/tsumiki:ref:refs/heads/main" "repo:tsumiki-dev/tsumiki:environment:stg"]; a StringEquals list is an OR: trust the one environment of this account`,
				`testdata/plan/plan-oidc-trust/fail.json: plan-oidc-trust: module.ci_roles.aws_iam_role.deploy: assume_role_policy statement 0 matches sub with StringLike ["repo:tsumiki-dev/*"]; use StringEquals with exact subjects, a pattern admits other branches, tags and pull requests`,
				`testdata/plan/plan-oidc-trust/fail.json: plan-oidc-trust: module.ci_roles.aws_iam_role.deploy: assume_role_policy statement 0 trusts GitHub without a StringEquals condition on token.actions.githubusercontent.com:sub: any repository's workflow could assume tsumiki-stg-ci-deploy-role`,
			},
		},
		{
			name: "PlanRoleReadsData", // issue 12 item 13
			rule: "plan-ci-read-only",
			want: []string{
				`testdata/plan/plan-ci-read-only/fail.json: plan-ci-read-only: module.ci_roles.aws_iam_role_policy.plan_state: policy statement "ReadConfiguration" lets tsumiki-stg-ci-plan-role dynamodb:GetItem, which reads data, not configuration; the plan role reads state and configuration only`,
				`testdata/plan/plan-ci-read-only/fail.json: plan-ci-read-only: module.ci_roles.aws_iam_role_policy.plan_state: policy statement "ReadConfiguration" lets tsumiki-stg-ci-plan-role dynamodb:GetRecords, which reads data, not configuration; the plan role reads state and configuration only`,
				`testdata/plan/plan-ci-read-only/fail.json: plan-ci-read-only: module.ci_roles.aws_iam_role_policy_attachment.plan_managed: tsumiki-stg-ci-plan-role gets arn:aws:iam::aws:policy/ReadOnlyAccess, which reads data (objects, items, messages, secrets) that a pull request's plan could print; use job-function/ViewOnlyAccess plus the configuration reads of modules/github-oidc-role`,
			},
		},
		{
			name: "RenamedCluster",
			rule: "plan-names",
			want: []string{
				`testdata/plan/plan-names/fail.json: plan-names: module.stack.module.cluster.aws_ecs_cluster.this: name = "tsumiki-stg-platform-ecs", but names.golden has "tsumiki-stg-platform-cluster" for terraform/stg/shared: a rename replaces the resource; if intended, make tf/names-update and review the diff`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, opts := loadFixture(t, tt.rule, "fail")

			var got []string
			for _, f := range tfpolicy.CheckPlan(p, opts, tt.rule) {
				got = append(got, f.String())
			}

			require.Equal(t, tt.want, got)
		})
	}
}

// TestStackFromPlanPath names the stack of the plan files mk/tf.sh writes.
func TestStackFromPlanPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
		want string
	}{
		{name: "Stack", path: ".local/tf/stg-todo-api.tfplan.json", want: "terraform/stg/todo-api"},
		{name: "Bootstrap", path: "/x/.local/tf/prd-bootstrap.tfplan.json", want: "terraform/bootstrap:env/prd.tfvars"},
		{name: "Unknown", path: "plan.json", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tfpolicy.StackFromPlanPath(tt.path))
		})
	}
}

// TestPlanRule_Skipped requires plan-names to say why it cannot judge a plan whose stack it
// does not know, instead of passing silently.
func TestPlanRule_Skipped(t *testing.T) {
	t.Parallel()
	p, opts := loadFixture(t, "plan-names", "fail")
	p.Stack = ""
	var names tfpolicy.PlanRule
	for _, r := range tfpolicy.PlanRules {
		if r.ID == "plan-names" {
			names = r
		}
	}
	require.NotNil(t, names.Skipped)

	reason := names.Skipped(p, opts)

	require.Contains(t, reason, "stack is unknown")
	require.Empty(t, tfpolicy.CheckPlan(p, opts, "plan-names"))
}

// TestCheckPlan_AlarmRunbook pins what the runbook rule says about each way an alarm can miss
// its runbook: an anchor the doc lacks, no runbook at all, a heading outside "## Runbooks" or
// inside a code block, and a design doc that does not exist.
func TestCheckPlan_AlarmRunbook(t *testing.T) {
	t.Parallel()
	bad, opts := loadFixture(t, "plan-alarm-runbook", "fail")

	findings := tfpolicy.CheckPlan(bad, opts, "plan-alarm-runbook")

	got := map[string]string{}
	for _, f := range findings {
		got[f.Address] = f.Message
	}
	const prefix = `module.stack.module.alarms.aws_cloudwatch_metric_alarm.this`
	require.Len(t, got, 5)
	require.Contains(t, got[prefix+`["ecs-cpu"]`], `runbook design-docs/todo-api.md#runbook-ecs-cpu does not exist: add a "### " heading`)
	require.Contains(t, got[prefix+`["ecs-memory"]`], `does not end with design-docs/<service>.md#<anchor>`)
	require.Contains(t, got[prefix+`["outside"]`], `#runbook-not-here does not exist`)
	require.Contains(t, got[prefix+`["fenced"]`], `#runbook-in-a-code-block does not exist`)
	require.Contains(t, got[prefix+`["other-doc"]`], `open design doc`)
}

// TestCheckPlan_AlarmRunbookSkipsWithoutDocs: without a repository root the rule cannot judge
// and says so instead of passing.
func TestCheckPlan_AlarmRunbookSkipsWithoutDocs(t *testing.T) {
	t.Parallel()
	bad, _ := loadFixture(t, "plan-alarm-runbook", "fail")

	findings := tfpolicy.CheckPlan(bad, tfpolicy.PlanOptions{}, "plan-alarm-runbook")

	require.Empty(t, findings)
	for _, r := range tfpolicy.PlanRules {
		if r.ID == "plan-alarm-runbook" {
			require.Contains(t, r.Skipped(bad, tfpolicy.PlanOptions{}), "no repository root")
		}
	}
}

// TestGitHubAnchor pins the heading-to-anchor rule the runbook links rely on.
func TestGitHubAnchor(t *testing.T) {
	t.Parallel()
	require.Equal(t, "runbook-availability", tfpolicy.GitHubAnchor("Runbook: availability"))
	require.Equal(t, "runbook-alb-5xx", tfpolicy.GitHubAnchor("Runbook: alb-5xx"))
	require.Equal(t, "dead-letter-procedure", tfpolicy.GitHubAnchor("Dead-letter procedure"))
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// planFixture is a plan fixture of the tfpolicy package.
func planFixture(rule, kind string) string {
	return filepath.Join("..", "..", "internal", "tfpolicy", "testdata", "plan", rule, kind+".json")
}

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		wantErr    error
		wantErrMsg string
		wantOut    string
	}{
		{name: "RepositoryPasses", args: []string{"-root", filepath.Join("..", "..", "..")}, wantOut: "no findings"},
		{name: "FixtureFails", args: []string{"-root", filepath.Join("..", "..", "internal", "tfpolicy", "testdata", "backend-lockfile")}, wantErr: errFindings, wantOut: "[backend-lockfile]"},
		{name: "UnknownRule", args: []string{"-rule", "no-such-rule"}, wantErrMsg: `unknown rule "no-such-rule"`},
		{name: "ListsRules", args: []string{"-list"}, wantOut: "prevent-destroy"},
		{name: "ListsPlanRules", args: []string{"-list"}, wantOut: "plan-secret-arn"},
		{name: "PlanFails", args: []string{"-plan", planFixture("plan-secret-arn", "fail")}, wantErr: errFindings,
			wantOut: planFixture("plan-secret-arn", "fail") + ": plan-secret-arn: module.stack.module.service.aws_iam_role_policy.execution_secrets[0]: "},
		{name: "PlanPasses", args: []string{"-root", filepath.Join("..", "..", ".."), "-plan", planFixture("plan-secret-arn", "pass")}, wantOut: "1 resources, 10 plan rules, no findings"},
		{name: "PlanNamesSkippedSays", args: []string{"-plan", planFixture("plan-secret-arn", "pass"), "-rule", "plan-names"}, wantOut: "plan-names: skipped: no names.golden given"},
		{name: "PlanStackComparesNames", args: []string{"-root", filepath.Join("..", "..", ".."), "-stack", "terraform/stg/shared", "-plan", planFixture("plan-names", "fail")}, wantErr: errFindings, wantOut: "plan-names: module.stack.module.cluster.aws_ecs_cluster.this: name = \"tsumiki-stg-platform-ecs\""},
		{name: "HCLRuleOnPlan", args: []string{"-plan", planFixture("plan-secret-arn", "pass"), "-rule", "iam-wildcard"}, wantErrMsg: `rule "iam-wildcard" checks HCL, not plans`},
		{name: "MissingPlan", args: []string{"-plan", "no-such-plan.json"}, wantErrMsg: "read plan no-such-plan.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer

			err := run(context.Background(), tt.args, os.Getenv, &stdout, &stderr)

			switch {
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			case tt.wantErrMsg != "":
				require.ErrorContains(t, err, tt.wantErrMsg)
			default:
				require.NoError(t, err)
			}
			if tt.wantErrMsg != "" {
				require.NotErrorIs(t, err, errFindings, "a usage or load error is not a finding (exit 2, not 1)")
			}
			require.Contains(t, stdout.String(), tt.wantOut)
		})
	}
}

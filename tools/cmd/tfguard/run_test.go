package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr strings.Builder
	err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr)
	return stdout.String() + stderr.String(), err
}

const plan = "../../internal/destroyguard/testdata/aws-stack-plan.json"

func TestRun_Destroy(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		wantOut     string
		wantBlocked bool
		wantErr     string
	}{
		{name: "Blocked", args: []string{"destroy", "-plan", plan}, wantOut: "CRITICAL", wantBlocked: true},
		{
			name:    "AllAllowed",
			args:    []string{"destroy", "-plan", plan, "-allow", `aws_security_group.api,module.database.module.rds.aws_db_instance.this,module.database.module.rds.aws_db_subnet_group.this,module.exports["reports"].aws_s3_bucket.this`},
			wantOut: "ALLOWED module.database.module.rds.aws_db_instance.this",
		},
		{name: "Clean", args: []string{"destroy", "-plan", "../../internal/destroyguard/testdata/clean-plan.json"}, wantOut: "no deletes or replacements"},
		{name: "MissingPlan", args: []string{"destroy"}, wantErr: "-plan is required"},
		{name: "PlanNotFound", args: []string{"destroy", "-plan", "nope.json"}, wantErr: "open plan"},
		{name: "UnknownSubcommand", args: []string{"apply"}, wantErr: `unknown subcommand "apply"`},
		{name: "NoSubcommand", args: nil, wantErr: "missing subcommand"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCLI(t, tt.args...)
			switch {
			case tt.wantErr != "":
				require.ErrorContains(t, err, tt.wantErr)
				require.NotErrorIs(t, err, errBlocked)
			case tt.wantBlocked:
				require.ErrorIs(t, err, errBlocked)
			default:
				require.NoError(t, err)
			}
			require.Contains(t, out, tt.wantOut)
		})
	}
}

func TestRun_Rename(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(map[string]string{
		"terraform/stg/app/main.tf": "resource \"aws_s3_bucket\" \"exports\" {\n  bucket = \"tsumiki-stg-todo-exports\"\n}\n",
	})
	r.Commit("base")
	r.Git("checkout", "-q", "-b", "feature")
	r.Write(map[string]string{
		"terraform/stg/app/main.tf": "resource \"aws_s3_bucket\" \"exports\" {\n  bucket = \"tsumiki-stg-todo-export\"\n}\n",
	})
	r.Commit("rename bucket")
	t.Chdir(r.Dir)

	out, err := runCLI(t, "rename")
	require.ErrorIs(t, err, errBlocked)
	require.Contains(t, out, "FAIL [name-changed] terraform/stg/app")

	r.Write(map[string]string{"tfguard.ack": "terraform/stg/app aws_s3_bucket.exports the bucket is empty and recreated on purpose\n"})
	out, err = runCLI(t, "rename")
	require.NoError(t, err, out)
	require.Contains(t, out, "ACKNOWLEDGED [name-changed]")

	// -base HEAD compares with the branch's own commit: nothing changed since.
	out, err = runCLI(t, "rename", "-base", "HEAD", "-ack", "none.ack")
	require.NoError(t, err, out)
	require.Contains(t, out, "0 finding(s)")

	_, err = runCLI(t, "rename", "-base", "no-such-rev")
	require.ErrorContains(t, err, `resolve base "no-such-rev"`)
}

func TestRun_Allowed(t *testing.T) {
	r := scratchgit.New(t)
	r.Write(map[string]string{"tfguard.ack": `# intended replacements
terraform/stg/database module.stack.module.postgres.aws_db_instance.unprotected[0] new subnet group (PR 7)
terraform/stg/database module.stack.aws_security_group.client renamed on purpose
terraform/prd/database module.stack.aws_security_group.client not this stack
modules/s3-bucket aws_s3_bucket.unprotected a module-level rename finding, not a stack
`})
	r.Commit("acks")
	t.Chdir(r.Dir)

	out, err := runCLI(t, "allowed", "-stack", "terraform/stg/database/")
	require.NoError(t, err)
	require.Equal(t, "module.stack.module.postgres.aws_db_instance.unprotected[0],module.stack.aws_security_group.client\n", out)

	out, err = runCLI(t, "allowed", "-stack", "terraform/stg/network")
	require.NoError(t, err)
	require.Equal(t, "\n", out)

	_, err = runCLI(t, "allowed")
	require.ErrorContains(t, err, "-stack is required")

	r.Write(map[string]string{"tfguard.ack": "terraform/stg/database only-two-fields\n"})
	_, err = runCLI(t, "allowed", "-stack", "terraform/stg/database")
	require.ErrorContains(t, err, `line 1: want "<dir> <address> <reason>"`)
}

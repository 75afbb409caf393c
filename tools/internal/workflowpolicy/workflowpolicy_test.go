package workflowpolicy_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/workflowpolicy"
)

// TestCheckDir_Repository requires the repository's own workflows to pass.
func TestCheckDir_Repository(t *testing.T) {
	t.Parallel()
	findings, err := workflowpolicy.CheckDir(filepath.Join("..", "..", "..", ".github", "workflows"))
	require.NoError(t, err)

	require.Empty(t, findings)
}

// TestCheckFile_Fixtures pins what the rules say about workflows that break them: deploy.yml as
// it was before issue 12 (items 12 and 14) and a job that assumes the apply role outside its
// environment.
func TestCheckFile_Fixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string
		want    []string
	}{
		{
			name:    "DeployBeforeIssue12",
			fixture: "deploy-before-issue-12.yml",
			want: []string{
				"testdata/deploy-before-issue-12.yml: deploy-prd: [prd-from-main] runs in prd and the workflow can be started by hand from any ref; check out ref: main, or refuse a GITHUB_REF other than refs/heads/main before it",
				"testdata/deploy-before-issue-12.yml: [deploy-after-ci] runs make deploy on push, in parallel with CI; start it from `workflow_run: {workflows: [ci], types: [completed], branches: [main]}` instead",
				"testdata/deploy-before-issue-12.yml: [deploy-after-ci] runs make deploy without waiting for main's CI; trigger on `workflow_run: {workflows: [ci], types: [completed], branches: [main]}`",
			},
		},
		{
			name:    "ApplyWithoutEnvironment",
			fixture: "apply-without-environment.yml",
			want: []string{
				"testdata/apply-without-environment.yml: apply: [role-environment] assumes the apply role without a GitHub environment; the role trusts only repo:<repo>:environment:<env> (set environment: to the account's environment)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			findings, err := workflowpolicy.CheckFile(filepath.Join("testdata", tt.fixture))
			require.NoError(t, err)

			var got []string
			for _, f := range findings {
				got = append(got, f.String())
			}

			require.Equal(t, tt.want, got)
		})
	}
}

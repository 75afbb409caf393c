package workflowpolicy_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/workflowpolicy"
)

// TestCheckDir_Repository requires the repository's own workflows to pass.
func TestCheckDir_Repository(t *testing.T) {
	t.Parallel()
	findings, err := workflowpolicy.CheckDir(context.Background(), filepath.Join("..", "..", "..", ".github", "workflows"))
	require.NoError(t, err)

	require.Empty(t, findings)
}

// fixtureMake is a make test step list and .ci/run as the fixtures are checked against.
var fixtureMake = &workflowpolicy.Make{
	TestSteps: []string{"help/lint", "go/lint", "go/test", "docs/lint", "tf/guard", "ci/actionlint", "e2e", "tf/validate"},
	Scripts:   map[string]string{".ci/run": "#!/usr/bin/env bash\n# installs what make test needs\nmake doctor\nmake test\n"},
}

// TestCheckFile_Fixtures pins what the rules say about workflows that break them: deploy.yml as
// it was before issue 12 (items 12 and 14), a job that assumes the apply role outside its
// environment, ci.yml as it was before issue 16 (its own step list on pull requests, go/lint
// re-implemented inline) and ci.yml variants that skip steps or do not narrow.
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
			name:    "CIBeforeIssue16",
			fixture: "ci-before-issue-16.yml",
			want: []string{
				"testdata/ci-before-issue-16.yml: go: [inline-check] runs `gofmt` itself; call the make target that owns it (make go/lint, make go/test, make test) so CI checks what make test checks",
				"testdata/ci-before-issue-16.yml: go: [inline-check] runs `go vet` itself; call the make target that owns it (make go/lint, make go/test, make test) so CI checks what make test checks",
				"testdata/ci-before-issue-16.yml: go: [inline-check] runs `go tool golangci-lint` itself; call the make target that owns it (make go/lint, make go/test, make test) so CI checks what make test checks",
				"testdata/ci-before-issue-16.yml: go: [inline-check] runs `go test` itself; call the make target that owns it (make go/lint, make go/test, make test) so CI checks what make test checks",
				"testdata/ci-before-issue-16.yml: terraform: [inline-check] runs `go test` itself; call the make target that owns it (make go/lint, make go/test, make test) so CI checks what make test checks",
				"testdata/ci-before-issue-16.yml: [make-test] on pull_request, make test's steps help/lint go/lint go/test e2e do not run; run `make test` (make test/steps lists them) instead of a different list",
				"testdata/ci-before-issue-16.yml: [make-test] on pull_request, tf/validate run more than once; make test runs each of its steps once",
			},
		},
		{
			name:    "CISkipsSteps",
			fixture: "ci-skips-steps.yml",
			want: []string{
				"testdata/ci-skips-steps.yml: test: [make-test] runs make test with TEST_SKIP=e2e; CI runs every step (AFFECTED=1 skips, and reports, what a change does not need)",
				"testdata/ci-skips-steps.yml: [make-test] on pull_request, run `make test AFFECTED=1 BASE=<base sha>` so a pull request checks what it affects, with the same steps and summary",
				"testdata/ci-skips-steps.yml: test: [make-test] runs make test with TEST_SKIP=e2e; CI runs every step (AFFECTED=1 skips, and reports, what a change does not need)",
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
			findings, err := workflowpolicy.CheckFile(filepath.Join("testdata", tt.fixture), fixtureMake)
			require.NoError(t, err)

			var got []string
			for _, f := range findings {
				got = append(got, f.String())
			}

			require.Equal(t, tt.want, got)
		})
	}
}

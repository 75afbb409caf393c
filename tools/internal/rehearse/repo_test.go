package rehearse

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

func TestRepositoryFacts_OfThisRepository(t *testing.T) {
	t.Parallel()
	root := "../../.."

	envs, err := Envs(root)
	require.NoError(t, err)
	require.Equal(t, []string{"prd", "stg"}, envs)

	order, err := StackOrder(root, envs)
	require.NoError(t, err)
	require.Equal(t, "network", order[0], "the README's order starts with the network")
	// StackOrder checked the order against the stack folders; every service's stack is among
	// them, after shared (its images and artifacts live there).
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	require.NotEmpty(t, services)
	shared := slices.Index(order, "shared")
	require.NotEqual(t, -1, shared, "the order holds shared")
	for _, svc := range services {
		require.Greater(t, slices.Index(order, svc.Stack), shared, "%s's stack %s comes after shared in %v", svc.Name, svc.Stack, order)
	}

	account, err := AccountID(root, "stg")
	require.NoError(t, err)
	require.Regexp(t, `^[0-9]{12}$`, account)

	cmds, err := FirstRun(root)
	require.NoError(t, err)
	require.NotEmpty(t, cmds)

	id, name, err := DNSZone(root, "stg")
	require.NoError(t, err)
	require.NotEmpty(t, id)
	require.NotEmpty(t, name)
}

func TestDNSZone_NoneNamed(t *testing.T) {
	t.Parallel()
	repo := scratchgit.New(t)
	repo.Write(map[string]string{"terraform/stg/env/main.tf": "locals {\n  environment = \"stg\"\n}\n"})

	id, name, err := DNSZone(repo.Dir, "stg")

	require.NoError(t, err)
	require.Empty(t, id)
	require.Empty(t, name)
}

func TestStackOrder_MustAgreeWithTheDirectories(t *testing.T) {
	t.Parallel()
	repo := scratchgit.New(t)
	repo.Write(map[string]string{
		"terraform/README.md":           "Stacks, in apply order: `network` → `shared` (logs,\nkeys) → `database`.\n\nMore.\n",
		"terraform/stg/env/main.tf":     "",
		"terraform/stg/network/main.tf": "",
		"terraform/stg/shared/main.tf":  "",
	})

	_, err := StackOrder(repo.Dir, []string{"stg"})
	require.ErrorContains(t, err, "gives the apply order [network shared database], but terraform/stg holds the stacks [network shared]")

	repo.Write(map[string]string{"terraform/stg/database/main.tf": ""})
	order, err := StackOrder(repo.Dir, []string{"stg"})
	require.NoError(t, err)
	require.Equal(t, []string{"network", "shared", "database"}, order)
}

func TestFirstRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		comment string
		want    []string
		wantErr string
	}{
		{
			name: "TerraformCommandLines",
			comment: `# Applied once per account.
#
# First run in a new account (the bucket does not exist yet), from this directory:
#   terraform init -backend=false && terraform apply -var-file=env/<env>.tfvars
#   terraform init -backend-config=env/<env>.s3.tfbackend -migrate-state
# After that it is a normal stack: make apply ENV=<env> STACK=bootstrap.
`,
			want: []string{
				"terraform init -backend=false",
				"terraform apply -var-file=env/<env>.tfvars",
				"terraform init -backend-config=env/<env>.s3.tfbackend -migrate-state",
			},
		},
		{
			name: "AMakeTargetWins",
			comment: `# First run in a new account (the state bucket does not exist yet): make tf/bootstrap ENV=<env>.
# It applies with the state in a local file, then ` + "`terraform init -migrate-state`" + ` copies it.
# After that it is a normal stack: make apply ENV=<env> STACK=bootstrap.
`,
			want: []string{"make tf/bootstrap ENV=<env>"},
		},
		{name: "NoParagraph", comment: "# Bootstrap.\n", wantErr: `has no comment paragraph "First run in a new account"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			repo := scratchgit.New(t)
			repo.Write(map[string]string{"terraform/bootstrap/main.tf": tt.comment + "\nmodule \"x\" {}\n"})

			got, err := FirstRun(repo.Dir)

			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

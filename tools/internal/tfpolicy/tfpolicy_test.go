package tfpolicy_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/tfpolicy"
)

// TestCheck_RuleFixtures runs each rule on its fixture under testdata/<rule>, which breaks
// exactly that rule, and requires the rule to report it.
func TestCheck_RuleFixtures(t *testing.T) {
	t.Parallel()
	for _, rule := range tfpolicy.Rules {
		t.Run(rule.ID, func(t *testing.T) {
			t.Parallel()
			repo, err := tfpolicy.Load(filepath.Join("testdata", rule.ID))
			require.NoError(t, err)
			require.NotEmpty(t, repo.Dirs, "fixture testdata/%s is missing", rule.ID)

			findings := tfpolicy.Check(repo, rule.ID)

			require.NotEmpty(t, findings, "rule %s did not fail on its fixture", rule.ID)
			for _, f := range findings {
				require.Equal(t, rule.ID, f.Rule)
				require.NotEmpty(t, f.Message)
			}
		})
	}
}

// TestCheck_Repository requires the repository's own modules and stacks to pass every rule.
func TestCheck_Repository(t *testing.T) {
	t.Parallel()
	repo, err := tfpolicy.Load(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	require.Contains(t, repo.Dirs, "modules/naming")
	require.Contains(t, repo.Dirs, "terraform/prd/database")

	findings := tfpolicy.Check(repo)

	require.Empty(t, findings, "the repository must pass its own policy")
}

// TestCheck_Findings pins the exact findings of fixtures whose details matter: opt-out
// comments, output names and literal values.
func TestCheck_Findings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string
		rule    string
		want    []string
	}{
		{
			name:    "IAMWildcardHonoursAllowComment",
			fixture: "iam-wildcard",
			rule:    "iam-wildcard",
			want: []string{
				`testdata/iam-wildcard/modules/bad/main.tf:3: [iam-wildcard] data.aws_iam_policy_document.this grants actions "s3:*"; name exact actions, or document the exception with a '# tfpolicy:allow iam-wildcard -- reason' comment in the statement`,
				`testdata/iam-wildcard/modules/bad/main.tf:4: [iam-wildcard] data.aws_iam_policy_document.this grants resources "*"; name exact resources, or document the exception with a '# tfpolicy:allow iam-wildcard -- reason' comment in the statement`,
			},
		},
		{
			name:    "RemoteStateNamesMissingOutput",
			fixture: "remote-state-outputs",
			rule:    "remote-state-outputs",
			want: []string{
				`testdata/remote-state-outputs/terraform/stacks/app/main.tf:12: [remote-state-outputs] data.terraform_remote_state.network reads output "vpc_identifier", which terraform/stg/network does not publish; add it to the producer's outputs.tf`,
			},
		},
		{
			name:    "ListenerCertificateMustBeValidatedHere",
			fixture: "listener-certificate",
			rule:    "listener-certificate",
			want: []string{
				`testdata/listener-certificate/modules/bad/main.tf:6: [listener-certificate] resource.aws_lb_listener.https takes its certificate from outside; manage it (aws_acm_certificate with DNS validation) and use aws_acm_certificate_validation.<name>.certificate_arn, so the listener waits for an issued certificate`,
			},
		},
		{
			name:    "ReplaceBeforeDestroyNeedsGeneratedNames",
			fixture: "replace-before-destroy",
			rule:    "replace-before-destroy",
			want: []string{
				`testdata/replace-before-destroy/modules/bad/main.tf:5: [replace-before-destroy] resource.aws_db_parameter_group.this has create_before_destroy and a fixed name: the replacement cannot be created while the old one holds the name; use name_prefix`,
				`testdata/replace-before-destroy/modules/bad/main.tf:13: [replace-before-destroy] resource.aws_db_instance.this uses a parameter group of one major version's family; set allow_major_version_upgrade = true so the upgrade that replaces the group can run`,
				`testdata/replace-before-destroy/modules/bad/main.tf:18: [replace-before-destroy] resource.aws_lb_target_group.this is replaced while still in use; add lifecycle { create_before_destroy = true } (and a name_prefix)`,
			},
		},
		{
			name:    "OpenCIDRNeedsARecordedReason",
			fixture: "open-cidr",
			rule:    "open-cidr",
			want: []string{
				`testdata/open-cidr/modules/bad/main.tf:4: [open-cidr] resource.aws_vpc_security_group_egress_rule.all allows egress to 0.0.0.0/0: limit it to what the workload needs (VPC endpoints, a security group, a prefix list), or record why with '# tfpolicy:allow open-cidr -- reason' inside the block`,
				`testdata/open-cidr/modules/bad/main.tf:15: [open-cidr] resource.aws_security_group.inline allows egress to ::/0: limit it to what the workload needs (VPC endpoints, a security group, a prefix list), or record why with '# tfpolicy:allow open-cidr -- reason' inside the block`,
			},
		},
		{
			name:    "LambdaPackageMustBeUploadedHere",
			fixture: "lambda-package",
			rule:    "lambda-package",
			want: []string{
				`testdata/lambda-package/modules/bad/main.tf:4: [lambda-package] resource.aws_lambda_function.this takes s3_bucket from outside: nothing guarantees the package exists on a fresh account; upload one with an aws_s3_object (modules/lambda-function's placeholder) and refer to it`,
				`testdata/lambda-package/modules/bad/main.tf:5: [lambda-package] resource.aws_lambda_function.this takes s3_key from outside: nothing guarantees the package exists on a fresh account; upload one with an aws_s3_object (modules/lambda-function's placeholder) and refer to it`,
			},
		},
		{
			name:    "ProviderLockPinsOneVersion",
			fixture: "provider-lock",
			rule:    "provider-lock",
			want: []string{
				`testdata/provider-lock/modules/m/main.tf:2: [provider-lock] hashicorp/aws constraint is ">= 6.41, < 7.0"; it must be "~> 6.57.0", from AWS_PROVIDER_VERSION := 6.57.1 in mk/tf.mk`,
				`testdata/provider-lock/terraform/stg/app/.terraform.lock.hcl: [provider-lock] root terraform/stg/app has no committed .terraform.lock.hcl; copy the hashicorp/aws 6.57.1 lock (hashes from the published release) with constraints = "~> 6.57.0"`,
				`testdata/provider-lock/terraform/stg/app/main.tf:2: [provider-lock] hashicorp/aws constraint is "~> 6.41.0"; it must be "~> 6.57.0", from AWS_PROVIDER_VERSION := 6.57.1 in mk/tf.mk`,
				`testdata/provider-lock/terraform/stg/old/.terraform.lock.hcl: [provider-lock] lock file pins hashicorp/aws 6.50.0; mk/tf.mk pins 6.57.1`,
				`testdata/provider-lock/terraform/stg/old/.terraform.lock.hcl: [provider-lock] lock file constraints are "~> 6.50.0"; terraform would record "~> 6.57.0" (the root's merged constraints)`,
			},
		},
		{
			name:    "DatabaseAuthMasterSecretAndMissingConnect",
			fixture: "database-auth",
			rule:    "database-auth",
			want: []string{
				`testdata/database-auth/terraform/stacks/app/main.tf:8: [database-auth] module.master sets DATABASE_URL, a password login; set DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, AWS_REGION and DATABASE_CA_FILE for IAM database authentication`,
				`testdata/database-auth/terraform/stacks/app/main.tf:11: [database-auth] module.master injects the database master secret (data.terraform_remote_state.database.outputs.database_secret_arn); services log in as their own role with IAM database authentication (DATABASE_USER and rds-db:connect), the master is for the bootstrap only`,
				`testdata/database-auth/terraform/stacks/app/main.tf:24: [database-auth] module.wrong_user logs in as "todo_app" but its task_policy_statements grant no rds-db:connect on arn:aws:rds-db:<region>:<account>:dbuser:<database_resource_id>/todo_app`,
			},
		},
		{
			name:    "PreventDestroyBothHalves",
			fixture: "prevent-destroy",
			rule:    "prevent-destroy",
			want: []string{
				`testdata/prevent-destroy/modules/bucket/main.tf:6: [prevent-destroy] resource.aws_s3_bucket.this holds data but has no lifecycle { prevent_destroy = true }; either add it, or name it "[<x>_]unprotected" next to a "[<x>_]protected" twin that has it (see modules/s3-bucket)`,
				`testdata/prevent-destroy/modules/bucket/main.tf:11: [prevent-destroy] resource.aws_sqs_queue.dead_letter_protected holds data but has no lifecycle { prevent_destroy = true }; either add it, or name it "[<x>_]unprotected" next to a "[<x>_]protected" twin that has it (see modules/s3-bucket)`,
				`testdata/prevent-destroy/modules/bucket/main.tf:16: [prevent-destroy] resource.aws_sqs_queue.dead_letter_unprotected holds data but has no lifecycle { prevent_destroy = true }; either add it, or name it "[<x>_]unprotected" next to a "[<x>_]protected" twin that has it (see modules/s3-bucket)`,
				`testdata/prevent-destroy/terraform/prd/app/main.tf:4: [prevent-destroy] module.bucket in prd must pass protected = true as a literal, so prevent_destroy is visible in review`,
			},
		},
		{
			name:    "UnusedDeclarationsLikeTflint",
			fixture: "terraform_unused_declarations",
			rule:    "terraform_unused_declarations",
			want: []string{
				`testdata/terraform_unused_declarations/modules/bad/main.tf:12: [terraform_unused_declarations] provider "aws" with alias "east" is declared but not used`,
				`testdata/terraform_unused_declarations/modules/bad/main.tf:19: [terraform_unused_declarations] local.unused is declared but not used`,
				`testdata/terraform_unused_declarations/modules/bad/main.tf:22: [terraform_unused_declarations] data "aws_region" "unused" is declared but not used`,
				`testdata/terraform_unused_declarations/modules/bad/variables.tf:1: [terraform_unused_declarations] variable "only_validated" is declared but not used`,
				`testdata/terraform_unused_declarations/modules/bad/variables.tf:11: [terraform_unused_declarations] variable "unused" is declared but not used`,
			},
		},
		{
			name:    "RequiredProvidersLikeTflint",
			fixture: "terraform_required_providers",
			rule:    "terraform_required_providers",
			want: []string{
				"testdata/terraform_required_providers/modules/bad/main.tf:4: [terraform_required_providers] Missing `source` for provider \"aws\" in `required_providers`",
				"testdata/terraform_required_providers/modules/bad/main.tf:7: [terraform_required_providers] Legacy version constraint for provider \"random\" in `required_providers`",
				"testdata/terraform_required_providers/modules/bad/main.tf:8: [terraform_required_providers] Missing version constraint for provider \"null\" in `required_providers`",
				"testdata/terraform_required_providers/modules/bad/main.tf:14: [terraform_required_providers] provider version constraint should be specified via `required_providers`",
				"testdata/terraform_required_providers/modules/bad/main.tf:26: [terraform_required_providers] Missing version constraint for provider \"archive\" in `required_providers`",
			},
		},
		{
			name:    "StandardModuleStructureLikeTflint",
			fixture: "terraform_standard_module_structure",
			rule:    "terraform_standard_module_structure",
			want: []string{
				`testdata/terraform_standard_module_structure/modules/bad/main.tf:1: [terraform_standard_module_structure] Module should include a main.tf file as the primary entrypoint`,
				`testdata/terraform_standard_module_structure/modules/bad/resources.tf:5: [terraform_standard_module_structure] variable "in_the_wrong_file" should be moved from resources.tf to variables.tf`,
				`testdata/terraform_standard_module_structure/modules/bad/resources.tf:10: [terraform_standard_module_structure] output "also_wrong" should be moved from resources.tf to outputs.tf`,
				`testdata/terraform_standard_module_structure/modules/empty/outputs.tf:1: [terraform_standard_module_structure] Module should include an empty outputs.tf file`,
				`testdata/terraform_standard_module_structure/modules/empty/variables.tf:1: [terraform_standard_module_structure] Module should include an empty variables.tf file`,
			},
		},
		{
			name:    "DeprecatedIndexDotNumberAndLegacySplat",
			fixture: "terraform_deprecated_index",
			rule:    "terraform_deprecated_index",
			want: []string{
				`testdata/terraform_deprecated_index/modules/bad/main.tf:7: [terraform_deprecated_index] List items should be accessed using square brackets`,
				`testdata/terraform_deprecated_index/modules/bad/main.tf:8: [terraform_deprecated_index] List items should be accessed using square brackets`,
			},
		},
		{
			name:    "MapDuplicateKeysBareQuotedAndConstantLocal",
			fixture: "terraform_map_duplicate_keys",
			rule:    "terraform_map_duplicate_keys",
			want: []string{
				`testdata/terraform_map_duplicate_keys/modules/bad/main.tf:9: [terraform_map_duplicate_keys] Duplicate key: "a", first defined at modules/bad/main.tf:8,5-6`,
				`testdata/terraform_map_duplicate_keys/modules/bad/main.tf:11: [terraform_map_duplicate_keys] Duplicate key: "b", first defined at modules/bad/main.tf:10,5-6`,
			},
		},
		{
			name:    "RemoteModuleSourceIsAFinding",
			fixture: "local-module-source",
			rule:    "local-module-source",
			want: []string{
				`testdata/local-module-source/terraform/stg/app/main.tf:6: [local-module-source] module.registry has source "terraform-aws-modules/vpc/aws", not a local path (./ or ../): modules live in this repository's modules/, so there is no remote version to pin`,
				`testdata/local-module-source/terraform/stg/app/main.tf:11: [local-module-source] module.git has source "git::https://example.com/modules.git//vpc?ref=v1.0.0", not a local path (./ or ../): modules live in this repository's modules/, so there is no remote version to pin`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			repo, err := tfpolicy.Load(filepath.Join("testdata", tt.fixture))
			require.NoError(t, err)

			var got []string
			for _, f := range tfpolicy.Check(repo, tt.rule) {
				got = append(got, "testdata/"+tt.fixture+"/"+f.String())
			}

			require.Equal(t, tt.want, got)
		})
	}
}

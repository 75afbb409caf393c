package destroyguard_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/destroyguard"
)

func load(t *testing.T, name string) destroyguard.Report {
	t.Helper()
	return loadAllow(t, name, nil)
}

func loadAllow(t *testing.T, name string, allow []string) destroyguard.Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	p, err := destroyguard.Parse(f)
	require.NoError(t, err)
	return destroyguard.Check(p, allow)
}

func addresses(fs []destroyguard.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Address)
	}
	return out
}

// TestCheck_TerraformDataPlan uses a plan written by terraform 1.11.4 itself (terraform show
// -json of a provider-free configuration): a deleted resource, a count shrink and a replace
// inside nested modules.
func TestCheck_TerraformDataPlan(t *testing.T) {
	r := load(t, "terraform-data-plan.json")
	require.Equal(t, []string{
		"terraform_data.gone",
		"terraform_data.many[1]",
		"module.outer.module.inner.terraform_data.bucket",
	}, addresses(r.Blocked()))
	f := r.Findings[2]
	assert.Equal(t, "replace (destroy before create)", f.Action)
	assert.Equal(t, "replace_because_cannot_update", f.Reason)
	assert.Equal(t, []string{"triggers_replace"}, f.ForcedBy)
	assert.False(t, f.Critical)
}

func TestCheck_AWSStackPlan(t *testing.T) {
	r := load(t, "aws-stack-plan.json")
	require.Len(t, r.Findings, 4, "update, create, read and forget are not findings")
	want := []destroyguard.Finding{
		{Address: "aws_security_group.api", Type: "aws_security_group", Action: "replace (create before destroy)",
			Reason: "replace_because_cannot_update", ForcedBy: []string{"description"}},
		{Address: "module.database.module.rds.aws_db_instance.this", Type: "aws_db_instance", Action: "replace (destroy before create)",
			Reason: "replace_because_cannot_update", ForcedBy: []string{"db_subnet_group_name"}, Critical: true},
		{Address: "module.database.module.rds.aws_db_subnet_group.this", Type: "aws_db_subnet_group", Action: "replace (destroy before create)",
			Reason: "replace_because_cannot_update", ForcedBy: []string{"name"}},
		{Address: `module.exports["reports"].aws_s3_bucket.this`, Type: "aws_s3_bucket", Action: "delete",
			Reason: "delete_because_each_key", Critical: true},
	}
	require.Equal(t, want, r.Findings)
	require.Len(t, r.Blocked(), 4)

	var out strings.Builder
	require.NoError(t, r.Write(&out))
	assert.Contains(t, out.String(), "BLOCKED module.database.module.rds.aws_db_instance.this: replace (destroy before create) CRITICAL")
	assert.Contains(t, out.String(), "forced by: db_subnet_group_name")
	assert.Contains(t, out.String(), `ALLOW_DESTROY=aws_security_group.api,module.database.module.rds.aws_db_instance.this,`)
}

func TestCheck_Allow(t *testing.T) {
	tests := []struct {
		name        string
		allow       []string
		wantBlocked []string
		wantUnused  []string
	}{
		{
			name:  "NothingAllowed",
			allow: nil,
			wantBlocked: []string{"aws_security_group.api", "module.database.module.rds.aws_db_instance.this",
				"module.database.module.rds.aws_db_subnet_group.this", `module.exports["reports"].aws_s3_bucket.this`},
		},
		{
			name: "EveryAddressAllowed",
			allow: []string{"aws_security_group.api", "module.database.module.rds.aws_db_instance.this",
				"module.database.module.rds.aws_db_subnet_group.this", ` module.exports["reports"].aws_s3_bucket.this `, ""},
		},
		{
			name:        "ModulePrefixIsNotEnough",
			allow:       []string{"module.database", "aws_security_group.api", `module.exports["reports"].aws_s3_bucket.this`},
			wantBlocked: []string{"module.database.module.rds.aws_db_instance.this", "module.database.module.rds.aws_db_subnet_group.this"},
			wantUnused:  []string{"module.database"},
		},
		{
			name:        "InstanceKeyMustMatch",
			allow:       []string{"aws_security_group.api", "module.database.module.rds.aws_db_instance.this", "module.database.module.rds.aws_db_subnet_group.this", "module.exports.aws_s3_bucket.this"},
			wantBlocked: []string{`module.exports["reports"].aws_s3_bucket.this`},
			wantUnused:  []string{"module.exports.aws_s3_bucket.this"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := loadAllow(t, "aws-stack-plan.json", tt.allow)
			require.Equal(t, tt.wantBlocked, addresses(r.Blocked()))
			require.Equal(t, tt.wantUnused, r.UnusedAllows)
		})
	}
}

func TestCheck_CleanPlan(t *testing.T) {
	r := load(t, "clean-plan.json")
	require.Empty(t, r.Findings)
	var out strings.Builder
	require.NoError(t, r.Write(&out))
	require.Equal(t, "destroy guard: no deletes or replacements in the plan\n", out.String())
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{name: "NotJSON", input: "Plan: 1 to add", wantErr: "decode plan json"},
		{name: "NoFormatVersion", input: `{"resource_changes": []}`, wantErr: "format version is missing"},
		{name: "UnsupportedFormatVersion", input: `{"format_version": "2.0"}`, wantErr: "unsupported plan format version"},
		{name: "Minimal", input: `{"format_version": "1.2"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := destroyguard.Parse(strings.NewReader(tt.input))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, p)
		})
	}
}

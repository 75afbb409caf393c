package iampolicy

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	t.Parallel()

	root := tftypes.NewAttributePath()
	tests := []struct {
		name   string
		source string
		config tftypes.Value
		want   []Diagnostic
	}{
		{
			name:   "Valid",
			source: "acc: TestAccIAMPolicyDocumentDataSource_basic configuration shape",
			config: configValue(map[string]tftypes.Value{
				"version":                 str("2008-10-17"),
				"source_policy_documents": strs(stringList, "", `{"Statement": []}`),
			}, statementValue(map[string]tftypes.Value{"effect": str("Deny"), "sid": str("not-alphanumeric ok in 6.x")})),
		},
		{
			name:   "InvalidSourceJSON",
			source: "acc: TestAccIAMPolicyDocumentDataSource_sourcePolicyValidJSON (step 1 ExpectError)",
			config: configValue(map[string]tftypes.Value{"source_policy_documents": strs(stringList, "{")}),
			want: []Diagnostic{{
				Summary: `"source_policy_documents.0" contains an invalid JSON: unexpected end of JSON input`,
				Path:    root.WithAttributeName("source_policy_documents").WithElementKeyInt(0),
			}},
		},
		{
			name:   "InvalidOverrideJSON",
			source: "acc: TestAccIAMPolicyDocumentDataSource_overridePolicyDocumentValidJSON (step 1 ExpectError)",
			config: configValue(map[string]tftypes.Value{"override_policy_documents": strs(stringList, "{")}),
			want: []Diagnostic{{
				Summary: `"override_policy_documents.0" contains an invalid JSON: unexpected end of JSON input`,
				Path:    root.WithAttributeName("override_policy_documents").WithElementKeyInt(0),
			}},
		},
		{
			name:   "Effect",
			source: "provider schema: effect ValidateFunc StringInSlice(Allow, Deny); message of terraform-plugin-sdk/v2",
			config: configValue(nil, statementValue(nil), statementValue(map[string]tftypes.Value{"effect": str("allow")})),
			want: []Diagnostic{{
				Summary: `expected statement.1.effect to be one of ["Allow" "Deny"], got allow`,
				Path:    root.WithAttributeName("statement").WithElementKeyInt(1).WithAttributeName("effect"),
			}},
		},
		{
			name:   "Version",
			source: "provider schema: version ValidateFunc StringInSlice(2008-10-17, 2012-10-17)",
			config: configValue(map[string]tftypes.Value{"version": str("2012-10-18")}),
			want: []Diagnostic{{
				Summary: `expected version to be one of ["2008-10-17" "2012-10-17"], got 2012-10-18`,
				Path:    root.WithAttributeName("version"),
			}},
		},
		{
			name:   "DeprecatedSourceJSON",
			source: `provider schema: source_json Deprecated "Not used", ValidateFunc StringIsEmpty`,
			config: configValue(map[string]tftypes.Value{"source_json": str(`{"Statement": []}`), "override_json": str("")}),
			want: []Diagnostic{
				{Warning: true, Summary: "Argument is deprecated", Detail: "Not used", Path: root.WithAttributeName("override_json")},
				{Warning: true, Summary: "Argument is deprecated", Detail: "Not used", Path: root.WithAttributeName("source_json")},
				{Summary: `expected "source_json" to be an empty string: got {"Statement": []}`, Path: root.WithAttributeName("source_json")},
			},
		},
		{
			name:   "UnknownNotChecked",
			source: "terraform-plugin-sdk/v2 skips validation of unknown values",
			config: configValue(map[string]tftypes.Value{
				"version":                 tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"source_policy_documents": tftypes.NewValue(stringList, []tftypes.Value{tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}),
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Validate(tt.config)
			require.Len(t, got, len(tt.want), tt.source)
			for i := range tt.want {
				require.Equal(t, tt.want[i].Warning, got[i].Warning, tt.source)
				require.Equal(t, tt.want[i].Summary, got[i].Summary, tt.source)
				require.Equal(t, tt.want[i].Detail, got[i].Detail, tt.source)
				require.True(t, tt.want[i].Path.Equal(got[i].Path), "%s: path %s, want %s", tt.source, got[i].Path, tt.want[i].Path)
			}
		})
	}
}

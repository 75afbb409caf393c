package awsschema_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
)

func load(t *testing.T) *awsschema.Schema {
	t.Helper()
	s, err := awsschema.Load()
	require.NoError(t, err)
	return s
}

func requireType(t *testing.T, want string, a awsschema.Attribute) {
	t.Helper()
	require.JSONEq(t, want, string(a.Type))
}

func TestLoad_Source(t *testing.T) {
	s := load(t)
	assert.Equal(t, awsschema.Source{Package: "@cdktn/provider-aws", PackageVersion: "24.1.0", ProviderVersion: "6.45.0"}, s.Source)
	assert.GreaterOrEqual(t, len(s.Resources), 49)
	assert.GreaterOrEqual(t, len(s.DataSources), 4)
}

func TestLoad_SQSQueue(t *testing.T) {
	q, ok := load(t).Resources["aws_sqs_queue"]
	require.True(t, ok)
	arn := q.Block.Attributes["arn"]
	requireType(t, `"string"`, arn)
	assert.True(t, arn.Computed)
	assert.False(t, arn.Optional || arn.Required)
	name := q.Block.Attributes["name"]
	requireType(t, `"string"`, name)
	assert.True(t, name.Optional)
	assert.False(t, name.Required)
	requireType(t, `["map","string"]`, q.Block.Attributes["tags"])
}

func TestLoad_S3BucketVersioning(t *testing.T) {
	v := load(t).Resources["aws_s3_bucket_versioning"]
	assert.True(t, v.Block.Attributes["bucket"].Required)
	vc, ok := v.Block.BlockTypes["versioning_configuration"]
	require.True(t, ok)
	assert.Equal(t, awsschema.NestedBlock{
		NestingMode: "list", MinItems: 1, MaxItems: 1,
		Block: awsschema.Block{Attributes: map[string]awsschema.Attribute{
			"mfa_delete": {Type: json.RawMessage(`"string"`), Optional: true},
			"status":     {Type: json.RawMessage(`"string"`), Required: true},
		}},
	}, vc)
}

func TestLoad_DBInstance(t *testing.T) {
	db := load(t).Resources["aws_db_instance"]
	secret := db.Block.Attributes["master_user_secret"]
	assert.True(t, secret.Computed)
	assert.False(t, secret.Optional)
	requireType(t, `["list",["object",{"kms_key_id":"string","secret_arn":"string","secret_status":"string"}]]`, secret)
	requireType(t, `["set","string"]`, db.Block.Attributes["vpc_security_group_ids"])
	assert.Equal(t, "single", db.Block.BlockTypes["timeouts"].NestingMode)
}

func TestLoad_IAMPolicyDocument(t *testing.T) {
	doc := load(t).DataSources["aws_iam_policy_document"]
	for _, name := range []string{"json", "minified_json"} {
		assert.True(t, doc.Block.Attributes[name].Computed, name)
	}
	requireType(t, `["list","string"]`, doc.Block.Attributes["source_policy_documents"])
	st, ok := doc.Block.BlockTypes["statement"]
	require.True(t, ok)
	assert.Equal(t, "list", st.NestingMode)
	assert.Zero(t, st.MaxItems)
	requireType(t, `["set","string"]`, st.Block.Attributes["actions"])
	for _, name := range []string{"principals", "not_principals", "condition"} {
		nb, ok := st.Block.BlockTypes[name]
		require.True(t, ok, name)
		assert.Equal(t, "set", nb.NestingMode, name)
	}
	p := st.Block.BlockTypes["principals"].Block
	assert.True(t, p.Attributes["type"].Required)
	requireType(t, `["set","string"]`, p.Attributes["identifiers"])
	c := st.Block.BlockTypes["condition"].Block
	for _, name := range []string{"test", "variable", "values"} {
		assert.True(t, c.Attributes[name].Required, name)
	}
	requireType(t, `["list","string"]`, c.Attributes["values"])
}

func TestLoad_Sensitive(t *testing.T) {
	s := load(t)
	assert.True(t, s.Resources["aws_acm_certificate"].Block.Attributes["private_key"].Sensitive)
	assert.False(t, s.Resources["aws_acm_certificate"].Block.Attributes["domain_name"].Sensitive)
}

func TestLoad_SecurityGroupRulesAreAttributes(t *testing.T) {
	// ingress and egress of aws_security_group are attributes written as blocks
	// (ConfigMode: SchemaConfigModeAttr): set-of-object attributes, optional and computed.
	sg := load(t).Resources["aws_security_group"]
	in, ok := sg.Block.Attributes["ingress"]
	require.True(t, ok)
	assert.True(t, in.Optional && in.Computed)
	assert.NotContains(t, sg.Block.BlockTypes, "ingress")
}

func TestLoad_Provider(t *testing.T) {
	p := load(t).Provider
	requireType(t, `"string"`, p.Attributes["region"])
	assert.True(t, p.Attributes["region"].Optional)
	requireType(t, `["set","string"]`, p.Attributes["allowed_account_ids"])
	requireType(t, `["set","string"]`, p.Attributes["forbidden_account_ids"])
	dt, ok := p.BlockTypes["default_tags"]
	require.True(t, ok)
	assert.Equal(t, "list", dt.NestingMode)
	assert.Equal(t, int64(1), dt.MaxItems)
	requireType(t, `["map","string"]`, dt.Block.Attributes["tags"])
}

func TestParse_Errors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{name: "NotJSON", input: `{`, wantErr: "decode aws schema"},
		{name: "NoMaps", input: `{"source":{}}`, wantErr: "no resource_schemas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := awsschema.Parse([]byte(tt.input))
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestMarshal_RoundTrip(t *testing.T) {
	s := load(t)
	data, err := awsschema.Marshal(s)
	require.NoError(t, err)
	committed, err := os.ReadFile("aws.json")
	require.NoError(t, err)
	require.Equal(t, string(committed), string(data), "aws.json is not in the form tfschema writes; run make tf/schema")
	again, err := awsschema.Parse(data)
	require.NoError(t, err)
	data2, err := awsschema.Marshal(again)
	require.NoError(t, err)
	require.Equal(t, string(data), string(data2))
}

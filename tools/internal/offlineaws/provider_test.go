package offlineaws

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

func servedAttribute(t *testing.T, resp *tfprotov5.GetProviderSchemaResponse, typeName, name string) *tfprotov5.SchemaAttribute {
	t.Helper()
	for _, a := range resp.ResourceSchemas[typeName].Block.Attributes {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("%s has no attribute %s", typeName, name)
	return nil
}

func TestServer_GetProviderSchema(t *testing.T) {
	s := testServer(t)
	resp, err := s.GetProviderSchema(context.Background(), &tfprotov5.GetProviderSchemaRequest{})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	require.Contains(t, resp.ResourceSchemas, "aws_sqs_queue")
	require.Contains(t, resp.DataSourceSchemas, "aws_iam_policy_document")

	tests := []struct {
		name         string
		typeName     string
		attr         string
		wantOptional bool
		wantComputed bool
	}{
		{name: "NameWithPrefixIsComputed", typeName: "aws_sqs_queue", attr: "name", wantOptional: true, wantComputed: true},
		{name: "NamePrefixIsOptional", typeName: "aws_sqs_queue", attr: "name_prefix", wantOptional: true},
		{name: "TableEntryIsComputed", typeName: "aws_sqs_queue", attr: "policy", wantOptional: true, wantComputed: true},
		{name: "PlainOptional", typeName: "aws_sqs_queue", attr: "kms_master_key_id", wantOptional: true},
		{name: "Defaulted", typeName: "aws_sqs_queue", attr: "visibility_timeout_seconds", wantOptional: true, wantComputed: true},
		{name: "ComputedOnly", typeName: "aws_sqs_queue", attr: "arn", wantComputed: true},
		{name: "ID", typeName: "aws_sqs_queue", attr: "id", wantOptional: true, wantComputed: true},
		{name: "TagsAll", typeName: "aws_sqs_queue", attr: "tags_all", wantOptional: true, wantComputed: true},
		{name: "Region", typeName: "aws_sqs_queue", attr: "region", wantOptional: true, wantComputed: true},
		{name: "FunctionNameRequired", typeName: "aws_lambda_function", attr: "function_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := servedAttribute(t, resp, tt.typeName, tt.attr)
			assert.Equal(t, tt.wantOptional, a.Optional, "optional")
			assert.Equal(t, tt.wantComputed, a.Computed, "computed")
		})
	}
	var listener *tfprotov5.SchemaNestedBlock
	for _, b := range resp.ResourceSchemas["aws_lb_listener"].Block.BlockTypes {
		if b.TypeName == "default_action" {
			listener = b
		}
	}
	require.NotNil(t, listener)
	assert.Equal(t, tfprotov5.SchemaNestedBlockNestingModeList, listener.Nesting)
	assert.Equal(t, int64(1), listener.MinItems)
}

func TestCtyType(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    tftypes.Type
		wantErr bool
	}{
		{name: "String", in: `"string"`, want: tftypes.String},
		{name: "SetOfString", in: `["set","string"]`, want: tftypes.Set{ElementType: tftypes.String}},
		{name: "MapOfNumber", in: `["map","number"]`, want: tftypes.Map{ElementType: tftypes.Number}},
		{name: "ListOfObject", in: `["list",["object",{"a":"bool"}]]`, want: tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.Bool}}}},
		{name: "Unknown", in: `"float"`, wantErr: true},
		{name: "BadKind", in: `["bag","string"]`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ctyType(json.RawMessage(tt.in))
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %s", got)
		})
	}
}

func TestServer_PlanResourceChange_Create(t *testing.T) {
	s := testServer(t)
	planned, resp := planCreate(t, s, "aws_sqs_queue", map[string]any{
		"name": "orders",
		"tags": map[string]any{"app": "orders", "env": "override"},
	})
	assert.Empty(t, resp.RequiresReplace)
	assert.Equal(t, "orders", planned["name"])
	assert.Equal(t, Unknown, planned["arn"])
	assert.Equal(t, Unknown, planned["id"])
	assert.Equal(t, Unknown, planned["url"])
	assert.Equal(t, Unknown, planned["policy"], "optional+computed and unset")
	assert.Nil(t, planned["kms_master_key_id"], "plain optional and unset stays null")
	assert.Equal(t, json.Number("30"), planned["visibility_timeout_seconds"], "the provider's default")
	assert.Equal(t, map[string]any{"app": "orders", "env": "override", "owner": "platform"}, planned["tags_all"])
	assert.Equal(t, "eu-west-1", planned["region"], "the provider's region, known at plan")
}

func TestServer_ApplyResourceChange_TagsAllKnownAtApply(t *testing.T) {
	s := testServer(t)
	planned, _ := planCreate(t, s, "aws_sqs_queue", map[string]any{"name": "orders", "tags": Unknown})
	planned["tags"] = map[string]any{"app": "orders"}
	state, diags := apply(t, s, "aws_sqs_queue", nil, planned)
	require.Empty(t, diags)
	assert.Equal(t, map[string]any{"app": "orders", "env": "stg", "owner": "platform"}, state["tags_all"])
}

func TestServer_PlanResourceChange_UnknownTagsMakeTagsAllUnknown(t *testing.T) {
	s := testServer(t)
	planned, _ := planCreate(t, s, "aws_sqs_queue", map[string]any{"name": "orders", "tags": Unknown})
	assert.Equal(t, Unknown, planned["tags_all"])
}

func TestServer_PlanResourceChange_NestedBlocks(t *testing.T) {
	s := testServer(t)
	planned, _ := planCreate(t, s, "aws_acm_certificate", map[string]any{"domain_name": "api.example.com"})
	assert.Equal(t, Unknown, planned["domain_validation_options"])
	assert.Equal(t, Unknown, planned["status"])
}

func TestServer_PlanResourceChange_CertificateDomainsKnown(t *testing.T) {
	s := testServer(t)
	planned, _ := planCreate(t, s, "aws_acm_certificate", map[string]any{
		"domain_name": "api.example.com", "validation_method": "DNS", "subject_alternative_names": []any{"www.example.com"},
	})
	opts := asList(planned["domain_validation_options"])
	require.Len(t, opts, 2)
	assert.Equal(t, "api.example.com", asObject(opts[0])["domain_name"])
	assert.Equal(t, "www.example.com", asObject(opts[1])["domain_name"])
	assert.Equal(t, Unknown, asObject(opts[0])["resource_record_name"])

	state, diags := apply(t, s, "aws_acm_certificate", nil, planned)
	require.Empty(t, diags)
	for _, o := range asList(state["domain_validation_options"]) {
		assert.Regexp(t, `^_[0-9a-f]{32}\.(api|www)\.example\.com\.$`, asObject(o)["resource_record_name"])
		assert.Equal(t, "CNAME", asObject(o)["resource_record_type"])
	}
	assert.Equal(t, "PENDING_VALIDATION", state["status"])
}

func TestServer_PlanResourceChange_Update(t *testing.T) {
	s := testServer(t)
	prior := create(t, s, "aws_sqs_queue", map[string]any{"name": "orders"})
	planned, resp := planUpdate(t, s, "aws_sqs_queue", prior, map[string]any{
		"name": "orders", "visibility_timeout_seconds": json.Number("60"),
	})
	assert.Empty(t, resp.RequiresReplace)
	assert.Equal(t, prior["arn"], planned["arn"], "an update keeps computed values")
	assert.Equal(t, json.Number("60"), planned["visibility_timeout_seconds"])
}

// Removing an argument that has a default plans the default again, as the real provider does.
func TestServer_PlanResourceChange_DefaultAfterRemoval(t *testing.T) {
	s := testServer(t)
	prior := create(t, s, "aws_sqs_queue", map[string]any{"name": "orders", "visibility_timeout_seconds": json.Number("60")})
	planned, _ := planUpdate(t, s, "aws_sqs_queue", prior, map[string]any{"name": "orders"})
	assert.Equal(t, json.Number("30"), planned["visibility_timeout_seconds"])
}

func TestServer_PlanResourceChange_Replace(t *testing.T) {
	tests := []struct {
		name     string
		typeName string
		before   map[string]any
		after    map[string]any
		want     string
	}{
		{name: "QueueName", typeName: "aws_sqs_queue", before: map[string]any{"name": "orders"}, after: map[string]any{"name": "orders-v2"}, want: "name"},
		{name: "TargetGroupPrefix", typeName: "aws_lb_target_group", before: map[string]any{"name_prefix": "api-"}, after: map[string]any{"name_prefix": "web-"}, want: "name_prefix"},
		{name: "Bucket", typeName: "aws_s3_bucket", before: map[string]any{"bucket": "a-bucket"}, after: map[string]any{"bucket": "b-bucket"}, want: "bucket"},
		{name: "ParameterGroupFamily", typeName: "aws_db_parameter_group", before: map[string]any{"name": "pg", "family": "postgres15"}, after: map[string]any{"name": "pg", "family": "postgres16"}, want: "family"},
		{name: "RDSIdentifier", typeName: "aws_db_instance", before: map[string]any{"identifier": "db-one", "instance_class": "db.t4g.micro"}, after: map[string]any{"identifier": "db-two", "instance_class": "db.t4g.micro"}, want: "identifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testServer(t)
			prior := create(t, s, tt.typeName, tt.before)
			planned, resp := planUpdate(t, s, tt.typeName, prior, tt.after)
			require.Len(t, resp.RequiresReplace, 1)
			assert.True(t, resp.RequiresReplace[0].Equal(tftypes.NewAttributePath().WithAttributeName(tt.want)))
			assert.Equal(t, Unknown, planned["arn"], "a replacement makes computed values unknown again")
			assert.Equal(t, Unknown, planned["id"])
		})
	}
}

func TestServer_ApplyResourceChange_Formats(t *testing.T) {
	tests := []struct {
		name     string
		typeName string
		cfg      map[string]any
		want     map[string]any
	}{
		{name: "SQSQueue", typeName: "aws_sqs_queue", cfg: map[string]any{"name": "orders"}, want: map[string]any{
			"id":  "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
			"url": "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
			"arn": "arn:aws:sqs:eu-west-1:123456789012:orders",
		}},
		{name: "IAMRole", typeName: "aws_iam_role", cfg: map[string]any{"name": "app", "assume_role_policy": "{}"}, want: map[string]any{
			"id": "app", "arn": "arn:aws:iam::123456789012:role/app",
		}},
		{name: "S3Bucket", typeName: "aws_s3_bucket", cfg: map[string]any{"bucket": "tsumiki-exports"}, want: map[string]any{
			"id": "tsumiki-exports", "arn": "arn:aws:s3:::tsumiki-exports",
			"bucket_regional_domain_name": "tsumiki-exports.s3.eu-west-1.amazonaws.com",
		}},
		{name: "ECRRepository", typeName: "aws_ecr_repository", cfg: map[string]any{"name": "todo-api"}, want: map[string]any{
			"arn":            "arn:aws:ecr:eu-west-1:123456789012:repository/todo-api",
			"repository_url": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/todo-api",
		}},
		{name: "DBParameterGroup", typeName: "aws_db_parameter_group", cfg: map[string]any{"name": "pg", "family": "postgres16"}, want: map[string]any{
			"id": "pg", "arn": "arn:aws:rds:eu-west-1:123456789012:pg:pg",
		}},
		{name: "DBInstance", typeName: "aws_db_instance", cfg: map[string]any{"identifier": "todo", "instance_class": "db.t4g.micro"}, want: map[string]any{
			"arn": "arn:aws:rds:eu-west-1:123456789012:db:todo",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testServer(t)
			state := create(t, s, tt.typeName, tt.cfg)
			for k, v := range tt.want {
				assert.Equal(t, v, state[k], k)
			}
			assert.True(t, isWhollyKnown(state), "no unknown left after apply")
		})
	}
}

func TestServer_ApplyResourceChange_GeneratedNames(t *testing.T) {
	s := testServer(t)
	state := create(t, s, "aws_lb_target_group", map[string]any{"name_prefix": "api-", "port": json.Number("80"), "protocol": "HTTP"})
	name, _ := state["name"].(string)
	assert.Len(t, name, 30, "prefix and 26 generated characters")
	assert.Regexp(t, `^api-\d{18}[0-9a-f]{8}$`, name)
	assert.Regexp(t, `^arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api-[0-9a-f]{26}/[0-9a-f]{16}$`, state["arn"])
}

func TestServer_ApplyResourceChange_Deterministic(t *testing.T) {
	cfg := map[string]any{"name_prefix": "api-", "port": json.Number("80"), "protocol": "HTTP"}
	first := create(t, testServer(t), "aws_lb_target_group", cfg)
	second := create(t, testServer(t), "aws_lb_target_group", cfg)
	assert.Equal(t, first, second)
}

func TestServer_ReadResource(t *testing.T) {
	store := account.Open(t.TempDir(), DefaultAccountID)
	s := testServerWithStore(t, store)
	state := create(t, s, "aws_sqs_queue", map[string]any{"name": "orders"})
	typ := s.resources["aws_sqs_queue"].block.typ
	read := func() map[string]any {
		resp, err := s.ReadResource(context.Background(), &tfprotov5.ReadResourceRequest{
			TypeName: "aws_sqs_queue", CurrentState: dynamic(t, typ, state),
		})
		require.NoError(t, err)
		require.Empty(t, resp.Diagnostics)
		return undynamic(t, typ, resp.NewState)
	}
	assert.Equal(t, state, read(), "no drift")

	require.NoError(t, store.Update(func(a *account.Account) error {
		r, err := a.Resource("aws_sqs_queue", state["id"].(string))
		require.NoError(t, err)
		r["visibility_timeout_seconds"] = json.Number("45")
		return nil
	}))
	assert.Equal(t, json.Number("45"), read()["visibility_timeout_seconds"], "a change made in the account shows as drift")

	deleted, diags := apply(t, s, "aws_sqs_queue", state, nil)
	require.Empty(t, diags)
	assert.Nil(t, deleted, "a delete returns a null state")
	assert.Nil(t, read(), "a deleted resource reads as gone")
}

func TestServer_ReadResource_InMemoryKeepsUnknownResources(t *testing.T) {
	s := testServer(t)
	typ := s.resources["aws_sqs_queue"].block.typ
	state := full(s.resources["aws_sqs_queue"].block, map[string]any{"id": "https://sqs.eu-west-1.amazonaws.com/123456789012/x", "name": "x"})
	resp, err := s.ReadResource(context.Background(), &tfprotov5.ReadResourceRequest{TypeName: "aws_sqs_queue", CurrentState: dynamic(t, typ, state)})
	require.NoError(t, err)
	assert.Equal(t, state, undynamic(t, typ, resp.NewState))
}

func TestServer_ImportResourceState(t *testing.T) {
	s := testServer(t)
	state := create(t, s, "aws_db_instance", map[string]any{"identifier": "todo", "instance_class": "db.t4g.micro"})
	typ := s.resources["aws_db_instance"].block.typ
	for _, id := range []string{state["id"].(string), "todo"} {
		resp, err := s.ImportResourceState(context.Background(), &tfprotov5.ImportResourceStateRequest{TypeName: "aws_db_instance", ID: id})
		require.NoError(t, err)
		require.Empty(t, resp.Diagnostics)
		require.Len(t, resp.ImportedResources, 1)
		assert.Equal(t, state, undynamic(t, typ, resp.ImportedResources[0].State))
	}
	resp, err := s.ImportResourceState(context.Background(), &tfprotov5.ImportResourceStateRequest{TypeName: "aws_db_instance", ID: "nope"})
	require.NoError(t, err)
	require.Len(t, resp.Diagnostics, 1)
	assert.Equal(t, "Cannot import non-existent remote object", resp.Diagnostics[0].Summary)
}

func TestServer_UpgradeResourceState(t *testing.T) {
	s := testServer(t)
	resp, err := s.UpgradeResourceState(context.Background(), &tfprotov5.UpgradeResourceStateRequest{
		TypeName: "aws_sqs_queue",
		RawState: &tfprotov5.RawState{JSON: []byte(`{"id":"u","name":"orders","removed_attribute":true,"visibility_timeout_seconds":30}`)},
	})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	got := undynamic(t, s.resources["aws_sqs_queue"].block.typ, resp.UpgradedState)
	assert.Equal(t, "orders", got["name"])
	assert.Equal(t, json.Number("30"), got["visibility_timeout_seconds"])
	assert.Nil(t, got["arn"])
}

func TestServer_ConfigureProvider(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		cfg     map[string]any
		wantErr string
	}{
		{name: "RegionFromConfig", cfg: map[string]any{"region": "eu-west-1"}},
		{name: "RegionFromEnv", env: map[string]string{"AWS_REGION": "eu-west-1"}},
		{name: "RegionFromDefaultEnv", env: map[string]string{"AWS_DEFAULT_REGION": "eu-west-1"}},
		{name: "NoRegion", wantErr: "Missing required argument"},
		{name: "Allowed", cfg: map[string]any{"region": "eu-west-1", "allowed_account_ids": []any{"123456789012"}}},
		{name: "NotAllowed", cfg: map[string]any{"region": "eu-west-1", "allowed_account_ids": []any{"210987654321"}}, wantErr: "AWS account ID not allowed: 123456789012"},
		{name: "Forbidden", cfg: map[string]any{"region": "eu-west-1", "forbidden_account_ids": []any{"123456789012"}}, wantErr: "AWS account ID not allowed: 123456789012"},
		{name: "SkipRequestingAccountID", cfg: map[string]any{"region": "eu-west-1", "skip_requesting_account_id": true, "allowed_account_ids": []any{"123456789012"}}, wantErr: "AWS account ID not allowed: "},
		{name: "OtherAccountAllowed", env: map[string]string{EnvAccountID: "210987654321"}, cfg: map[string]any{"region": "eu-west-1", "allowed_account_ids": []any{"210987654321"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schema, err := FixtureSchema()
			require.NoError(t, err)
			getenv := func(k string) string { return tt.env[k] }
			s, err := New(schema, getenv)
			require.NoError(t, err)
			resp, err := s.ConfigureProvider(context.Background(), &tfprotov5.ConfigureProviderRequest{Config: providerConfigValue(t, s, tt.cfg)})
			require.NoError(t, err)
			if tt.wantErr == "" {
				require.Empty(t, resp.Diagnostics)
				assert.Equal(t, "eu-west-1", s.config().region)
				return
			}
			require.NotEmpty(t, resp.Diagnostics)
			last := resp.Diagnostics[len(resp.Diagnostics)-1]
			assert.Equal(t, tfprotov5.DiagnosticSeverityError, last.Severity)
			assert.Equal(t, tt.wantErr, last.Summary)
		})
	}
}

func TestServer_ApplyResourceChange_ResourceRegion(t *testing.T) {
	s := testServer(t)
	state := create(t, s, "aws_sqs_queue", map[string]any{"name": "orders", "region": "us-east-1"})
	assert.Equal(t, "arn:aws:sqs:us-east-1:123456789012:orders", state["arn"])
}

// Two resources alike in every argument get ids of their own when AWS generates the id.
func TestServer_ApplyResourceChange_DistinctGeneratedIDs(t *testing.T) {
	s := testServer(t)
	cfg := map[string]any{"domain_name": "api.example.com", "validation_method": "DNS"}
	first := create(t, s, "aws_acm_certificate", cfg)
	second := create(t, s, "aws_acm_certificate", cfg)
	assert.NotEqual(t, first["id"], second["id"])
}

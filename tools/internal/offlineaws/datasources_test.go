package offlineaws

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

func readData(t *testing.T, s *Server, typeName string, cfg map[string]any) (map[string]any, []*tfprotov5.Diagnostic) {
	t.Helper()
	b := s.dataSources[typeName].block
	resp, err := s.ReadDataSource(context.Background(), &tfprotov5.ReadDataSourceRequest{
		TypeName: typeName, Config: dynamic(t, b.typ, full(b, cfg)),
	})
	require.NoError(t, err)
	if len(resp.Diagnostics) > 0 {
		return nil, resp.Diagnostics
	}
	return undynamic(t, b.typ, resp.State), nil
}

func TestServer_ReadDataSource(t *testing.T) {
	tests := []struct {
		name     string
		typeName string
		cfg      map[string]any
		want     map[string]any
	}{
		{name: "CallerIdentity", typeName: "aws_caller_identity", want: map[string]any{
			"id": "123456789012", "account_id": "123456789012", "arn": "arn:aws:iam::123456789012:user/offline",
		}},
		{name: "Partition", typeName: "aws_partition", want: map[string]any{
			"id": "aws", "partition": "aws", "dns_suffix": "amazonaws.com", "reverse_dns_prefix": "com.amazonaws",
		}},
		{name: "Region", typeName: "aws_region", want: map[string]any{
			"id": "eu-west-1", "name": "eu-west-1", "region": "eu-west-1", "endpoint": "ec2.eu-west-1.amazonaws.com", "description": "Europe (Ireland)",
		}},
		{name: "OtherRegion", typeName: "aws_region", cfg: map[string]any{"region": "us-east-1"}, want: map[string]any{
			"id": "us-east-1", "description": "US East (N. Virginia)",
		}},
		{name: "ELBServiceAccount", typeName: "aws_elb_service_account", want: map[string]any{
			"id": "156460612806", "arn": "arn:aws:iam::156460612806:root",
		}},
		{name: "ELBServiceAccountTokyo", typeName: "aws_elb_service_account", cfg: map[string]any{"region": "ap-northeast-1"}, want: map[string]any{
			"id": "582318560864", "arn": "arn:aws:iam::582318560864:root",
		}},
		{name: "PolicyDocument", typeName: "aws_iam_policy_document", cfg: map[string]any{
			"statement": []any{map[string]any{"actions": []any{"sqs:SendMessage"}, "resources": []any{"*"}}},
		}, want: map[string]any{
			"minified_json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := readData(t, testServer(t), tt.typeName, tt.cfg)
			require.Empty(t, diags)
			for k, v := range tt.want {
				assert.Equal(t, v, got[k], k)
			}
		})
	}
}

func TestServer_ReadDataSource_NotImplemented(t *testing.T) {
	_, diags := readData(t, testServer(t), "aws_vpc", nil)
	require.Len(t, diags, 1)
	assert.Equal(t, "Data source not implemented offline", diags[0].Summary)
	assert.Contains(t, diags[0].Detail, `"aws_vpc"`)
}

func TestServer_ReadDataSource_Account(t *testing.T) {
	s := testServer(t)
	notFound := []struct {
		name     string
		typeName string
		cfg      map[string]any
		wantErr  string
	}{
		{name: "NoRepository", typeName: "aws_ecr_image", cfg: map[string]any{"repository_name": "todo-api", "image_tag": "v1"}, wantErr: "RepositoryNotFoundException"},
		{name: "NoObject", typeName: "aws_s3_object", cfg: map[string]any{"bucket": "artifacts", "key": "mailer/bootstrap.zip"}, wantErr: "couldn't find resource"},
		{name: "NoZone", typeName: "aws_route53_zone", cfg: map[string]any{"name": "example.com"}, wantErr: "no matching Route 53 Hosted Zone found"},
		{name: "NoSecret", typeName: "aws_secretsmanager_secret", cfg: map[string]any{"name": "db"}, wantErr: "ResourceNotFoundException"},
	}
	for _, tt := range notFound {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := readData(t, s, tt.typeName, tt.cfg)
			require.Len(t, diags, 1)
			assert.Contains(t, diags[0].Summary, tt.wantErr)
		})
	}

	create(t, s, "aws_ecr_repository", map[string]any{"name": "todo-api"})
	_, diags := readData(t, s, "aws_ecr_image", map[string]any{"repository_name": "todo-api", "image_tag": "v1"})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "ImageNotFoundException")

	require.NoError(t, s.Store().Update(func(a *account.Account) error {
		a.PushImage("todo-api", "v1")
		a.PutObject("artifacts", "mailer/bootstrap.zip")
		a.AddHostedZone("Z0123456789ABCDEFGHIJ", "example.com.")
		return nil
	}))
	image, diags := readData(t, s, "aws_ecr_image", map[string]any{"repository_name": "todo-api", "image_tag": "v1"})
	require.Empty(t, diags)
	assert.Regexp(t, `^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com/todo-api@sha256:[0-9a-f]{64}$`, image["image_uri"])
	object, diags := readData(t, s, "aws_s3_object", map[string]any{"bucket": "artifacts", "key": "mailer/bootstrap.zip"})
	require.Empty(t, diags)
	assert.Equal(t, "arn:aws:s3:::artifacts/mailer/bootstrap.zip", object["arn"])
	zone, diags := readData(t, s, "aws_route53_zone", map[string]any{"name": "example.com"})
	require.Empty(t, diags)
	assert.Equal(t, "Z0123456789ABCDEFGHIJ", zone["zone_id"])
	assert.Equal(t, "example.com", zone["name"])
}

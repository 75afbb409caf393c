package offlineaws

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServer_ValidateResourceTypeConfig(t *testing.T) {
	tests := []struct {
		name     string
		typeName string
		cfg      map[string]any
		wantPath string
		wantErr  string
	}{
		{name: "TargetGroup32", typeName: "aws_lb_target_group", cfg: map[string]any{"name": strings.Repeat("a", 32)}},
		{name: "TargetGroup33", typeName: "aws_lb_target_group", cfg: map[string]any{"name": strings.Repeat("a", 33)},
			wantPath: "name", wantErr: `"name" cannot be longer than 32 characters`},
		{name: "TargetGroupTrailingHyphen", typeName: "aws_lb_target_group", cfg: map[string]any{"name": "api-"},
			wantPath: "name", wantErr: `"name" cannot end with a hyphen`},
		{name: "TargetGroupPrefix7", typeName: "aws_lb_target_group", cfg: map[string]any{"name_prefix": "abcdefg"},
			wantPath: "name_prefix", wantErr: `"name_prefix" cannot be longer than 6 characters`},
		{name: "Queue80", typeName: "aws_sqs_queue", cfg: map[string]any{"name": strings.Repeat("q", 80)}},
		{name: "Queue81", typeName: "aws_sqs_queue", cfg: map[string]any{"name": strings.Repeat("q", 81)},
			wantPath: "name", wantErr: "invalid queue name: " + strings.Repeat("q", 81)},
		{name: "QueueFifo", typeName: "aws_sqs_queue", cfg: map[string]any{"name": strings.Repeat("q", 75) + ".fifo"}},
		{name: "QueueDot", typeName: "aws_sqs_queue", cfg: map[string]any{"name": "a.b"},
			wantPath: "name", wantErr: "invalid queue name: a.b"},
		{name: "Role65", typeName: "aws_iam_role", cfg: map[string]any{"name": strings.Repeat("r", 65), "assume_role_policy": "{}"},
			wantPath: "name", wantErr: "expected length of name to be in the range (1 - 64), got " + strings.Repeat("r", 65)},
		{name: "RolePrefix39", typeName: "aws_iam_role", cfg: map[string]any{"name_prefix": strings.Repeat("r", 39), "assume_role_policy": "{}"},
			wantPath: "name_prefix", wantErr: "expected length of name_prefix to be in the range (1 - 38), got " + strings.Repeat("r", 39)},
		{name: "Lambda65", typeName: "aws_lambda_function", cfg: map[string]any{"function_name": strings.Repeat("f", 65), "role": "r"},
			wantPath: "function_name", wantErr: "Member must have length less than or equal to 64"},
		{name: "BucketUpper", typeName: "aws_s3_bucket", cfg: map[string]any{"bucket": "Exports"},
			wantPath: "bucket", wantErr: `only lowercase alphanumeric characters, periods, and hyphens allowed in "bucket": "Exports"`},
		{name: "BucketShort", typeName: "aws_s3_bucket", cfg: map[string]any{"bucket": "ab"},
			wantPath: "bucket", wantErr: "expected length of bucket to be in the range (3 - 63), got ab"},
		{name: "RDSIdentifierDigit", typeName: "aws_db_instance", cfg: map[string]any{"identifier": "1db", "instance_class": "db.t4g.micro"},
			wantPath: "identifier", wantErr: `first character of "identifier" must be a letter`},
		{name: "RDSIdentifier64", typeName: "aws_db_instance", cfg: map[string]any{"identifier": strings.Repeat("d", 64), "instance_class": "db.t4g.micro"},
			wantPath: "identifier", wantErr: `"identifier" cannot be longer than 63 characters`},
		{name: "ParameterGroupUnderscore", typeName: "aws_db_parameter_group", cfg: map[string]any{"name": "pg_1", "family": "postgres16"},
			wantPath: "name", wantErr: `only lowercase alphanumeric characters, periods, and hyphens allowed in parameter group "name"`},
		{name: "ECRUpper", typeName: "aws_ecr_repository", cfg: map[string]any{"name": "Todo"},
			wantPath: "name", wantErr: "invalid value for name"},
		{name: "UnknownNameIsNotChecked", typeName: "aws_lb_target_group", cfg: map[string]any{"name": Unknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testServer(t)
			b := s.resources[tt.typeName].block
			resp, err := s.ValidateResourceTypeConfig(context.Background(), &tfprotov5.ValidateResourceTypeConfigRequest{
				TypeName: tt.typeName, Config: dynamic(t, b.typ, full(b, tt.cfg)),
			})
			require.NoError(t, err)
			if tt.wantErr == "" {
				require.Empty(t, resp.Diagnostics)
				return
			}
			require.NotEmpty(t, resp.Diagnostics)
			d := resp.Diagnostics[0]
			assert.Equal(t, tfprotov5.DiagnosticSeverityError, d.Severity)
			assert.Contains(t, d.Summary, tt.wantErr)
			assert.True(t, d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName(tt.wantPath)), "path %s", d.Attribute)
		})
	}
}

// Every limit names its source, so that a reader can check it.
func TestNameLimits_HaveSources(t *testing.T) {
	for typeName, limits := range nameLimits {
		for _, l := range limits {
			assert.NotEmpty(t, l.source, "%s.%s", typeName, l.attr)
			assert.NotEmpty(t, l.checks, "%s.%s", typeName, l.attr)
		}
	}
}

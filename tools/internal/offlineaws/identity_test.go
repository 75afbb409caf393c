package offlineaws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// The identities of resource types the fixture schema lacks, filled directly.
func TestIdentities(t *testing.T) {
	tests := []struct {
		name     string
		typeName string
		known    map[string]any
		unknown  []string
		want     map[string]string // attribute: regexp
	}{
		{name: "SecretsManagerSecret", typeName: "aws_secretsmanager_secret", known: map[string]any{"name": "db-master"}, unknown: []string{"id", "arn"},
			want: map[string]string{"arn": `^arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-master-[A-Za-z0-9]{6}$`}},
		{name: "DynamoDBTable", typeName: "aws_dynamodb_table", known: map[string]any{"name": "idem"}, unknown: []string{"id", "arn"},
			want: map[string]string{"arn": `^arn:aws:dynamodb:eu-west-1:123456789012:table/idem$`, "id": `^idem$`}},
		{name: "ECSCluster", typeName: "aws_ecs_cluster", known: map[string]any{"name": "main"}, unknown: []string{"id", "arn"},
			want: map[string]string{"arn": `^arn:aws:ecs:eu-west-1:123456789012:cluster/main$`}},
		{name: "ECSService", typeName: "aws_ecs_service", known: map[string]any{"name": "api", "cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/main"}, unknown: []string{"id"},
			want: map[string]string{"id": `^arn:aws:ecs:eu-west-1:123456789012:service/main/api$`}},
		{name: "LoadBalancer", typeName: "aws_lb", known: map[string]any{"name": "public"}, unknown: []string{"id", "arn", "arn_suffix", "dns_name"},
			want: map[string]string{
				"arn":      `^arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/public/[0-9a-f]{16}$`,
				"dns_name": `^public-\d{10}\.eu-west-1\.elb\.amazonaws\.com$`,
			}},
		{name: "ACMCertificate", typeName: "aws_acm_certificate", known: map[string]any{"domain_name": "api.example.com"}, unknown: []string{"id", "arn", "status"},
			want: map[string]string{"arn": `^arn:aws:acm:eu-west-1:123456789012:certificate/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$`, "status": `^PENDING_VALIDATION$`}},
		{name: "KMSKey", typeName: "aws_kms_key", unknown: []string{"id", "arn", "key_id"},
			want: map[string]string{"arn": `^arn:aws:kms:eu-west-1:123456789012:key/[0-9a-f-]{36}$`}},
		{name: "LogGroup", typeName: "aws_cloudwatch_log_group", known: map[string]any{"name": "/ecs/api"}, unknown: []string{"id", "arn"},
			want: map[string]string{"arn": `^arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/api$`}},
		{name: "SecurityGroup", typeName: "aws_security_group", known: map[string]any{"name": "api"}, unknown: []string{"id", "arn"},
			want: map[string]string{"id": `^sg-[0-9a-f]{17}$`, "arn": `^arn:aws:ec2:eu-west-1:123456789012:security-group/sg-[0-9a-f]{17}$`}},
		{name: "Generic", typeName: "aws_sns_platform_application", unknown: []string{"id", "arn"},
			want: map[string]string{"id": `^[0-9a-f]{20}$`, "arn": `^arn:aws:sns:eu-west-1:123456789012:platform_application/[0-9a-f]{20}$`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := map[string]any{}
			for k, v := range tt.known {
				state[k] = v
			}
			for _, k := range tt.unknown {
				state[k] = Unknown
			}
			f := &filler{typeName: tt.typeName, region: "eu-west-1", accountID: "123456789012",
				account: &account.Account{}, state: state, seed: seedOf(tt.typeName, state)}
			f.fillIdentity()
			for k, re := range tt.want {
				assert.Regexp(t, re, state[k], k)
			}
		})
	}
}

func TestIdentities_TaskDefinitionRevisions(t *testing.T) {
	a := &account.Account{}
	for want := 1; want <= 2; want++ {
		state := map[string]any{"family": "api", "container_definitions": "[]", "id": Unknown, "arn": Unknown, "revision": Unknown}
		f := &filler{typeName: "aws_ecs_task_definition", region: "eu-west-1", accountID: "123456789012", account: a, state: state, seed: "s"}
		f.fillIdentity()
		a.PutResource("aws_ecs_task_definition", state["arn"].(string), state)
		assert.Equal(t, "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:"+string(rune('0'+want)), state["arn"])
	}
}

package offlineaws

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// defaultWhenUnset lists, per resource type, the optional arguments whose SDKv2 schema in
// hashicorp/aws has a `Default:`: the real provider plans that value when the configuration
// leaves the argument unset, so plans (and the policy checks that read them) show it. The
// offline provider serves these arguments Optional+Computed (the protocol's way to let a
// provider plan a value the configuration did not give) and plans the default whenever the
// configuration leaves them unset, on create and on update alike.
//
// Source of every entry: the resource's schema in hashicorp/terraform-provider-aws v6.x,
// internal/service/<service>/<file>.go, named next to each type.
var defaultWhenUnset = map[string]map[string]any{
	// sqs/queue.go (the queue attributes' defaults, as CreateQueue documents them)
	"aws_sqs_queue": {"delay_seconds": num(0), "message_retention_seconds": num(345600), "receive_wait_time_seconds": num(0),
		"visibility_timeout_seconds": num(30), "fifo_queue": false, "content_based_deduplication": false},
	// iam/role.go
	"aws_iam_role": {"path": "/", "max_session_duration": num(3600), "force_detach_policies": false},
	// s3/bucket.go
	"aws_s3_bucket": {"force_destroy": false},
	// lambda/function.go
	"aws_lambda_function": {"memory_size": num(128), "timeout": num(3), "package_type": "Zip", "publish": false},
	// elbv2/load_balancer.go
	"aws_lb": {"load_balancer_type": "application", "enable_deletion_protection": false, "drop_invalid_header_fields": false,
		"idle_timeout": num(60), "enable_http2": true, "desync_mitigation_mode": "defensive"},
	// rds/instance.go
	"aws_db_instance": {"publicly_accessible": false, "deletion_protection": false, "skip_final_snapshot": false,
		"copy_tags_to_snapshot": false, "auto_minor_version_upgrade": true},
	// ec2/vpc_security_group.go
	"aws_security_group": {"description": "Managed by Terraform", "revoke_rules_on_delete": false},
	// kms/key.go
	"aws_kms_key": {"is_enabled": true, "enable_key_rotation": false, "key_usage": "ENCRYPT_DECRYPT",
		"customer_master_key_spec": "SYMMETRIC_DEFAULT", "bypass_policy_lockout_safety_check": false},
	// logs/group.go
	"aws_cloudwatch_log_group": {"retention_in_days": num(0), "skip_destroy": false},
	// ecs/service.go
	"aws_ecs_service": {"enable_ecs_managed_tags": false, "enable_execute_command": false, "wait_for_steady_state": false,
		"scheduling_strategy": "REPLICA"},
	// dynamodb/table.go
	"aws_dynamodb_table": {"billing_mode": "PROVISIONED"},
	// ec2/vpc_.go
	"aws_vpc": {"enable_dns_support": true, "instance_tenancy": "default"},
	// ecr/repository.go
	"aws_ecr_repository": {"force_delete": false, "image_tag_mutability": "MUTABLE"},
}

func num(n int) json.Number { return json.Number(strconv.Itoa(n)) }

// applyDefaults plans the default of every defaulted argument the configuration leaves unset.
func applyDefaults(typeName string, planned, config map[string]any) {
	for name, v := range defaultWhenUnset[typeName] {
		if _, ok := planned[name]; ok && config[name] == nil {
			planned[name] = v
		}
	}
}

// reportedWhenUnset lists, per resource type, what the real provider reads back from AWS for
// optional+computed arguments the configuration leaves unset, where a made-up value would
// mislead (the apply fills other unknown strings with deterministic text). Sources: the Read
// function of each resource in hashicorp/terraform-provider-aws v6.x and the service's
// Get/Describe API reference.
var reportedWhenUnset = map[string]map[string]any{
	// sqs/queue.go reads the queue's attributes: no policy or redrive policy is "", a standard
	// queue has no deduplication scope or throughput limit, and new queues get SSE-SQS (SQS
	// developer guide, "Encryption at rest": SSE-SQS is the default since October 2022).
	"aws_sqs_queue": {"policy": "", "redrive_policy": "", "redrive_allow_policy": "", "deduplication_scope": "",
		"fifo_throughput_limit": "", "sqs_managed_sse_enabled": true, "kms_data_key_reuse_period_seconds": num(300)},
}

// fillReported sets the values AWS reports for unset optional+computed arguments: the table's,
// and "" for any policy document nobody set (every policy argument reads back empty).
func fillReported(typeName string, b *blockSchema, state map[string]any) {
	for name, v := range reportedWhenUnset[typeName] {
		if isUnknown(state[name]) {
			state[name] = v
		}
	}
	for name, a := range b.attrs {
		policy := name == "policy" || strings.HasSuffix(name, "_policy")
		if policy && a.typ.Is(tftypes.String) && isUnknown(state[name]) {
			state[name] = ""
		}
	}
}

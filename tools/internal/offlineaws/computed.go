package offlineaws

// computedWhenUnset lists, per resource type, the optional arguments that hashicorp/aws declares
// Optional+Computed: the provider (or AWS) fills them when the configuration leaves them unset.
// The schema package cannot tell them apart from plain optional arguments (the npm bindings it is
// derived from have no such flag), so this table decides what the offline provider serves.
// Paths inside nested blocks are dotted ("block.attribute").
//
// Rules that hold for every resource and need no entry here (see isComputedWhenUnset):
// `id` and `tags_all` are always computed; `name` is computed where `name_prefix` exists
// (internal/create.Name generates it).
//
// Source of every entry: the resource's schema in hashicorp/terraform-provider-aws v6.x,
// internal/service/<service>/<resource>.go (`Optional: true, Computed: true`).
var computedWhenUnset = map[string]map[string]bool{
	// internal/service/sqs/queue.go
	"aws_sqs_queue": set("policy", "redrive_policy", "redrive_allow_policy", "sqs_managed_sse_enabled",
		"kms_data_key_reuse_period_seconds", "deduplication_scope", "fifo_throughput_limit"),
	// internal/service/s3/bucket.go
	"aws_s3_bucket": set("bucket", "object_lock_enabled", "acceleration_status", "acl", "policy",
		"request_payer"),
	// internal/service/s3/object.go
	"aws_s3_object": set("acl", "bucket_key_enabled", "content_type", "etag", "kms_key_id",
		"server_side_encryption", "storage_class", "checksum_algorithm"),
	// internal/service/iam/role.go
	"aws_iam_role": set("inline_policy", "managed_policy_arns"),
	// internal/service/elbv2/load_balancer.go
	"aws_lb": set("security_groups", "subnets", "ip_address_type", "enable_xff_client_port",
		"preserve_host_header", "dns_record_client_routing_policy", "client_keep_alive"),
	// internal/service/elbv2/target_group.go
	"aws_lb_target_group": set("load_balancing_algorithm_type", "load_balancing_anomaly_mitigation",
		"load_balancing_cross_zone_enabled", "protocol_version", "lambda_multi_value_headers_enabled",
		"proxy_protocol_v2", "slow_start", "ip_address_type", "deregistration_delay"),
	// internal/service/elbv2/listener.go
	"aws_lb_listener": set("port", "protocol", "ssl_policy", "routing_http_response_server_enabled",
		"tcp_idle_timeout_seconds"),
	// internal/service/elbv2/listener_rule.go
	"aws_lb_listener_rule": set("priority"),
	// internal/service/rds/instance.go
	"aws_db_instance": set("identifier", "db_name", "engine", "engine_version", "parameter_group_name",
		"db_subnet_group_name", "port", "availability_zone", "vpc_security_group_ids", "kms_key_id",
		"backup_window", "maintenance_window", "option_group_name", "storage_type", "iops",
		"ca_cert_identifier", "license_model", "performance_insights_kms_key_id",
		"performance_insights_retention_period", "monitoring_role_arn", "master_user_secret_kms_key_id",
		"storage_throughput", "network_type", "backup_retention_period", "engine_lifecycle_support",
		"character_set_name", "nchar_character_set_name", "timezone", "username", "database_insights_mode"),
	// internal/service/lambda/function.go
	"aws_lambda_function": set("architectures", "source_code_hash", "kms_key_arn", "signing_job_arn",
		"signing_profile_version_arn"),
	// internal/service/ecs/service.go
	"aws_ecs_service": set("cluster", "iam_role", "launch_type", "platform_version", "triggers",
		"availability_zone_rebalancing"),
	// internal/service/ecs/task_definition.go
	"aws_ecs_task_definition": set("network_mode", "track_latest"),
	// internal/service/ec2/vpc_security_group.go
	"aws_security_group": set("egress", "ingress"),
	// internal/service/ec2/vpc_.go
	"aws_vpc": set("enable_dns_hostnames", "enable_network_address_usage_metrics", "ipv6_cidr_block",
		"ipv6_cidr_block_network_border_group", "ipv6_ipam_pool_id", "ipv4_ipam_pool_id", "cidr_block",
		"instance_tenancy", "assign_generated_ipv6_cidr_block"),
	// internal/service/ec2/vpc_subnet.go
	"aws_subnet": set("availability_zone", "availability_zone_id", "ipv6_cidr_block",
		"enable_dns64", "ipv6_native", "private_dns_hostname_type_on_launch"),
	// internal/service/ec2/vpc_route_table.go
	"aws_route_table": set("route", "propagating_vgws"),
	// internal/service/ec2/vpc_internet_gateway.go
	"aws_internet_gateway": set("vpc_id"),
	// internal/service/ec2/vpc_nat_gateway.go
	"aws_nat_gateway": set("private_ip", "secondary_allocation_ids", "secondary_private_ip_addresses",
		"secondary_private_ip_address_count"),
	// internal/service/ec2/ec2_eip.go
	"aws_eip": set("domain", "network_border_group", "public_ipv4_pool", "address", "associate_with_private_ip",
		"instance", "network_interface"),
	// internal/service/ec2/vpc_endpoint.go
	"aws_vpc_endpoint": set("policy", "private_dns_enabled", "route_table_ids", "security_group_ids",
		"subnet_ids", "ip_address_type", "auto_accept", "dns_options"),
	// internal/service/kms/key.go
	"aws_kms_key": set("policy", "description", "multi_region", "rotation_period_in_days"),
	// internal/service/logs/group.go
	"aws_cloudwatch_log_group": set("log_group_class"),
	// internal/service/dynamodb/table.go
	"aws_dynamodb_table": set("stream_view_type", "read_capacity", "write_capacity", "table_class",
		"stream_enabled"),
	// internal/service/acm/certificate.go
	"aws_acm_certificate": set("domain_name", "subject_alternative_names", "validation_method",
		"key_algorithm"),
	// internal/service/route53/record.go
	"aws_route53_record": set("allow_overwrite", "multivalue_answer_routing_policy"),
	// internal/service/appautoscaling/target.go
	"aws_appautoscaling_target": set("role_arn"),
	// internal/service/ecr/repository.go
	"aws_ecr_repository": set("image_tag_mutability"),
	// internal/service/ecs/cluster.go
	"aws_ecs_cluster": set("configuration"),
	// internal/service/secretsmanager/secret.go
	"aws_secretsmanager_secret": set("policy", "kms_key_id"),
	// internal/service/sesv2/email_identity.go
	"aws_sesv2_email_identity": set("configuration_set_name"),
	// internal/service/lambda/event_source_mapping.go
	"aws_lambda_event_source_mapping": set("batch_size", "maximum_batching_window_in_seconds",
		"function_response_types", "maximum_record_age_in_seconds", "maximum_retry_attempts",
		"parallelization_factor", "starting_position", "tumbling_window_in_seconds", "enabled"),
	// internal/service/iam/openid_connect_provider.go
	"aws_iam_openid_connect_provider": set("thumbprint_list"),
	// internal/service/s3/bucket_lifecycle_configuration.go
	"aws_s3_bucket_lifecycle_configuration": set("transition_default_minimum_object_size"),
	// internal/service/ecr/lifecycle_policy.go, internal/service/s3/bucket_policy.go: none.
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

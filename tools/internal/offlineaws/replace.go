package offlineaws

// forceNew lists, per resource type, the top-level arguments and blocks whose change makes
// hashicorp/aws replace the resource (`ForceNew: true` in the SDKv2 schema, or a
// RequiresReplace plan modifier in the Framework ones). It includes at least every argument that
// determines a cloud-side name. A change to any of them yields RequiresReplace at plan.
//
// Source of every entry: the resource's schema in hashicorp/terraform-provider-aws v6.x,
// internal/service/<service>/<file>.go, named next to each entry.
var forceNew = map[string][]string{
	// sqs/queue.go
	"aws_sqs_queue": {"name", "name_prefix", "fifo_queue"},
	// sqs/queue_policy.go
	"aws_sqs_queue_policy": {"queue_url"},
	// sqs/queue_redrive_allow_policy.go
	"aws_sqs_queue_redrive_allow_policy": {"queue_url"},
	// sqs/queue_redrive_policy.go
	"aws_sqs_queue_redrive_policy": {"queue_url"},
	// iam/role.go
	"aws_iam_role": {"name", "name_prefix", "path"},
	// iam/role_policy.go
	"aws_iam_role_policy": {"name", "name_prefix", "role"},
	// iam/role_policy_attachment.go
	"aws_iam_role_policy_attachment": {"role", "policy_arn"},
	// iam/policy.go
	"aws_iam_policy": {"name", "name_prefix", "path"},
	// iam/openid_connect_provider.go
	"aws_iam_openid_connect_provider": {"url"},
	// s3/bucket.go
	"aws_s3_bucket": {"bucket", "bucket_prefix", "object_lock_enabled"},
	// s3/bucket_versioning.go
	"aws_s3_bucket_versioning": {"bucket", "expected_bucket_owner"},
	// s3/bucket_server_side_encryption_configuration.go
	"aws_s3_bucket_server_side_encryption_configuration": {"bucket", "expected_bucket_owner"},
	// s3/bucket_public_access_block.go
	"aws_s3_bucket_public_access_block": {"bucket"},
	// s3/bucket_policy.go
	"aws_s3_bucket_policy": {"bucket"},
	// s3/bucket_ownership_controls.go
	"aws_s3_bucket_ownership_controls": {"bucket"},
	// s3/bucket_lifecycle_configuration.go
	"aws_s3_bucket_lifecycle_configuration": {"bucket", "expected_bucket_owner"},
	// s3/object.go
	"aws_s3_object": {"bucket", "key"},
	// lambda/function.go
	"aws_lambda_function": {"function_name", "package_type"},
	// lambda/event_source_mapping.go
	"aws_lambda_event_source_mapping": {"event_source_arn", "starting_position", "starting_position_timestamp", "self_managed_event_source"},
	// dynamodb/table.go
	"aws_dynamodb_table": {"name", "hash_key", "range_key"},
	// rds/instance.go
	"aws_db_instance": {"identifier", "identifier_prefix", "engine", "kms_key_id", "storage_encrypted", "username", "db_name", "character_set_name", "snapshot_identifier", "availability_zone", "replicate_source_db", "timezone"},
	// rds/parameter_group.go
	"aws_db_parameter_group": {"name", "name_prefix", "family", "description"},
	// rds/subnet_group.go
	"aws_db_subnet_group": {"name", "name_prefix"},
	// ecr/repository.go
	"aws_ecr_repository": {"name", "encryption_configuration"},
	// ecr/lifecycle_policy.go
	"aws_ecr_lifecycle_policy": {"repository"},
	// ecs/cluster.go
	"aws_ecs_cluster": {"name"},
	// ecs/cluster_capacity_providers.go
	"aws_ecs_cluster_capacity_providers": {"cluster_name"},
	// ecs/service.go
	"aws_ecs_service": {"name", "cluster", "iam_role", "launch_type", "scheduling_strategy"},
	// ecs/task_definition.go
	"aws_ecs_task_definition": {"family", "container_definitions", "cpu", "memory", "network_mode", "requires_compatibilities", "execution_role_arn", "task_role_arn", "runtime_platform", "volume", "ephemeral_storage", "pid_mode", "ipc_mode", "proxy_configuration", "placement_constraints"},
	// elbv2/load_balancer.go
	"aws_lb": {"name", "name_prefix", "internal", "load_balancer_type"},
	// elbv2/target_group.go
	"aws_lb_target_group": {"name", "name_prefix", "port", "protocol", "vpc_id", "target_type", "protocol_version"},
	// elbv2/listener.go
	"aws_lb_listener": {"load_balancer_arn"},
	// elbv2/listener_rule.go
	"aws_lb_listener_rule": {"listener_arn"},
	// acm/certificate.go
	"aws_acm_certificate": {"domain_name", "subject_alternative_names", "key_algorithm", "certificate_authority_arn", "private_key", "certificate_body", "certificate_chain"},
	// acm/certificate_validation.go
	"aws_acm_certificate_validation": {"certificate_arn", "validation_record_fqdns"},
	// route53/record.go (type and set_identifier are updated in place)
	"aws_route53_record": {"zone_id", "name"},
	// route53/zone.go
	"aws_route53_zone": {"name", "delegation_set_id"},
	// kms/key.go
	"aws_kms_key": {"customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"},
	// kms/alias.go
	"aws_kms_alias": {"name", "name_prefix"},
	// logs/group.go
	"aws_cloudwatch_log_group": {"name", "name_prefix", "log_group_class"},
	// ec2/vpc_security_group.go
	"aws_security_group": {"name", "name_prefix", "vpc_id", "description"},
	// ec2/vpc_security_group_ingress_rule.go
	"aws_vpc_security_group_ingress_rule": {"security_group_id"},
	// ec2/vpc_security_group_egress_rule.go
	"aws_vpc_security_group_egress_rule": {"security_group_id"},
	// ec2/vpc_.go
	"aws_vpc": {"cidr_block", "ipv4_ipam_pool_id", "ipv4_netmask_length"},
	// ec2/vpc_subnet.go
	"aws_subnet": {"vpc_id", "cidr_block", "availability_zone", "availability_zone_id", "outpost_arn"},
	// ec2/vpc_route_table.go
	"aws_route_table": {"vpc_id"},
	// ec2/vpc_route_table_association.go
	"aws_route_table_association": {"subnet_id", "gateway_id"},
	// ec2/vpc_nat_gateway.go
	"aws_nat_gateway": {"allocation_id", "subnet_id", "connectivity_type", "private_ip"},
	// ec2/ec2_eip.go
	"aws_eip": {"domain", "network_border_group", "public_ipv4_pool", "address", "customer_owned_ipv4_pool", "ipam_pool_id"},
	// ec2/vpc_endpoint.go
	"aws_vpc_endpoint": {"vpc_id", "service_name", "vpc_endpoint_type", "service_region"},
	// sesv2/email_identity.go
	"aws_sesv2_email_identity": {"email_identity"},
	// sesv2/configuration_set.go
	"aws_sesv2_configuration_set": {"configuration_set_name"},
	// sesv2/email_identity_mail_from_attributes.go
	"aws_sesv2_email_identity_mail_from_attributes": {"email_identity"},
	// appautoscaling/target.go
	"aws_appautoscaling_target": {"resource_id", "scalable_dimension", "service_namespace"},
	// appautoscaling/policy.go
	"aws_appautoscaling_policy": {"name", "resource_id", "scalable_dimension", "service_namespace"},
	// secretsmanager/secret.go
	"aws_secretsmanager_secret": {"name", "name_prefix"},
	// ssm/parameter.go
	"aws_ssm_parameter": {"name"},
	// sns/topic.go
	"aws_sns_topic": {"name", "name_prefix", "fifo_topic"},
	// cloudwatch/metric_alarm.go
	"aws_cloudwatch_metric_alarm": {"alarm_name"},
	// rds/proxy.go
	"aws_db_proxy": {"name", "engine_family"},
	// ecr/repository_policy.go
	"aws_ecr_repository_policy": {"repository"},
	// iam/user.go (a rename is UpdateUser, in place)
	"aws_iam_user": {},
	// ec2/vpc_internet_gateway.go (attachment changes in place)
	"aws_internet_gateway": {},
	// lambda/permission.go (every argument)
	"aws_lambda_permission": {"action", "function_name", "principal", "statement_id", "statement_id_prefix", "qualifier",
		"source_arn", "source_account", "event_source_token", "principal_org_id", "function_url_auth_type"},
	// rds/cluster_role_association.go
	"aws_rds_cluster_role_association": {"db_cluster_identifier", "role_arn", "feature_name"},
	// sesv2/email_identity_feedback_attributes.go
	"aws_sesv2_email_identity_feedback_attributes": {"email_identity"},
	// wafv2/web_acl.go
	"aws_wafv2_web_acl": {"name", "name_prefix", "scope"},
	// wafv2/web_acl_association.go
	"aws_wafv2_web_acl_association": {"resource_arn", "web_acl_arn"},
	// cloudwatch/composite_alarm.go
	"aws_cloudwatch_composite_alarm": {"alarm_name"},
	// cloudwatch/dashboard.go
	"aws_cloudwatch_dashboard": {"dashboard_name"},
	// logs/metric_filter.go
	"aws_cloudwatch_log_metric_filter": {"name", "log_group_name"},
	// ec2/vpc_flow_log.go: every argument but tags
	"aws_flow_log": {"deliver_cross_account_role", "destination_options", "eni_id", "iam_role_arn",
		"log_destination", "log_destination_type", "log_format",
		"max_aggregation_interval", "subnet_id", "traffic_type", "transit_gateway_attachment_id",
		"transit_gateway_id", "vpc_id"},
	// s3/bucket_logging.go
	"aws_s3_bucket_logging": {"bucket", "expected_bucket_owner"},
	// sesv2/account_suppression_attributes.go: an account singleton, updated in place
	"aws_sesv2_account_suppression_attributes": {},
	// sesv2/configuration_set_event_destination.go
	"aws_sesv2_configuration_set_event_destination": {"configuration_set_name", "event_destination_name"},
	// sns/topic_policy.go
	"aws_sns_topic_policy": {"arn"},
	// sns/topic_subscription.go
	"aws_sns_topic_subscription": {"endpoint", "protocol", "topic_arn"},
	// wafv2/web_acl_logging_configuration.go
	"aws_wafv2_web_acl_logging_configuration": {"resource_arn"},
	// chatbot/slack_channel_configuration.go
	"aws_chatbot_slack_channel_configuration": {"configuration_name", "slack_team_id"},
}

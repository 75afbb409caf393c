# Plan-only tests with a mocked AWS provider: they need the provider binary, so `make tf/test`
# runs them only with TF_ACC=1 (CI), never with credentials.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment     = "stg"
  service         = "todo-batch"
  component       = "worker"
  cluster_arn     = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
  image           = "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/tsumiki-stg-todo-batch-images:v1"
  vpc_id          = "vpc-00000000000000000"
  subnet_ids      = ["subnet-00000000000000001", "subnet-00000000000000002"]
  log_kms_key_arn = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"

  endpoints_security_group_id      = "sg-0000000000000000e"
  gateway_endpoint_prefix_list_ids = { s3 = "pl-61a54008" }
}

run "drains_within_the_stop_timeout_and_rolls_back" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].stopTimeout == 30
    error_message = "ECS must give the container 30 s after SIGTERM (services drain in 25 s)."
  }
  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "Failed deployments must roll back."
  }
}

run "no_load_balancer_for_workers" {
  command = plan

  assert {
    condition     = length(aws_lb_target_group.this) == 0 && length(aws_lb_listener_rule.this) == 0
    error_message = "Without listener_arn the service must have no target group or listener rule."
  }
}

# No egress to the internet: HTTPS to the interface endpoints' group and to the S3 gateway
# endpoint's prefix list, nothing else (PostgreSQL comes from the database's client group).
run "egress_only_to_aws_endpoints" {
  command = plan

  assert {
    condition     = aws_vpc_security_group_egress_rule.https_to_interface_endpoints.referenced_security_group_id == "sg-0000000000000000e" && aws_vpc_security_group_egress_rule.https_to_interface_endpoints.from_port == 443 && aws_vpc_security_group_egress_rule.https_to_interface_endpoints.to_port == 443
    error_message = "Tasks reach the interface endpoints over HTTPS only."
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.https_to_gateway_endpoints["s3"].prefix_list_id == "pl-61a54008" && aws_vpc_security_group_egress_rule.https_to_gateway_endpoints["s3"].ip_protocol == "tcp"
    error_message = "Tasks reach S3 through its gateway endpoint's prefix list over HTTPS."
  }
}

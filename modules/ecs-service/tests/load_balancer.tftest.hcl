# Whether a service sits behind the load balancer is a literal input (load_balanced), never
# derived from listener_arn: on a fresh account the listener's ARN is unknown at plan time, and
# count needs a known value ("Invalid count argument" stopped todo-api's first plan).

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment     = "stg"
  service         = "todo-api"
  cluster_arn     = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
  image           = "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/tsumiki-stg-todo-api-images:v1"
  vpc_id          = "vpc-00000000000000000"
  subnet_ids      = ["subnet-00000000000000001", "subnet-00000000000000002"]
  log_kms_key_arn = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"

  endpoints_security_group_id      = "sg-0000000000000000e"
  gateway_endpoint_prefix_list_ids = { s3 = "pl-61a54008" }
}

run "load_balanced_service_gets_target_group_and_rule" {
  command = plan

  variables {
    load_balanced                   = true
    container_port                  = 8080
    listener_arn                    = "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:listener/app/tsumiki-stg-todo-api-lb/0123456789abcdef/0123456789abcdef"
    load_balancer_security_group_id = "sg-0000000000000000a"
  }

  assert {
    condition     = length(aws_lb_target_group.this) == 1 && length(aws_lb_listener_rule.this) == 1 && length(aws_vpc_security_group_ingress_rule.from_load_balancer) == 1
    error_message = "load_balanced = true must create the target group, the listener rule and the ingress from the load balancer."
  }
}

run "load_balanced_needs_the_listener" {
  command = plan

  variables {
    load_balanced  = true
    container_port = 8080
  }

  expect_failures = [var.load_balanced]
}

run "listener_rule_forwards_only_the_given_paths" {
  command = plan

  variables {
    load_balanced                   = true
    container_port                  = 8080
    listener_arn                    = "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:listener/app/tsumiki-stg-todo-api-lb/0123456789abcdef/0123456789abcdef"
    load_balancer_security_group_id = "sg-0000000000000000a"
    path_patterns                   = ["/v1/*", "/healthz", "/readyz"]
  }

  assert {
    condition     = toset(flatten([for c in aws_lb_listener_rule.this[0].condition : [for p in c.path_pattern : p.values]])) == toset(["/v1/*", "/healthz", "/readyz"])
    error_message = "The listener rule must forward exactly path_patterns."
  }
}

# A listener rule takes at most 5 condition values (Application Load Balancer quotas).
run "path_patterns_within_the_rule_limit" {
  command = plan

  variables {
    load_balanced                   = true
    container_port                  = 8080
    listener_arn                    = "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:listener/app/tsumiki-stg-todo-api-lb/0123456789abcdef/0123456789abcdef"
    load_balancer_security_group_id = "sg-0000000000000000a"
    path_patterns                   = ["/a", "/b", "/c", "/d", "/e", "/f"]
  }

  expect_failures = [var.path_patterns]
}

# What reaches todo-api from the internet (issue 15): only the API and the probes are forwarded,
# everything else is the listener's 404, and an AWS WAF rate-based rule per client IP guards the
# load balancer. Planned against a mock provider and stand-in remote states.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_data "aws_region" {
    defaults = {
      region = "ap-northeast-1"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111111111111"
    }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:loadbalancer/app/tsumiki-stg-todo-api-lb/0123456789abcdef"
    }
  }
  mock_resource "aws_acm_certificate" {
    defaults = {
      domain_validation_options = [{
        domain_name           = "api.stg.tsumiki.example"
        resource_record_name  = "_x.api.stg.tsumiki.example."
        resource_record_type  = "CNAME"
        resource_record_value = "_y.acm-validations.aws."
      }]
    }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:ap-northeast-1:111111111111:regional/webacl/tsumiki-stg-todo-api-waf/00000000-0000-0000-0000-000000000000"
    }
  }
}

override_data {
  target = data.terraform_remote_state.network
  values = {
    outputs = {
      vpc_id                           = "vpc-00000000000000000"
      vpc_cidr_block                   = "10.20.0.0/16"
      public_subnet_ids                = ["subnet-00000000000000001", "subnet-00000000000000002"]
      private_subnet_ids               = ["subnet-00000000000000003", "subnet-00000000000000004"]
      endpoints_security_group_id      = "sg-0000000000000000e"
      gateway_endpoint_prefix_list_ids = { s3 = "pl-61a54008" }
    }
  }
}

override_data {
  target = data.terraform_remote_state.shared
  values = {
    outputs = {
      ecs_cluster_arn     = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
      ecr_repository_urls = { "todo-api" = "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/tsumiki-stg-todo-api-images" }
      logs_kms_key_arn    = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"
    }
  }
}

override_data {
  target = data.terraform_remote_state.database
  values = {
    outputs = {
      client_security_group_id = "sg-0000000000000000d"
      database_address         = "db.example.ap-northeast-1.rds.amazonaws.com"
      database_port            = 5432
      database_name            = "tsumiki"
      database_resource_id     = "db-ABCDEFGHIJKLMNOPQRSTUVWXY0"
    }
  }
}

override_data {
  target = data.terraform_remote_state.mailer
  values = {
    outputs = {
      queue_arn = "arn:aws:sqs:ap-northeast-1:111111111111:tsumiki-stg-mailer-queue"
    }
  }
}

variables {
  environment                       = "stg"
  region                            = "ap-northeast-1"
  state_bucket                      = "tsumiki-stg-platform-tfstate"
  host_name                         = "api.stg.tsumiki.example"
  dns_zone_id                       = "Z0000000000000000STG1"
  cpu                               = 256
  memory                            = 512
  min_count                         = 1
  max_count                         = 2
  load_balancer_deletion_protection = false
  waf_rate_limit_per_5_minutes      = 1000
}

run "only_the_api_and_the_probes_are_public" {
  command = plan

  assert {
    condition     = toset(output.public_path_patterns) == toset(["/v1/*", "/healthz", "/readyz"])
    error_message = "The load balancer must forward /v1/*, /healthz and /readyz only: /metrics, /openapi.yaml and /docs stay inside the VPC."
  }

  assert {
    condition = (
      aws_lb_listener.https.default_action[0].type == "fixed-response" &&
      aws_lb_listener.https.default_action[0].fixed_response[0].status_code == "404"
    )
    error_message = "Every path the rules do not forward must get the listener's default 404."
  }
}

run "waf_blocks_a_client_ip_over_the_limit" {
  command = plan

  assert {
    condition     = aws_wafv2_web_acl.this.scope == "REGIONAL" && length(aws_wafv2_web_acl.this.default_action[0].allow) == 1
    error_message = "The web ACL is regional (for a load balancer) and allows what no rule blocks."
  }

  assert {
    condition = (
      jsondecode(aws_wafv2_web_acl.this.rule_json)[0].Statement.RateBasedStatement.AggregateKeyType == "IP" &&
      jsondecode(aws_wafv2_web_acl.this.rule_json)[0].Statement.RateBasedStatement.Limit == 1000 &&
      jsondecode(aws_wafv2_web_acl.this.rule_json)[0].Statement.RateBasedStatement.EvaluationWindowSec == 300
    )
    error_message = "The rate-based rule must count per client IP over 5 minutes with the environment's limit."
  }

  assert {
    condition     = jsondecode(aws_wafv2_web_acl.this.rule_json)[0].Action.Block.CustomResponse.ResponseCode == 429
    error_message = "A blocked client gets 429, as the service's own rate limit answers."
  }
}

run "waf_is_on_the_load_balancer" {
  # apply against the mock provider, so the ARNs the association names are known.
  command = apply

  assert {
    condition     = aws_wafv2_web_acl_association.lb.resource_arn == aws_lb.this.arn && aws_wafv2_web_acl_association.lb.web_acl_arn == aws_wafv2_web_acl.this.arn
    error_message = "The web ACL must be associated with the API's load balancer."
  }
}

run "waf_limit_must_be_in_aws_range" {
  command = plan

  variables {
    waf_rate_limit_per_5_minutes = 5
  }

  expect_failures = [var.waf_rate_limit_per_5_minutes]
}

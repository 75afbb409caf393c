# What reaches the API from the internet (issue 15). The HTTPS listener's default action is a
# 404 (main.tf); only public_path_patterns are forwarded to the tasks, so /metrics (served on
# the tasks' internal port, which has no target group anyway), /openapi.yaml and /docs stay
# inside the VPC. An AWS WAF web ACL on the load balancer blocks a client IP that sends more
# than waf_rate_limit_per_5_minutes requests in any 5-minute window.

locals {
  # The API, the liveness and the readiness probe. Path patterns are case-sensitive and match
  # the path only (not the query string); a listener rule takes at most 5 condition values
  # (Elastic Load Balancing User Guide for Application Load Balancers, "Quotas").
  public_path_patterns = ["/v1/*", "/healthz", "/readyz"]

  # The problem+json body WAF answers a blocked request with, like the service's own 429.
  waf_rate_limited_body = "rate-limited"
}

module "waf_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "todo-api"
  component   = "waf"
  max_length  = 128
}

resource "aws_wafv2_web_acl" "this" {
  name        = module.waf_name.id
  description = "todo-api: rate limit per client IP"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  custom_response_body {
    key          = local.waf_rate_limited_body
    content_type = "APPLICATION_JSON"
    content = jsonencode({
      type   = "about:blank"
      title  = "Too Many Requests"
      status = 429
      detail = "this client address sent more than ${var.waf_rate_limit_per_5_minutes} requests in 5 minutes; retry later"
    })
  }

  # The rules as the WAF API's JSON (rule_json): the provider's nested statement blocks are
  # not in the schema the offline checks use, and this is the same rule either way. A
  # rate-based statement counts requests per aggregate key (the client IP, "IP") over the
  # evaluation window (60, 120, 300 or 600 seconds) and blocks the key while it is over the
  # limit (AWS WAF Developer Guide, "Rate-based rule statement").
  rule_json = jsonencode([
    {
      Name     = "rate-limit-per-ip"
      Priority = 0
      Statement = {
        RateBasedStatement = {
          Limit               = var.waf_rate_limit_per_5_minutes
          EvaluationWindowSec = 300
          AggregateKeyType    = "IP"
        }
      }
      Action = {
        Block = {
          CustomResponse = {
            ResponseCode          = 429
            CustomResponseBodyKey = local.waf_rate_limited_body
            ResponseHeaders       = [{ Name = "Retry-After", Value = "60" }]
          }
        }
      }
      VisibilityConfig = {
        SampledRequestsEnabled   = true
        CloudWatchMetricsEnabled = true
        MetricName               = "rate-limit-per-ip"
      }
    },
  ])

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = module.waf_name.id
    sampled_requests_enabled   = true
  }

  tags = module.waf_name.tags
}

resource "aws_wafv2_web_acl_association" "lb" {
  resource_arn = aws_lb.this.arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}

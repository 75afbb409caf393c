# Plan-level tests against the hashicorp/aws provider make tf/test installs: the offline one
# (the real schema and plan rules, a simulated account) by default, the real one with TF_ACC=1.
# The provider settings let the real one plan without credentials or AWS calls.
provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "offline-test"
  secret_key                  = "offline-test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variables {
  environment = "prd"
}

run "one_platform_cluster_per_environment" {
  command = plan

  assert {
    condition     = aws_ecs_cluster.this.name == "tsumiki-prd-platform-cluster"
    error_message = "The cluster name must come from naming: <project>-<env>-platform-cluster."
  }
  assert {
    condition     = aws_ecs_cluster.this.tags["Environment"] == "prd" && aws_ecs_cluster.this.tags["Service"] == "platform"
    error_message = "The cluster must carry naming's tags."
  }
  assert {
    condition     = one([for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"]) == "enabled"
    error_message = "Container Insights must be enabled."
  }
}

run "fargate_by_default_spot_available" {
  command = plan

  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.capacity_providers == toset(["FARGATE", "FARGATE_SPOT"])
    error_message = "The cluster must offer FARGATE and FARGATE_SPOT."
  }
  assert {
    condition     = one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).capacity_provider == "FARGATE"
    error_message = "Services without a strategy must run on FARGATE (not Spot)."
  }
}

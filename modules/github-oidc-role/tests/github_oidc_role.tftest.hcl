# Plan-level tests against the hashicorp/aws provider make tf/test installs: the offline one
# (the real schema and plan rules, a simulated account) by default, the real one with TF_ACC=1.
# The provider settings let the real one plan without credentials or AWS calls; the caller's
# account is fixed here because reading it is an AWS call.
provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "offline-test"
  secret_key                  = "offline-test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target = data.aws_caller_identity.current
  values = {
    account_id = "111111111111"
  }
}

variables {
  environment        = "stg"
  github_environment = "stg"
  state_bucket_arn   = "arn:aws:s3:::tsumiki-stg-platform-tfstate"
  # The account's OIDC provider already exists, so the trust policies are known at plan time.
  create_provider = false

  deploy = {
    artifact_object_arns     = ["arn:aws:s3:::tsumiki-stg-platform-artifacts/mailer/*"]
    ecr_repository_arns      = ["arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-todo-api-images"]
    ecs_cluster_arn          = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
    ecs_service_arns         = ["arn:aws:ecs:ap-northeast-1:111111111111:service/tsumiki-stg-platform-cluster/tsumiki-stg-todo-api-service"]
    lambda_function_arns     = ["arn:aws:lambda:ap-northeast-1:111111111111:function:tsumiki-stg-mailer-function"]
    pass_role_arns           = ["arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-task"]
    task_definition_families = ["tsumiki-stg-todo-api-service"]
  }
}

run "roles_are_named_by_naming" {
  command = plan

  assert {
    condition     = [aws_iam_role.plan.name, aws_iam_role.apply.name, aws_iam_role.deploy.name] == ["tsumiki-stg-ci-plan-role", "tsumiki-stg-ci-apply-role", "tsumiki-stg-ci-deploy-role"]
    error_message = "The role names must come from naming; the workflows assume them by these names."
  }
}

run "only_the_github_environment_may_apply_or_deploy" {
  command = plan

  assert {
    condition     = flatten([jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]]) == ["repo:tsumiki-dev/tsumiki:environment:stg"]
    error_message = "Only jobs in the account's GitHub environment may assume the apply role; never a pull request or a bare branch."
  }
  assert {
    condition     = aws_iam_role.deploy.assume_role_policy == aws_iam_role.apply.assume_role_policy
    error_message = "The deploy role must trust exactly what the apply role trusts."
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
    error_message = "The roles must trust the account's GitHub OIDC provider only."
  }
}

run "pull_requests_may_only_plan" {
  command = plan

  assert {
    condition     = contains(flatten([jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]]), "repo:tsumiki-dev/tsumiki:pull_request")
    error_message = "Pull requests must be able to assume the plan role."
  }
}

run "rejects_a_repository_without_owner" {
  command = plan

  variables {
    repository = "tsumiki"
  }

  expect_failures = [var.repository]
}

run "rejects_a_github_environment_with_spaces" {
  command = plan

  variables {
    github_environment = "staging env"
  }

  expect_failures = [var.github_environment]
}

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
  apply_environments = ["stg"]
  state_bucket_arn   = "arn:aws:s3:::tsumiki-stg-platform-tfstate"
  # The account's OIDC provider already exists, so the trust policies are known at plan time.
  create_provider = false
}

run "roles_are_named_by_naming" {
  command = plan

  assert {
    condition     = aws_iam_role.plan.name == "tsumiki-stg-ci-plan-role" && aws_iam_role.apply.name == "tsumiki-stg-ci-apply-role"
    error_message = "The role names must come from naming; the workflows assume them by these names."
  }
}

run "only_main_and_reviewed_environments_may_apply" {
  command = plan

  assert {
    condition = toset(flatten([jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]])) == toset([
      "repo:tsumiki-dev/tsumiki:ref:refs/heads/main",
      "repo:tsumiki-dev/tsumiki:environment:stg",
    ])
    error_message = "Only main and the named GitHub environments may assume the apply role; never a pull request."
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
    error_message = "The apply role must trust the account's GitHub OIDC provider only."
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

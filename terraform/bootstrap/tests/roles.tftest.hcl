# Plan-level tests of the roles bootstrap creates in an account (issue 12 items 12 and 15),
# against the provider make tf/test installs. The test's provider replaces the root's, so the
# caller's account need not be the environment's; reading it is an AWS call, fixed here.
provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "offline-test"
  secret_key                  = "offline-test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target = module.ci_roles.data.aws_caller_identity.current
  values = {
    account_id = "111111111111"
  }
}

variables {
  environment             = "stg"
  account_id              = "111111111111"
  engineer_principal_arns = ["arn:aws:iam::999999999999:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_TsumikiEngineer_*"]
}

# Engineers assume tsumiki-<env>-platform-engineer from the principals the tfvars name, and
# from nothing else.
run "engineers_assume_their_role_from_the_named_principals" {
  command = plan

  assert {
    condition     = aws_iam_role.engineer.name == "tsumiki-stg-platform-engineer"
    error_message = "The engineer role must be named tsumiki-<env>-platform-engineer (README, Credentials for make apply)."
  }
  assert {
    condition     = jsondecode(aws_iam_role.engineer.assume_role_policy).Statement[0].Principal.AWS == "arn:aws:iam::999999999999:root"
    error_message = "The trust names the principals' account."
  }
  assert {
    condition     = jsondecode(aws_iam_role.engineer.assume_role_policy).Statement[0].Condition.ArnLike["aws:PrincipalArn"] == "arn:aws:iam::999999999999:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_TsumikiEngineer_*"
    error_message = "Only the named principals (ArnLike on aws:PrincipalArn) may assume the engineer role."
  }
}

run "engineer_principals_are_required" {
  command = plan

  variables {
    engineer_principal_arns = []
  }

  expect_failures = [var.engineer_principal_arns]
}

# make deploy may pass the task, execution and migration roles of the services it rolls, push
# to their repositories and publish the mailer: named by modules/naming, like the stacks do.
run "deploy_role_targets_the_stacks_resources" {
  command = plan

  assert {
    condition = toset(flatten([for s in jsondecode(module.ci_roles.deploy_policy_json).Statement : s.Resource if s.Sid == "PassTaskRoles"])) == toset([
      "arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-task",
      "arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-execution",
      "arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-migration",
      "arn:aws:iam::111111111111:role/tsumiki-stg-todo-batch-worker-task",
      "arn:aws:iam::111111111111:role/tsumiki-stg-todo-batch-worker-execution",
      "arn:aws:iam::111111111111:role/tsumiki-stg-todo-batch-worker-migration",
    ])
    error_message = "PassRole must name exactly the services' task, execution and migration roles."
  }
  assert {
    condition = toset(flatten([for s in jsondecode(module.ci_roles.deploy_policy_json).Statement : s.Resource if s.Sid == "PushServiceImages"])) == toset([
      "arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-todo-api-images",
      "arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-todo-batch-images",
    ])
    error_message = "Images are pushed to the services' repositories only."
  }
  assert {
    condition     = flatten([for s in jsondecode(module.ci_roles.deploy_policy_json).Statement : s.Resource if s.Sid == "UploadPackages"]) == ["arn:aws:s3:::tsumiki-stg-platform-artifacts/mailer/*"]
    error_message = "Packages are uploaded under the artifacts bucket's mailer/ prefix only."
  }
}

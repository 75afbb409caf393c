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
# to their repositories and publish the Lambda packages: named by modules/naming, like the
# stacks do. The services are read again from their definitions (services/*/service.yaml), so
# the expected ARNs follow make new/service; each is spelt out here, not by modules/naming:
# tsumiki-<env>-<service>-<component>[-<attribute>], component "service" for http and
# "worker" for worker services (the stacks' modules/ecs-service names).
run "deploy_role_targets_the_stacks_resources" {
  command = plan

  assert {
    condition     = length([for f in fileset("${path.module}/../../services", "*/service.yaml") : f if yamldecode(file("${path.module}/../../services/${f}")).kind != "lambda"]) > 0
    error_message = "The repository defines an ECS service (todo-api) whose roles the checks below expect."
  }
  assert {
    condition = toset(flatten([for s in jsondecode(module.ci_roles.deploy_policy_json).Statement : s.Resource if s.Sid == "PassTaskRoles"])) == toset(flatten([
      for d in [for f in fileset("${path.module}/../../services", "*/service.yaml") : yamldecode(file("${path.module}/../../services/${f}"))] : [
        for role in ["task", "execution", "migration"] :
        "arn:aws:iam::111111111111:role/tsumiki-stg-${d.name}-${d.kind == "http" ? "service" : "worker"}-${role}"
      ] if d.kind != "lambda"
    ]))
    error_message = "PassRole must name exactly the task, execution and migration roles of every http and worker service."
  }
  assert {
    condition = toset(flatten([for s in jsondecode(module.ci_roles.deploy_policy_json).Statement : s.Resource if s.Sid == "PushServiceImages"])) == toset([
      for d in [for f in fileset("${path.module}/../../services", "*/service.yaml") : yamldecode(file("${path.module}/../../services/${f}"))] :
      "arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-${d.name}-images" if d.kind != "lambda"
    ])
    error_message = "Images are pushed to the repositories of the http and worker services only."
  }
  assert {
    condition = toset(flatten([for s in jsondecode(module.ci_roles.deploy_policy_json).Statement : s.Resource if s.Sid == "UploadPackages"])) == toset([
      for d in [for f in fileset("${path.module}/../../services", "*/service.yaml") : yamldecode(file("${path.module}/../../services/${f}"))] :
      "arn:aws:s3:::tsumiki-stg-platform-artifacts/${d.name}/*" if d.kind == "lambda"
    ])
    error_message = "Packages are uploaded under the artifacts bucket's <lambda service>/ prefixes only."
  }
}

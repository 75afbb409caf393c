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
  deploy = {
    artifact_object_arns     = ["arn:aws:s3:::tsumiki-stg-platform-artifacts/mailer/*"]
    ecr_repository_arns      = ["arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-todo-api-images"]
    ecs_cluster_arn          = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/tsumiki-stg-platform-cluster"
    ecs_service_arns         = ["arn:aws:ecs:ap-northeast-1:111111111111:service/tsumiki-stg-platform-cluster/tsumiki-stg-todo-api-service"]
    lambda_function_arns     = ["arn:aws:lambda:ap-northeast-1:111111111111:function:tsumiki-stg-mailer-function"]
    pass_role_arns           = ["arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-task", "arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-execution"]
    task_definition_families = ["tsumiki-stg-todo-api-service"]
  }
  # The account's OIDC provider already exists, so the trust policies are known at plan time.
  create_provider = false
}

run "roles_are_named_by_naming" {
  command = plan

  assert {
    condition     = aws_iam_role.plan.name == "tsumiki-stg-ci-plan-role" && aws_iam_role.apply.name == "tsumiki-stg-ci-apply-role" && aws_iam_role.deploy.name == "tsumiki-stg-ci-deploy-role"
    error_message = "The role names must come from naming; the workflows assume them by these names."
  }
}

# Issue 12 item 12: a StringEquals list is an OR, so trusting main as well let any job on main
# (drift.yml included) assume the apply role without the environment's reviewers.
run "only_the_environment_may_apply_or_deploy" {
  command = plan

  assert {
    condition     = flatten([jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]]) == ["repo:tsumiki-dev/tsumiki:environment:stg"]
    error_message = "The apply role must trust exactly repo:<repo>:environment:<env>; never main without the environment, never a pull request."
  }
  assert {
    condition     = aws_iam_role.deploy.assume_role_policy == aws_iam_role.apply.assume_role_policy
    error_message = "The deploy role must trust the same single environment subject."
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The audience must be sts.amazonaws.com."
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
    error_message = "The apply role must trust the account's GitHub OIDC provider only."
  }
}

run "pull_requests_and_drift_may_only_plan" {
  command = plan

  assert {
    condition = toset(flatten([jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]])) == toset([
      "repo:tsumiki-dev/tsumiki:pull_request",
      "repo:tsumiki-dev/tsumiki:ref:refs/heads/main",
    ])
    error_message = "Pull requests (plans) and main (drift) assume the plan role, nothing else does."
  }
}

# Issue 12 item 13: ReadOnlyAccess reads S3 objects, DynamoDB items and queue messages, which a
# pull request's plan could print.
run "plan_role_reads_configuration_not_data" {
  command = plan

  assert {
    condition     = aws_iam_role_policy_attachment.plan_read_only.policy_arn == "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
    error_message = "The plan role must hold ViewOnlyAccess, not ReadOnlyAccess."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.plan_configuration.policy).Statement :
      s.Effect == "Deny" || length(setintersection(toset(flatten([s.Action])), toset(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "sqs:ReceiveMessage", "secretsmanager:GetSecretValue", "kms:Decrypt"]))) == 0
    ])
    error_message = "No Allow statement of the plan role may read data."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.plan_configuration.policy).Statement :
      s.Effect == "Deny" || !contains(flatten([s.Action]), "s3:GetObject") || try(flatten([s.Resource]), []) == ["arn:aws:s3:::tsumiki-stg-platform-artifacts/mailer/*"]
    ])
    error_message = "The plan role reads objects only where terraform uploads packages (and state, plan_state)."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.plan_configuration.policy).Statement :
      s.Effect == "Deny" && contains(flatten([s.Action]), "dynamodb:GetItem") && contains(flatten([s.Action]), "secretsmanager:GetSecretValue")
    ])
    error_message = "The plan role must deny data reads explicitly, whatever managed policies grant."
  }
}

# Issue 12 item 12: make deploy gets its own narrow role instead of admin.
run "deploy_role_does_what_make_deploy_does" {
  command = plan

  assert {
    condition = {
      for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Sid => flatten([s.Resource])
      } == {
      LogInToRegistry         = ["*"]
      PushServiceImages       = ["arn:aws:ecr:ap-northeast-1:111111111111:repository/tsumiki-stg-todo-api-images"]
      RegisterTaskDefinitions = ["*"]
      RunMigrationTasks       = ["arn:aws:ecs:ap-northeast-1:111111111111:task-definition/tsumiki-stg-todo-api-service:*"]
      WatchTasks              = ["arn:aws:ecs:ap-northeast-1:111111111111:task/tsumiki-stg-platform-cluster/*"]
      RollServices            = ["arn:aws:ecs:ap-northeast-1:111111111111:service/tsumiki-stg-platform-cluster/tsumiki-stg-todo-api-service"]
      PassTaskRoles           = ["arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-task", "arn:aws:iam::111111111111:role/tsumiki-stg-todo-api-service-execution"]
      PublishFunctions        = ["arn:aws:lambda:ap-northeast-1:111111111111:function:tsumiki-stg-mailer-function"]
      UploadPackages          = ["arn:aws:s3:::tsumiki-stg-platform-artifacts/mailer/*"]
    }
    error_message = "The deploy role may touch only the repositories, cluster, services, roles, functions and objects it is given."
  }
  assert {
    condition     = length([for k, v in aws_iam_role_policy_attachment.apply : v if k != "arn:aws:iam::aws:policy/AdministratorAccess"]) == 0
    error_message = "Only the apply role carries AdministratorAccess (the deploy role has none)."
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

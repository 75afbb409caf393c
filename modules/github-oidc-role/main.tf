module "plan_role_name" {
  source = "../naming"

  environment = var.environment
  service     = "ci"
  component   = "plan"
  attributes  = ["role"]
}

module "plan_configuration_policy_name" {
  source = "../naming"

  environment = var.environment
  service     = "ci"
  component   = "plan"
  attributes  = ["role", "configuration"]
}

module "apply_role_name" {
  source = "../naming"

  environment = var.environment
  service     = "ci"
  component   = "apply"
  attributes  = ["role"]
}

module "deploy_role_name" {
  source = "../naming"

  environment = var.environment
  service     = "ci"
  component   = "deploy"
  attributes  = ["role"]
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]

  tags = module.plan_role_name.tags
}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.region
  provider_arn = var.create_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${local.partition}:iam::${local.account_id}:oidc-provider/token.actions.githubusercontent.com"

  # GitHub's token names the job's environment in sub when the job has one
  # ("repo:<owner>/<repo>:environment:<name>"), else the ref or "pull_request". A StringEquals
  # list is an OR, so the apply and deploy roles trust exactly one subject: a job must run in
  # the account's GitHub environment (its reviewers and deployment branch rules apply).
  # Source: https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims
  environment_subject = "repo:${var.repository}:environment:${var.github_environment}"

  # The prefix of every name in this environment (modules/naming: <project>-<env>-...).
  name_prefix = "${module.plan_role_name.tags["Project"]}-${module.plan_role_name.tags["Environment"]}-"
}

data "aws_iam_policy_document" "plan_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    # Pull requests plan (terraform-plan.yml); main plans for drift (drift.yml). The role reads
    # configuration and state, never data, so code from a pull request can print nothing secret.
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.repository}:pull_request", "repo:${var.repository}:ref:refs/heads/main"]
    }
  }
}

data "aws_iam_policy_document" "environment_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [local.environment_subject]
    }
  }
}

resource "aws_iam_role" "plan" {
  name                 = module.plan_role_name.id
  assume_role_policy   = data.aws_iam_policy_document.plan_trust.json
  max_session_duration = 3600

  tags = module.plan_role_name.tags
}

# ViewOnlyAccess lists and describes resources across services without reading their contents
# (ReadOnlyAccess would read S3 objects, DynamoDB items and queue messages: data a pull
# request's plan could print). Source:
# https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ViewOnlyAccess.html
resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/job-function/ViewOnlyAccess"
}

data "aws_iam_policy_document" "plan_state" {
  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = ["${var.state_bucket_arn}/*"]
  }

  statement {
    sid       = "ListState"
    actions   = ["s3:ListBucket"]
    resources = [var.state_bucket_arn]
  }

  statement {
    # use_lockfile: a plan takes the lock by writing <key>.tflock next to the state.
    sid       = "WriteLockFiles"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.state_bucket_arn}/*.tflock"]
  }
}

resource "aws_iam_role_policy" "plan_state" {
  name   = module.plan_role_name.id
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan_state.json
}

# What `terraform plan` reads to refresh the stacks' resources beyond ViewOnlyAccess's List and
# Describe: configuration Get actions, on this environment's names only. Never an object (but
# state and the Lambda packages terraform uploads), an item, a message, a secret value or a
# decryption: the explicit deny below keeps it so even if
# a managed policy grows. If a plan fails with AccessDenied on a configuration read, add that
# exact action here.
data "aws_iam_policy_document" "plan_configuration" {
  statement {
    # HeadBucket, which refreshing a bucket starts with, is authorised as s3:ListBucket (object
    # names, not contents; exports are keyed by user id, never by email).
    sid = "ReadBucketConfiguration"
    actions = [
      "s3:GetAccelerateConfiguration", "s3:GetBucket*", "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:ListBucket",
    ]
    resources = ["arn:${local.partition}:s3:::${local.name_prefix}*"]
  }

  statement {
    sid       = "ReadQueueConfiguration"
    actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"]
    resources = ["arn:${local.partition}:sqs:${local.region}:${local.account_id}:${local.name_prefix}*"]
  }

  statement {
    sid       = "ReadTableConfiguration"
    actions   = ["dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive", "dynamodb:ListTagsOfResource"]
    resources = ["arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/${local.name_prefix}*"]
  }

  statement {
    sid = "ReadIAMConfiguration"
    actions = [
      "iam:GetOpenIDConnectProvider", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies", "iam:ListRoleTags",
    ]
    resources = [
      "arn:${local.partition}:iam::${local.account_id}:role/${local.name_prefix}*",
      "arn:${local.partition}:iam::${local.account_id}:oidc-provider/token.actions.githubusercontent.com",
    ]
  }

  statement {
    sid = "ReadFunctionConfiguration"
    actions = [
      "lambda:GetFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConfiguration",
      "lambda:GetPolicy", "lambda:ListTags", "lambda:ListVersionsByFunction",
    ]
    resources = ["arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.name_prefix}*"]
  }

  statement {
    sid       = "ReadEventSourceMappings"
    actions   = ["lambda:GetEventSourceMapping"]
    resources = ["arn:${local.partition}:lambda:${local.region}:${local.account_id}:event-source-mapping:*"]
  }

  statement {
    sid       = "ReadKeyConfiguration"
    actions   = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"]
    resources = ["arn:${local.partition}:kms:${local.region}:${local.account_id}:key/*"]
  }

  statement {
    sid       = "ReadRepositoryConfiguration"
    actions   = ["ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource"]
    resources = ["arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${local.name_prefix}*"]
  }

  statement {
    sid       = "ReadLogGroupConfiguration"
    actions   = ["logs:ListTagsForResource", "logs:ListTagsLogGroup"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*${local.name_prefix}*"]
  }

  statement {
    sid       = "ReadMailConfiguration"
    actions   = ["ses:GetConfigurationSet", "ses:GetConfigurationSetEventDestinations", "ses:GetEmailIdentity"]
    resources = ["arn:${local.partition}:ses:${local.region}:${local.account_id}:*"]
  }

  statement {
    # Terraform uploads the Lambda placeholder package (modules/lambda-function) and refreshes
    # it with HeadObject and GetObjectTagging: build outputs, no user data.
    sid       = "ReadPackageObjects"
    actions   = ["s3:GetObject", "s3:GetObjectTagging"]
    resources = var.deploy.artifact_object_arns
  }

  statement {
    # tfpolicy:allow iam-wildcard -- DescribeTaskDefinition supports no resource-level
    # permissions (Service Authorization Reference, Amazon ECS); a definition is configuration.
    sid       = "ReadTaskDefinitions"
    actions   = ["ecs:DescribeTaskDefinition"]
    resources = ["*"]
  }

  statement {
    sid    = "NeverReadObjectsButState"
    effect = "Deny"
    actions = [
      "s3:GetObject", "s3:GetObjectAttributes", "s3:GetObjectVersion",
    ]
    not_resources = concat(["${var.state_bucket_arn}/*"], var.deploy.artifact_object_arns)
  }

  statement {
    sid    = "NeverReadData"
    effect = "Deny"
    actions = [
      "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:Query", "dynamodb:Scan",
      "kms:Decrypt", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:StartQuery",
      "secretsmanager:BatchGetSecretValue", "secretsmanager:GetSecretValue",
      "sqs:ReceiveMessage", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "plan_configuration" {
  name   = module.plan_configuration_policy_name.id
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan_configuration.json
}

resource "aws_iam_role" "apply" {
  name                 = module.apply_role_name.id
  assume_role_policy   = data.aws_iam_policy_document.environment_trust.json
  max_session_duration = 3600

  tags = module.apply_role_name.tags
}

resource "aws_iam_role_policy_attachment" "apply" {
  for_each = toset(var.apply_policy_arns)

  role       = aws_iam_role.apply.name
  policy_arn = each.value
}

# The role `make deploy` runs under in deploy.yml: push images, register task definitions,
# run the migration task, roll the services, publish the mailer. Nothing else.
resource "aws_iam_role" "deploy" {
  name                 = module.deploy_role_name.id
  assume_role_policy   = data.aws_iam_policy_document.environment_trust.json
  max_session_duration = 3600

  tags = module.deploy_role_name.tags
}

locals {
  cluster_name = element(split("/", var.deploy.ecs_cluster_arn), 1)
}

data "aws_iam_policy_document" "deploy" {
  statement {
    # tfpolicy:allow iam-wildcard -- GetAuthorizationToken supports no resource-level
    # permissions (Service Authorization Reference, Amazon ECR); every push action below is
    # limited to the service repositories.
    sid       = "LogInToRegistry"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PushServiceImages"
    actions = [
      "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages",
      "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
    ]
    resources = var.deploy.ecr_repository_arns
  }

  statement {
    # tfpolicy:allow iam-wildcard -- RegisterTaskDefinition, DescribeTaskDefinition and
    # ListTaskDefinitions support no resource-level permissions; PassRole below limits the roles
    # a definition can carry. make rollback lists a family's revisions to find the previous one.
    sid       = "RegisterTaskDefinitions"
    actions   = ["ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:RegisterTaskDefinition"]
    resources = ["*"]
  }

  statement {
    sid       = "RunMigrationTasks"
    actions   = ["ecs:RunTask"]
    resources = [for f in var.deploy.task_definition_families : "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${f}:*"]

    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [var.deploy.ecs_cluster_arn]
    }
  }

  statement {
    sid       = "WatchTasks"
    actions   = ["ecs:DescribeTasks"]
    resources = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:task/${local.cluster_name}/*"]
  }

  statement {
    sid       = "RollServices"
    actions   = ["ecs:DescribeServices", "ecs:UpdateService"]
    resources = var.deploy.ecs_service_arns
  }

  statement {
    sid       = "PassTaskRoles"
    actions   = ["iam:PassRole"]
    resources = var.deploy.pass_role_arns

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }

  statement {
    # make deploy publishes a version; make rollback lists the versions to find the previous
    # package and publishes that again (tools/deploy).
    sid       = "PublishFunctions"
    actions   = ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:ListVersionsByFunction", "lambda:PublishVersion", "lambda:UpdateFunctionCode"]
    resources = var.deploy.lambda_function_arns
  }

  statement {
    # Lambda reads the package with the caller's permissions; tools/deploy checks for it first.
    sid       = "UploadPackages"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = var.deploy.artifact_object_arns
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = module.deploy_role_name.id
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}

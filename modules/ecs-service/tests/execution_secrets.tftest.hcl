# Issue 12 item 9: the execution role reads the secrets a task definition names. A valueFrom
# may point into a secret (":password::"), but IAM authorises GetSecretValue on the secret's
# ARN only, and ssm:GetParameters on a Secrets Manager ARN means nothing.

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

  endpoints_security_group_id = "sg-0000000000000000e"
}

run "json_key_reference_grants_the_bare_secret_arn" {
  command = plan

  variables {
    secrets = {
      PGPASSWORD = "arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:rds!db-0a1b2c3d-AbCdEf:password::"
      PGUSER     = "arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:rds!db-0a1b2c3d-AbCdEf:username::"
    }
  }

  assert {
    condition     = length(data.aws_iam_policy_document.execution_secrets[0].statement) == 1
    error_message = "Secrets Manager references alone need one statement (no ssm:GetParameters)."
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.execution_secrets[0].statement[0].actions) == toset(["secretsmanager:GetSecretValue"])
    error_message = "The execution role must be granted secretsmanager:GetSecretValue only."
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.execution_secrets[0].statement[0].resources) == toset(["arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:rds!db-0a1b2c3d-AbCdEf"])
    error_message = "IAM matches the secret's ARN, not <arn>:password::; grant the bare ARN once."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets[0].valueFrom == "arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:rds!db-0a1b2c3d-AbCdEf:password::"
    error_message = "The container still reads the password key of the secret."
  }
}

run "parameters_are_read_with_ssm" {
  command = plan

  variables {
    secrets = {
      API_TOKEN = "arn:aws:ssm:ap-northeast-1:111111111111:parameter/tsumiki/stg/api-token"
    }
  }

  assert {
    condition     = toset(data.aws_iam_policy_document.execution_secrets[0].statement[0].actions) == toset(["ssm:GetParameters"])
    error_message = "A Parameter Store parameter is read with ssm:GetParameters."
  }
}

run "rejects_a_secret_that_is_not_an_arn" {
  command = plan

  variables {
    secrets = {
      PGPASSWORD = "tsumiki/stg/db"
    }
  }

  expect_failures = [var.secrets]
}

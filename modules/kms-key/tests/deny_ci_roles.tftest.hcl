# Issue 12 item 13: a key of user data (todo-batch's exports) denies the CI roles its use, so no
# pull request's plan or workflow can decrypt what it protects.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111111111111"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment = "stg"
  service     = "todo-batch"
  component   = "exports"
}

run "data_key_denies_the_ci_roles" {
  command = plan

  variables {
    service_principals = []
    deny_ci_roles      = true
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.key.statement :
      s.sid == "CIRolesNeverUseTheKey" && s.effect == "Deny" && contains(s.actions, "kms:Decrypt") &&
      anytrue([for c in s.condition : c.variable == "aws:PrincipalArn" && contains(c.values, "arn:aws:iam::111111111111:role/tsumiki-stg-ci-*")])
    ])
    error_message = "The key policy must deny kms:Decrypt to arn:aws:iam::<account>:role/tsumiki-stg-ci-*."
  }
  assert {
    condition     = length([for s in data.aws_iam_policy_document.key.statement : s if s.sid == "CloudWatchLogsEncrypts"]) == 0
    error_message = "A data key is not for CloudWatch Logs."
  }
}

run "no_ci_deny_by_default" {
  command = plan

  assert {
    condition     = length([for s in data.aws_iam_policy_document.key.statement : s if s.sid == "CIRolesNeverUseTheKey"]) == 0
    error_message = "deny_ci_roles defaults to false."
  }
}

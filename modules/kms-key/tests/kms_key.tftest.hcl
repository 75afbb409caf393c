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
  environment = "stg"
  service     = "platform"
  component   = "logs"
}

run "rotated_key_with_a_named_alias" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.deletion_window_in_days == 30
    error_message = "The key must rotate and wait 30 days before deletion by default."
  }
  assert {
    condition     = aws_kms_alias.this.name == "alias/tsumiki-stg-platform-logs"
    error_message = "The alias must be alias/<name from naming>."
  }
}

run "key_policy_lets_the_account_administer_and_logs_encrypt" {
  command = plan

  assert {
    condition     = [for s in jsondecode(aws_kms_key.this.policy).Statement : s.Sid] == ["AccountAdministers", "CloudWatchLogsEncrypts"]
    error_message = "The key policy must have exactly the account-administers and logs statements, in that order."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[0].Principal.AWS == "arn:aws:iam::111111111111:root"
    error_message = "The account root must administer the key (or the key becomes unmanageable)."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[1].Principal.Service == "logs.ap-northeast-1.amazonaws.com"
    error_message = "Only CloudWatch Logs of the key's own region may use it."
  }
  assert {
    condition     = jsondecode(aws_kms_key.this.policy).Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:ap-northeast-1:111111111111:log-group:*"
    error_message = "Logs may use the key only for this account's log groups."
  }
}

run "no_logs_statement_without_logs" {
  command = plan

  variables {
    service_principals = []
  }

  assert {
    condition     = length(jsondecode(aws_kms_key.this.policy).Statement) == 1
    error_message = "Without service principals the key policy must hold only the account statement."
  }
}

run "rejects_a_short_deletion_window" {
  command = plan

  variables {
    deletion_window_in_days = 5
  }

  expect_failures = [var.deletion_window_in_days]
}

run "rejects_an_unsupported_service_principal" {
  command = plan

  variables {
    service_principals = ["s3"]
  }

  expect_failures = [var.service_principals]
}

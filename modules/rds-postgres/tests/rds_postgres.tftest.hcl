# Plan-only tests with a mocked AWS provider: they need the provider binary, so `make tf/test`
# runs them only with TF_ACC=1 (CI), never with credentials.

mock_provider "aws" {}

variables {
  environment           = "prd"
  service               = "todo-api"
  database_name         = "tsumiki"
  instance_class        = "db.m7g.large"
  backup_retention_days = 14
  protected             = true
  vpc_id                = "vpc-00000000000000000"
  subnet_ids            = ["subnet-00000000000000001", "subnet-00000000000000002"]
  log_kms_key_arn       = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"
  log_retention_days    = 90
}

run "protected_instance_keeps_backups_and_protection" {
  command = plan

  assert {
    condition     = length(aws_db_instance.protected) == 1 && length(aws_db_instance.unprotected) == 0
    error_message = "protected = true must create the prevent_destroy variant only."
  }
  assert {
    condition     = aws_db_instance.protected[0].backup_retention_period == 14 && aws_db_instance.protected[0].deletion_protection
    error_message = "prd keeps 14 days of backups with deletion protection."
  }
}

run "rejects_rpo_below_five_minutes" {
  command = plan

  variables {
    rpo_minutes = 1
  }

  expect_failures = [var.rpo_minutes]
}

# The PostgreSQL log leaves the instance: exported to log groups created here first, with
# retention and the logs key (RDS would otherwise create them without either).
run "exports_logs_to_encrypted_groups_with_retention" {
  command = plan

  assert {
    condition     = aws_db_instance.protected[0].enabled_cloudwatch_logs_exports == toset(["postgresql", "upgrade"])
    error_message = "The instance must export its postgresql and upgrade logs to CloudWatch Logs."
  }
  assert {
    condition     = aws_cloudwatch_log_group.this["postgresql"].name == "/aws/rds/instance/tsumiki-prd-todo-api-db/postgresql"
    error_message = "The log group must be the one RDS writes to, /aws/rds/instance/<identifier>/postgresql."
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.retention_in_days == 90 && g.kms_key_id == var.log_kms_key_arn])
    error_message = "Every exported log group keeps log_retention_days and is encrypted with log_kms_key_arn."
  }
}

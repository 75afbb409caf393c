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

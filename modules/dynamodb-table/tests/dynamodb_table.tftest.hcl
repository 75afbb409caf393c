# Plan-only tests with a mocked AWS provider: they need the provider binary, so `make tf/test`
# runs them only with TF_ACC=1 (CI), never with credentials.

mock_provider "aws" {}

variables {
  environment   = "prd"
  service       = "mailer"
  component     = "idempotency"
  hash_key      = "id"
  attributes    = [{ name = "id", type = "S" }]
  ttl_attribute = "ttl"
  protected     = true
}

run "protected_table_has_recovery_and_protection" {
  command = plan

  assert {
    condition     = length(aws_dynamodb_table.protected) == 1 && aws_dynamodb_table.protected[0].deletion_protection_enabled
    error_message = "protected = true must create the prevent_destroy variant with deletion protection."
  }
  assert {
    condition     = aws_dynamodb_table.protected[0].point_in_time_recovery[0].enabled && aws_dynamodb_table.protected[0].server_side_encryption[0].enabled
    error_message = "Point-in-time recovery and encryption at rest must be on."
  }
  assert {
    condition     = aws_dynamodb_table.protected[0].ttl[0].attribute_name == "ttl"
    error_message = "TTL must use the given attribute."
  }
}

run "rejects_unknown_attribute_type" {
  command = plan

  variables {
    attributes = [{ name = "id", type = "STRING" }]
  }

  expect_failures = [var.attributes]
}

# Plan-only tests with a mocked AWS provider: they need the provider binary, so `make tf/test`
# runs them only with TF_ACC=1 (CI), never with credentials.

mock_provider "aws" {}

variables {
  environment = "prd"
  service     = "todo-batch"
  component   = "exports"
  protected   = true
}

run "protected_bucket_is_the_prevent_destroy_variant" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket.protected) == 1 && length(aws_s3_bucket.unprotected) == 0
    error_message = "protected = true must create only aws_s3_bucket.protected[0]."
  }
  assert {
    condition     = aws_s3_bucket.protected[0].bucket == "tsumiki-prd-todo-batch-exports"
    error_message = "The bucket name must come from naming."
  }
}

run "blocks_public_access_and_versions" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All four public access settings must be on."
  }
  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "The bucket must be versioned."
  }
}

run "unprotected_in_staging" {
  command = plan

  variables {
    environment = "stg"
    protected   = false
  }

  assert {
    condition     = length(aws_s3_bucket.protected) == 0 && length(aws_s3_bucket.unprotected) == 1
    error_message = "protected = false must create only aws_s3_bucket.unprotected[0]."
  }
}

# policy_statements of different shapes (one with a condition and a service principal, one
# without) must be accepted: typed as list(any) they could not be unified into one list.
run "policy_statements_of_different_shapes" {
  command = plan

  variables {
    policy_statements = [
      {
        sid            = "ReadExports"
        actions        = ["s3:GetObject"]
        resource_paths = ["exports/*"]
        principals     = [{ type = "AWS", identifiers = ["arn:aws:iam::111111111111:role/reader"] }]
      },
      {
        sid            = "LogDeliveryWrite"
        actions        = ["s3:PutObject"]
        resource_paths = ["logs/*"]
        principals     = [{ type = "Service", identifiers = ["logging.s3.amazonaws.com"] }]
        conditions     = [{ test = "StringEquals", variable = "aws:SourceAccount", values = ["111111111111"] }]
      },
    ]
  }

  assert {
    condition     = length(var.policy_statements) == 2 && length(var.policy_statements[0].conditions) == 0 && var.policy_statements[0].effect == "Allow"
    error_message = "Statements without conditions or effect get the defaults (no conditions, Allow)."
  }
}

run "policy_statement_needs_a_principal" {
  command = plan

  variables {
    policy_statements = [{ actions = ["s3:GetObject"], resource_paths = ["*"], principals = [] }]
  }

  expect_failures = [var.policy_statements]
}

run "logs_nothing_without_an_access_log_bucket" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket_logging.this) == 0
    error_message = "Without access_log_bucket the bucket has no server access logging."
  }
}

run "server_access_logs_go_under_the_bucket_name" {
  command = plan

  variables {
    access_log_bucket = "tsumiki-prd-platform-logs"
  }

  assert {
    condition     = aws_s3_bucket_logging.this[0].target_bucket == "tsumiki-prd-platform-logs"
    error_message = "Server access logs must go to access_log_bucket."
  }
  assert {
    condition     = aws_s3_bucket_logging.this[0].target_object_key_format[0].partitioned_prefix[0].partition_date_source == "EventTime"
    error_message = "Server access logs are partitioned by the time of the request."
  }
}

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

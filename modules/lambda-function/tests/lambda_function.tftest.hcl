# Plan-only tests with a mocked AWS provider: they need the provider binary, so `make tf/test`
# runs them only with TF_ACC=1 (CI), never with credentials.

mock_provider "aws" {
  # Policy documents must be JSON for the role and policy resources that use them.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment       = "stg"
  service           = "mailer"
  sqs_queue_arn     = "arn:aws:sqs:ap-northeast-1:111111111111:tsumiki-stg-mailer-queue"
  log_kms_key_arn   = "arn:aws:kms:ap-northeast-1:111111111111:key/00000000-0000-0000-0000-000000000000"
  package_s3_bucket = "tsumiki-stg-platform-artifacts"
  package_s3_key    = "mailer/bootstrap.zip"
}

run "go_on_al2023_arm64_with_partial_batch_failures" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "The function must run Go on provided.al2023, arm64."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.this.function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "The event source mapping must report partial batch failures."
  }
  assert {
    condition     = aws_lambda_event_source_mapping.this.scaling_config[0].maximum_concurrency == 5
    error_message = "The event source mapping must bound concurrency."
  }
}

run "rejects_concurrency_below_two" {
  command = plan

  variables {
    maximum_concurrency = 1
  }

  expect_failures = [var.maximum_concurrency]
}

# A fresh account has no package to create the function from: terraform uploads the placeholder
# and creates the function from that very object (make deploy publishes the real code later).
run "creates_the_function_from_the_package_it_uploads" {
  command = plan

  assert {
    condition     = aws_s3_object.bootstrap_package.bucket == "tsumiki-stg-platform-artifacts" && aws_s3_object.bootstrap_package.key == "mailer/bootstrap.zip" && endswith(aws_s3_object.bootstrap_package.source, "files/placeholder.zip")
    error_message = "The placeholder package must be uploaded to package_s3_bucket/package_s3_key."
  }
  assert {
    condition     = aws_lambda_function.this.s3_bucket == aws_s3_object.bootstrap_package.bucket && aws_lambda_function.this.s3_key == aws_s3_object.bootstrap_package.key
    error_message = "The function must be created from the uploaded object."
  }
}

# Plan-only tests with a mocked AWS provider: they need the provider binary, so `make tf/test`
# runs them only with TF_ACC=1 (CI), never with credentials.

mock_provider "aws" {}

variables {
  environment              = "stg"
  service                  = "mailer"
  consumer_timeout_seconds = 30
  protected                = false
}

run "defaults_visibility_to_six_times_consumer_timeout" {
  command = plan

  assert {
    condition     = aws_sqs_queue.unprotected[0].visibility_timeout_seconds == 180
    error_message = "The visibility timeout must default to 6 x consumer_timeout_seconds."
  }
  assert {
    condition     = aws_sqs_queue.unprotected[0].name == "tsumiki-stg-mailer-queue" && aws_sqs_queue.dead_letter_unprotected[0].name == "tsumiki-stg-mailer-queue-dlq"
    error_message = "Queue names must come from naming."
  }
}

run "rejects_short_visibility_timeout" {
  command = plan

  variables {
    visibility_timeout_seconds = 60
  }

  expect_failures = [var.visibility_timeout_seconds]
}

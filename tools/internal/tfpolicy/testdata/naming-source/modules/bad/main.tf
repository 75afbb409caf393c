resource "aws_sqs_queue" "this" {
  name                    = "tsumiki-stg-mailer-queue"
  sqs_managed_sse_enabled = true
}

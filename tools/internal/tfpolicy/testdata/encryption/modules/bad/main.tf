resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/example"
  retention_in_days = 30
}

resource "aws_dynamodb_table" "this" {
  name     = "example"
  hash_key = "key"
}

resource "aws_sqs_queue" "this" {
  name                    = "example"
  sqs_managed_sse_enabled = false
}

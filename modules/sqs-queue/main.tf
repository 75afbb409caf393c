module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  max_length  = 80
}

module "dead_letter_name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = var.component
  attributes  = ["dlq"]
  max_length  = 80
}

locals {
  visibility_timeout_seconds = coalesce(var.visibility_timeout_seconds, 6 * var.consumer_timeout_seconds)
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = module.dead_letter_name.id
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = module.dead_letter_name.tags
}

resource "aws_sqs_queue" "this" {
  name                       = module.name.id
  visibility_timeout_seconds = local.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  kms_master_key_id          = var.kms_key_arn

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = module.name.tags
}

# Only this queue may redrive into the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

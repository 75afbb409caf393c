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

# Queues hold messages not yet delivered (and, in the dead-letter queue, mail that failed), so
# in prd they carry prevent_destroy. It must be a literal, so each queue exists as a protected
# or an unprotected resource chosen by var.protected (see modules/s3-bucket).
resource "aws_sqs_queue" "dead_letter_protected" {
  count = var.protected ? 1 : 0

  name                      = module.dead_letter_name.id
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = module.dead_letter_name.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue" "dead_letter_unprotected" {
  count = var.protected ? 0 : 1

  name                      = module.dead_letter_name.id
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = module.dead_letter_name.tags
}

locals {
  dead_letter = one(concat(aws_sqs_queue.dead_letter_protected, aws_sqs_queue.dead_letter_unprotected))
  redrive_policy = jsonencode({
    deadLetterTargetArn = local.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue" "protected" {
  count = var.protected ? 1 : 0

  name                       = module.name.id
  visibility_timeout_seconds = local.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  kms_master_key_id          = var.kms_key_arn
  redrive_policy             = local.redrive_policy

  tags = module.name.tags

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue" "unprotected" {
  count = var.protected ? 0 : 1

  name                       = module.name.id
  visibility_timeout_seconds = local.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  kms_master_key_id          = var.kms_key_arn
  redrive_policy             = local.redrive_policy

  tags = module.name.tags
}

locals {
  queue = one(concat(aws_sqs_queue.protected, aws_sqs_queue.unprotected))
}

# Only this queue may redrive into the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = local.dead_letter.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [local.queue.arn]
  })
}

# Bounces, complaints and rejects of every mail sent through the configuration set come back to
# the mailer: SES publishes them to an SNS topic (event publishing), SNS delivers them to an SQS
# queue (raw message delivery off, so the body is SNS's envelope with the event in Message), and
# the mailer function reads that queue through a second event source mapping. A Permanent bounce
# or a complaint puts the address on SES's account-level suppression list, and the mailer sends
# nothing to it again (services/mailer/internal/sesevents, design-docs/mailer.md).
#
# Why the same function and not a second one: one package, one deploy and one rollback
# (`make deploy SERVICE=mailer`); the role must read the suppression list before each send
# anyway, so writing to it adds one action. The handler routes a batch by its queue
# (MAIL_EVENTS_QUEUE_ARN); each mapping has its own concurrency.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id                 = data.aws_caller_identity.current.account_id
  mail_configuration_set_arn = data.terraform_remote_state.shared.outputs.mail_configuration_set_arn
}

module "ses_events_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "mailer"
  component   = "ses-events"
}

# The topic's key: SES publishes into an encrypted topic only with a customer managed key whose
# policy lets ses.amazonaws.com generate data keys and decrypt (the AWS managed aws/sns key's
# policy cannot be changed). Source:
# https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
data "aws_iam_policy_document" "ses_events_key" {
  statement {
    # tfpolicy:allow iam-wildcard -- a key policy's Resource "*" means "this key", and the
    # account root must keep full control or the key becomes unmanageable.
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    # tfpolicy:allow iam-wildcard -- in a key policy Resource "*" means this key only.
    sid       = "SESPublishesEvents"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "ses_events" {
  description             = "${module.ses_events_name.id}: encrypts the SES events topic of mailer"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.ses_events_key.json

  tags = module.ses_events_name.tags
}

resource "aws_kms_alias" "ses_events" {
  name          = "alias/${module.ses_events_name.id}"
  target_key_id = aws_kms_key.ses_events.key_id
}

resource "aws_sns_topic" "ses_events" {
  name              = module.ses_events_name.id
  kms_master_key_id = aws_kms_key.ses_events.arn

  tags = module.ses_events_name.tags
}

# Only SES, for this account's configuration set, publishes to the topic.
data "aws_iam_policy_document" "ses_events_topic" {
  statement {
    sid       = "SESPublishesEvents"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.ses_events.arn]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.mail_configuration_set_arn]
    }
  }
}

resource "aws_sns_topic_policy" "ses_events" {
  arn    = aws_sns_topic.ses_events.arn
  policy = data.aws_iam_policy_document.ses_events_topic.json
}

module "ses_events_queue" {
  source = "../../../modules/sqs-queue"

  environment              = var.environment
  service                  = "mailer"
  component                = "ses-events"
  consumer_timeout_seconds = var.timeout_seconds
  max_receive_count        = var.max_receive_count
  # Events wait up to 14 days: a suppression must not be lost to a long outage of the function.
  message_retention_seconds = 1209600
  protected                 = var.protected
}

# Only the topic delivers to the queue.
data "aws_iam_policy_document" "ses_events_queue" {
  statement {
    sid       = "TopicDelivers"
    actions   = ["sqs:SendMessage"]
    resources = [module.ses_events_queue.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.ses_events.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "ses_events" {
  queue_url = module.ses_events_queue.url
  policy    = data.aws_iam_policy_document.ses_events_queue.json
}

resource "aws_sns_topic_subscription" "ses_events" {
  topic_arn = aws_sns_topic.ses_events.arn
  protocol  = "sqs"
  endpoint  = module.ses_events_queue.arn
  # Off: the handler reads SNS's envelope and the SES event in its Message
  # (services/mailer/internal/sesevents.Parse refuses a raw event).
  raw_message_delivery = false

  depends_on = [aws_sqs_queue_policy.ses_events]
}

resource "aws_sesv2_configuration_set_event_destination" "ses_events" {
  configuration_set_name = data.terraform_remote_state.shared.outputs.mail_configuration_set_name
  event_destination_name = "suppress-bounces-and-complaints"

  event_destination {
    enabled = true
    # Bounce, Complaint and Reject events (the eventType values the handler reads).
    matching_event_types = ["BOUNCE", "COMPLAINT", "REJECT"]

    sns_destination {
      topic_arn = aws_sns_topic.ses_events.arn
    }
  }

  depends_on = [aws_sns_topic_policy.ses_events]
}

resource "aws_lambda_event_source_mapping" "ses_events" {
  event_source_arn        = module.ses_events_queue.arn
  function_name           = module.function.function_name
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    # The least Lambda accepts: events are few, and sends keep the concurrency.
    maximum_concurrency = 2
  }
}

# Where alarms go: one SNS topic per environment for pages and one for tickets, encrypted with a
# key CloudWatch may use, subscribed from the environment's data (e-mail, or HTTPS for a webhook
# or AWS Chatbot's endpoint). Stacks read alarm_topic_arns: page- and ticket-severity alarms
# notify the topic the environment routes them to (stg sends its pages to the tickets topic).

module "alarms_key" {
  source = "../../../modules/kms-key"

  environment        = var.environment
  service            = "platform"
  component          = "alarms"
  service_principals = ["cloudwatch"]
}

module "alarm_topic_name" {
  source   = "../../../modules/naming"
  for_each = toset(["pages", "tickets"])

  environment = var.environment
  service     = "platform"
  component   = each.key
}

resource "aws_sns_topic" "alarms" {
  for_each = module.alarm_topic_name

  name              = module.alarm_topic_name[each.key].id
  display_name      = "Tsumiki ${var.environment} ${each.key}"
  kms_master_key_id = module.alarms_key.arn

  tags = module.alarm_topic_name[each.key].tags
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "alarm_topic" {
  for_each = aws_sns_topic.alarms

  statement {
    sid       = "AccountManages"
    actions   = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"]
    resources = [each.value.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    # CloudWatch alarms of this account publish here, and nothing else from outside.
    # Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [each.value.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  for_each = aws_sns_topic.alarms

  arn    = each.value.arn
  policy = data.aws_iam_policy_document.alarm_topic[each.key].json
}

locals {
  # One subscription per topic and endpoint, keyed so that adding one leaves the others alone.
  alarm_subscriptions = merge([for topic, subs in var.alarm_subscriptions : {
    for s in subs : "${topic}/${s.protocol}/${s.endpoint}" => merge(s, { topic = topic })
  }]...)
}

resource "aws_sns_topic_subscription" "alarms" {
  for_each = local.alarm_subscriptions

  topic_arn = aws_sns_topic.alarms[each.value.topic].arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}

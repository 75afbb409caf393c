# The mailer's alarms: the delivery SLO's burn-rate alarms from services/mailer/observability.yaml
# (modules/slo-alarms) and the alarms on its queue, dead-letter queue, function, idempotency
# table and the account's SES reputation (modules/service-alarms); thresholds come from
# terraform/<env>/env, runbooks are in design-docs/mailer.md.

locals {
  observability = yamldecode(file("${path.module}/../../../services/mailer/observability.yaml"))
  alarm_topics  = data.terraform_remote_state.shared.outputs.alarm_topic_arns
}

module "slo_alarms" {
  source = "../../../modules/slo-alarms"

  environment      = var.environment
  service          = "mailer"
  namespace        = local.observability.namespace
  slos             = local.observability.slos
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]
}

module "alarms" {
  source = "../../../modules/service-alarms"

  environment      = var.environment
  service          = "mailer"
  thresholds       = var.alarm_thresholds
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]

  parts = {
    queue = {
      QueueName           = module.queue.name
      DeadLetterQueueName = module.queue.dead_letter_name
    }
    lambda = {
      FunctionName        = module.function.function_name
      TimeoutMilliseconds = tostring(var.timeout_seconds * 1000)
    }
    dynamodb = {
      TableName = module.idempotency.name
    }
    # SES reputation metrics are the account's (no dimensions); the mailer is its only sender.
    ses = {}
  }
}

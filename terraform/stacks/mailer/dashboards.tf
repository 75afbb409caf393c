# mailer's dashboard, generated from the same definitions as its alarms: the SLOs' burn rates and
# events (modules/slo-alarms) first, then one graph per alarm on its queue and dead-letter queue, function, idempotency table and SES reputation
# (modules/service-alarms), each with its threshold.

module "dashboard_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "mailer"
  component   = "dashboard"
}

resource "aws_cloudwatch_dashboard" "service" {
  dashboard_name = module.dashboard_name.id
  dashboard_body = jsonencode({
    widgets = concat(
      [{
        type   = "text"
        width  = 24
        height = 2
        properties = {
          markdown = "# mailer (${var.environment})\nSLOs, traffic and errors from services/mailer/observability.yaml; saturation and queues from its alarms. Runbooks: design-docs/mailer.md#runbooks"
        }
      }],
      module.slo_alarms.dashboard_widgets,
      module.alarms.dashboard_widgets,
    )
  })
}

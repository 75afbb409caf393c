# The environment's overview dashboard: for every service with an observability.yaml, each SLO's
# burn rate over the fast page rule's window and its traffic, from the same definitions as the
# SLO alarms (services/<name>/observability.yaml, modules/slo-alarms/burn-rates.yaml). Each
# service's own dashboard (its stack's dashboards.tf) has the rest.

locals {
  observability = {
    for f in sort(fileset(local.services_dir, "*/observability.yaml")) :
    dirname(f) => yamldecode(file("${local.services_dir}/${f}"))
  }
  burn_rates = yamldecode(file("${path.module}/../../../modules/slo-alarms/burn-rates.yaml"))
  # The fast page rule: its long window is the overview's window.
  fast_rule = local.burn_rates.rules[0]
}

data "aws_region" "current" {}

module "overview_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "platform"
  component   = "overview"
}

resource "aws_cloudwatch_dashboard" "overview" {
  dashboard_name = module.overview_name.id
  dashboard_body = jsonencode({
    widgets = concat(
      [{
        type   = "text"
        width  = 24
        height = 2
        properties = {
          markdown = "# Tsumiki ${var.environment}: overview\nPer service and SLO: the burn rate over ${local.fast_rule.long_minutes} minutes (1 spends the budget in exactly its period; the service's dashboard draws each rule's threshold) and the events it is computed from."
        }
      }],
      flatten([for svc, o in local.observability : [for s in o.slos : [
        {
          type   = "metric"
          width  = 12
          height = 6
          properties = {
            title  = "${svc} ${s.key}: burn rate, ${local.fast_rule.long_minutes} min"
            region = data.aws_region.current.region
            view   = "timeSeries"
            period = local.fast_rule.long_minutes * 60
            metrics = [
              [{ id = "burn", label = "burn rate", expression = "IF(total > 0, FILL(bad, 0) / total, 0) / ${format("%.6f", (100 - s.objective) / 100)}" }],
              [o.namespace, s.bad, "Environment", var.environment, "Service", svc, { id = "bad", stat = "Sum", visible = false }],
              [o.namespace, s.total, "Environment", var.environment, "Service", svc, { id = "total", stat = "Sum", visible = false }],
            ]
          }
        },
        {
          type   = "metric"
          width  = 12
          height = 6
          properties = {
            title  = "${svc} ${s.key}: ${s.total} and ${s.bad} per 5 min"
            region = data.aws_region.current.region
            view   = "timeSeries"
            stat   = "Sum"
            period = 300
            metrics = [
              [o.namespace, s.total, "Environment", var.environment, "Service", svc],
              [o.namespace, s.bad, "Environment", var.environment, "Service", svc],
            ]
          }
        },
      ]]]),
    )
  })
}

# todo-api's dashboard, generated from the same definitions as its alarms: the SLOs' burn rates and
# events (modules/slo-alarms) first, then one graph per alarm on its load balancer, its ECS service
# and the database (modules/service-alarms), each with its threshold.

module "dashboard_name" {
  source = "../../../modules/naming"

  environment = var.environment
  service     = "todo-api"
  component   = "dashboard"
}

# The database's graphs, from the same catalogue; its alarms are the database stack's.
module "database_graphs" {
  source = "../../../modules/service-alarms"

  environment      = var.environment
  service          = "todo-api"
  alarms_enabled   = false
  thresholds       = var.alarm_thresholds
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]

  parts = {
    database = {
      DBInstanceIdentifier = data.terraform_remote_state.database.outputs.database_identifier
    }
  }
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
          markdown = "# todo-api (${var.environment})\nSLOs, traffic and errors from services/todo-api/observability.yaml; saturation and queues from its alarms. Runbooks: design-docs/todo-api.md#runbooks"
        }
      }],
      module.slo_alarms.dashboard_widgets,
      module.alarms.dashboard_widgets,
      module.database_graphs.dashboard_widgets,
    )
  })
}

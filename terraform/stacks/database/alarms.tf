# The database's alarms (modules/service-alarms, part "database"): CPU, free storage,
# connections, freeable memory. The database is todo-api's (its schema and migrations), so the
# runbooks are in design-docs/todo-api.md; thresholds come from terraform/<env>/env.

# The alarm topics come from the shared stack's state (data.terraform_remote_state.shared,
# main.tf).

locals {
  # arn:aws:rds:<region>:<account>:db:<identifier>: the DBInstanceIdentifier dimension of RDS metrics.
  database_identifier = element(split(":", module.postgres.arn), 6)
}

module "alarms" {
  source = "../../../modules/service-alarms"

  environment      = var.environment
  service          = "todo-api"
  thresholds       = var.alarm_thresholds
  page_topic_arn   = data.terraform_remote_state.shared.outputs.alarm_topic_arns["page"]
  ticket_topic_arn = data.terraform_remote_state.shared.outputs.alarm_topic_arns["ticket"]

  parts = {
    database = {
      DBInstanceIdentifier = local.database_identifier
    }
  }
}

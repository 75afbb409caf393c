# todo-batch's alarms: the reminder-freshness SLO's burn-rate alarms from
# services/todo-batch/observability.yaml (modules/slo-alarms) and the alarms on its worker
# service (modules/service-alarms); thresholds come from terraform/<env>/env, runbooks are in
# design-docs/todo-batch.md.

locals {
  observability = yamldecode(file("${path.module}/../../../services/todo-batch/observability.yaml"))
  alarm_topics  = data.terraform_remote_state.shared.outputs.alarm_topic_arns
}

module "slo_alarms" {
  source = "../../../modules/slo-alarms"

  environment      = var.environment
  service          = "todo-batch"
  namespace        = local.observability.namespace
  slos             = local.observability.slos
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]
}

module "alarms" {
  source = "../../../modules/service-alarms"

  environment      = var.environment
  service          = "todo-batch"
  thresholds       = var.alarm_thresholds
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]

  parts = {
    ecs-service = {
      ClusterName = element(split("/", data.terraform_remote_state.shared.outputs.ecs_cluster_arn), 1)
      ServiceName = module.worker.service_name
    }
  }
}

# todo-api's alarms: the SLO burn-rate alarms from services/todo-api/observability.yaml
# (modules/slo-alarms) and the alarms on its load balancer and ECS service
# (modules/service-alarms); thresholds come from terraform/<env>/env, runbooks are in
# design-docs/todo-api.md. The database's alarms are the database stack's.

locals {
  observability = yamldecode(file("${path.module}/../../../services/todo-api/observability.yaml"))
  alarm_topics  = data.terraform_remote_state.shared.outputs.alarm_topic_arns
}

module "slo_alarms" {
  source = "../../../modules/slo-alarms"

  environment      = var.environment
  service          = "todo-api"
  namespace        = local.observability.namespace
  slos             = local.observability.slos
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]
}

module "alarms" {
  source = "../../../modules/service-alarms"

  environment      = var.environment
  service          = "todo-api"
  thresholds       = var.alarm_thresholds
  page_topic_arn   = local.alarm_topics["page"]
  ticket_topic_arn = local.alarm_topics["ticket"]

  parts = {
    load-balancer = {
      LoadBalancer = aws_lb.this.arn_suffix
      TargetGroup  = module.service.target_group_arn_suffix
    }
    ecs-service = {
      ClusterName = element(split("/", data.terraform_remote_state.shared.outputs.ecs_cluster_arn), 1)
      ServiceName = module.service.service_name
    }
  }
}

# Alarms on the parts a stack owns (load balancer, ECS service, queue, function, table, database,
# SES reputation), from catalogue.yaml: the alarm list is written once there, thresholds come
# from terraform/<env>/env, and every description ends with its runbook's anchor in the
# service's design doc.

module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = "alarm"
}

locals {
  catalogue = yamldecode(file("${path.module}/catalogue.yaml"))
  document  = "design-docs/${var.service}.md"

  alarms = {
    for a in local.catalogue.alarms : a.key => merge(a, {
      fields = var.parts[a.part]
      # threshold_scale is a number or a part field (the function's timeout); divisor turns percent into a fraction.
      threshold_value = var.thresholds[a.threshold] * (
        try(tonumber(a.threshold_scale), null) != null ? tonumber(a.threshold_scale) : tonumber(try(var.parts[a.part][a.threshold_scale], 1))
      ) / try(a.threshold_divisor, 1)
      topic_arn = a.severity == "page" ? var.page_topic_arn : var.ticket_topic_arn
      runbook   = "${local.document}#runbook-${a.key}"
    }) if contains(keys(var.parts), a.part)
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = { for k, a in local.alarms : k => a if var.alarms_enabled }

  alarm_name = "${module.name.id}-${each.key}"
  alarm_description = join(" ", [
    "${upper(each.value.severity)}: ${each.value.summary}",
    "Threshold ${var.thresholds[each.value.threshold]} (${each.value.threshold}).",
    "Runbook: ${each.value.runbook}",
  ])
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold_value
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  treat_missing_data  = each.value.missing
  alarm_actions       = [each.value.topic_arn]
  ok_actions          = [each.value.topic_arn]

  # A plain metric alarm.
  namespace          = try(each.value.metric, null) == null ? null : each.value.namespace
  metric_name        = try(each.value.metric, null)
  period             = try(each.value.metric, null) == null ? null : each.value.period
  statistic          = try(each.value.metric, null) == null || startswith(each.value.statistic, "p") ? null : each.value.statistic
  extended_statistic = try(each.value.metric, null) != null && startswith(each.value.statistic, "p") ? each.value.statistic : null
  dimensions         = try(each.value.metric, null) == null ? null : { for d, f in each.value.dimensions : d => each.value.fields[f] }

  # A metric-math alarm: the expression over the catalogue's metrics.
  dynamic "metric_query" {
    for_each = try(each.value.expression, null) == null ? [] : [each.value.expression]

    content {
      id          = "e1"
      expression  = metric_query.value
      label       = each.key
      return_data = true
    }
  }

  dynamic "metric_query" {
    for_each = try(each.value.expression, null) == null ? {} : each.value.metrics

    content {
      id          = metric_query.key
      return_data = false

      metric {
        namespace   = each.value.namespace
        metric_name = metric_query.value
        dimensions  = { for d, f in each.value.dimensions : d => each.value.fields[f] }
        period      = each.value.period
        stat        = each.value.statistic
      }
    }
  }

  tags = module.name.tags

  lifecycle {
    precondition {
      condition     = contains(local.catalogue.documents[var.service], each.value.part)
      error_message = "Part ${each.value.part} is not documented in design-docs/${var.service}.md: catalogue.yaml's documents lists ${join(", ", local.catalogue.documents[var.service])} for ${var.service}."
    }
    precondition {
      condition     = alltrue([for f in values(each.value.dimensions) : contains(keys(each.value.fields), f)])
      error_message = "Part ${each.value.part} needs the fields ${join(", ", local.catalogue.parts[each.value.part])}."
    }
    precondition {
      # PutMetricAlarm: Period x EvaluationPeriods is at most 1 day below one-hour periods.
      condition     = each.value.period % 60 == 0 && each.value.period * each.value.evaluation_periods <= (each.value.period < 3600 ? 86400 : 604800)
      error_message = "Alarm ${each.key}: period ${each.value.period} s x ${each.value.evaluation_periods} is outside CloudWatch's limits."
    }
  }
}

data "aws_region" "current" {}

output "alarms" {
  description = "The composite alarms that notify, one per SLO and rule: name, arn, severity, slo, burn_rate, runbook (<document>#<anchor>)."
  value = [for k, r in local.rules : {
    name      = aws_cloudwatch_composite_alarm.rule[k].alarm_name
    arn       = aws_cloudwatch_composite_alarm.rule[k].arn
    severity  = r.rule.severity
    slo       = r.slo.key
    burn_rate = r.burn_rate
    runbook   = r.runbook
  }]
}

output "dashboard_widgets" {
  description = "CloudWatch dashboard widgets (without position) per SLO: the burn rate over each rule's long window against its threshold, and bad and total events."
  value = flatten([for s in var.slos : [
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "${s.key} SLO: burn rate (${s.description})"
        region = data.aws_region.current.region
        view   = "timeSeries"
        period = 300
        metrics = concat(
          [for i, r in local.policy.rules : [{
            id         = "burn${i}"
            label      = "${r.key}: ${r.long_minutes} min"
            expression = "IF(total${i} > 0, FILL(bad${i}, 0) / total${i}, 0) / ${format("%.6f", (100 - s.objective) / 100)}"
          }]],
          flatten([for i, r in local.policy.rules : [
            [var.namespace, s.bad, "Environment", var.environment, "Service", var.service, { id = "bad${i}", stat = "Sum", period = r.long_minutes * 60, visible = false }],
            [var.namespace, s.total, "Environment", var.environment, "Service", var.service, { id = "total${i}", stat = "Sum", period = r.long_minutes * 60, visible = false }],
          ]]),
        )
        annotations = {
          horizontal = [for r in local.policy.rules : {
            label = "${r.key} (${r.severity})"
            value = r.budget_percent / 100 * (s.period_days * 24 * 60) / r.long_minutes
          }]
        }
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "${s.key} SLO: ${s.bad} and ${s.total} (sum per 5 min)"
        region = data.aws_region.current.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 300
        metrics = [
          [var.namespace, s.total, "Environment", var.environment, "Service", var.service],
          [var.namespace, s.bad, "Environment", var.environment, "Service", var.service],
        ]
      }
    },
  ]])
}

output "window_alarm_names" {
  description = "Names of the metric-math alarms behind the composites (no actions of their own)."
  value       = sort([for a in aws_cloudwatch_metric_alarm.window : a.alarm_name])
}

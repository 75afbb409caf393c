output "alarms" {
  description = "The alarms created: name, arn, severity, key and runbook (<document>#<anchor>)."
  value = [for k, a in aws_cloudwatch_metric_alarm.this : {
    name     = aws_cloudwatch_metric_alarm.this[k].alarm_name
    arn      = aws_cloudwatch_metric_alarm.this[k].arn
    severity = local.alarms[k].severity
    key      = k
    runbook  = local.alarms[k].runbook
  }]
}

output "dashboard_widgets" {
  description = "CloudWatch dashboard widgets (without position): one graph per alarm of the parts given, its metric and threshold."
  value = [for k, a in local.alarms : {
    type   = "metric"
    width  = 8
    height = 6
    properties = {
      title  = "${k} (${a.severity})"
      region = data.aws_region.current.region
      view   = "timeSeries"
      period = a.period
      stat   = a.statistic
      # Plain metric or metric math: the two shapes differ, so each is chosen as JSON text.
      metrics = jsondecode(try(a.metric, null) != null ? jsonencode([
        concat([a.namespace, a.metric], flatten([for d, f in a.dimensions : [d, a.fields[f]]]))
        ]) : jsonencode(concat(
        [[{ id = "e1", expression = a.expression, label = k }]],
        [for id, m in a.metrics : concat([a.namespace, m], flatten([for d, f in a.dimensions : [d, a.fields[f]]]), [{ id = id, visible = false }])],
      )))
      annotations = {
        horizontal = [{ label = a.threshold, value = a.threshold_value }]
      }
    }
  }]
}

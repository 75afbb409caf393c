# Multiwindow, multi-burn-rate alarms for ratio SLOs (bad / total), generated from one
# definition: services/<service>/observability.yaml's slos, and the policy in burn-rates.yaml.
# Per SLO and rule: two metric-math alarms (the burn rate over the long and over the short
# window) and one composite alarm, long AND short, whose actions go to the page or ticket topic.
# README.md has the maths and the CloudWatch limits they stay within.

module "name" {
  source = "../naming"

  environment = var.environment
  service     = var.service
  component   = "slo"
}

locals {
  policy   = yamldecode(file("${path.module}/burn-rates.yaml"))
  document = coalesce(var.runbook_document, "design-docs/${var.service}.md")

  dimensions = {
    Environment = var.environment
    Service     = var.service
  }

  # One composite alarm per SLO and rule, keyed "<slo>-<rule>".
  rules = merge([for s in var.slos : {
    for r in local.policy.rules : "${s.key}-${r.key}" => {
      slo    = s
      rule   = r
      name   = "${module.name.id}-${s.key}-${r.key}"
      budget = (100 - s.objective) / 100
      # Rounded to 1/1000 so that 14.4 is 14.4 (README: the maths).
      burn_rate = floor(r.budget_percent / 100 * (s.period_days * 24 * 60) / r.long_minutes * 1000 + 0.5) / 1000
      topic_arn = r.severity == "page" ? var.page_topic_arn : var.ticket_topic_arn
      runbook   = "${local.document}#${s.runbook}"
    }
  }]...)

  # Two metric-math alarms per rule: the burn rate over the long and over the short window.
  windows = merge([for k, r in local.rules : {
    for w in ["long", "short"] : "${k}-${w}" => merge(r, {
      window  = w
      minutes = w == "long" ? r.rule.long_minutes : r.rule.short_minutes
    })
  }]...)
}

resource "aws_cloudwatch_metric_alarm" "window" {
  for_each = local.windows

  alarm_name = "${each.value.name}-${each.value.window}"
  alarm_description = join(" ", [
    "Burn rate of ${var.service}'s ${each.value.slo.key} SLO (${each.value.slo.description})",
    "over the last ${each.value.minutes} minutes is above ${each.value.burn_rate}x",
    "(${each.value.window} window of ${each.value.name}; no actions of its own).",
    "Runbook: ${each.value.runbook}",
  ])
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.burn_rate
  # One datapoint of a period as long as the window: the default sliding evaluation window makes
  # it the last <minutes> minutes, whatever the clock says (README: CloudWatch limits).
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  # No traffic is no error: an idle service does not burn its budget.
  treat_missing_data = "notBreaching"

  metric_query {
    id          = "burn"
    label       = "${each.value.slo.key} burn rate, ${each.value.minutes} min"
    expression  = "IF(total > 0, FILL(bad, 0) / total, 0) / ${format("%.6f", each.value.budget)}"
    return_data = true
  }

  metric_query {
    id          = "bad"
    return_data = false

    metric {
      namespace   = var.namespace
      metric_name = each.value.slo.bad
      dimensions  = local.dimensions
      period      = each.value.minutes * 60
      stat        = "Sum"
    }
  }

  metric_query {
    id          = "total"
    return_data = false

    metric {
      namespace   = var.namespace
      metric_name = each.value.slo.total
      dimensions  = local.dimensions
      period      = each.value.minutes * 60
      stat        = "Sum"
    }
  }

  tags = module.name.tags

  lifecycle {
    precondition {
      # PutMetricAlarm: Period is 10, 20, 30 or a multiple of 60 seconds, and Period x
      # EvaluationPeriods is at most 86,400 s below one-hour periods, 604,800 s otherwise.
      condition     = (each.value.minutes * 60) % 60 == 0 && each.value.minutes * 60 <= (each.value.minutes < 60 ? 86400 : 604800)
      error_message = "A burn-rate window of ${each.value.minutes} minutes is outside CloudWatch's alarm limits (a multiple of 60 s; at most 1 day below 1-hour periods, 7 days otherwise)."
    }
  }
}

resource "aws_cloudwatch_composite_alarm" "rule" {
  for_each = local.rules

  alarm_name = each.value.name
  alarm_description = join(" ", [
    "${upper(each.value.rule.severity)}: ${var.service} is spending its ${each.value.slo.key} error budget",
    "(${each.value.slo.description}) at more than ${each.value.burn_rate}x:",
    "${each.value.rule.budget_percent} % of the ${each.value.slo.period_days}-day budget within ${each.value.rule.long_minutes} minutes,",
    "still burning over the last ${each.value.rule.short_minutes}.",
    "Runbook: ${each.value.runbook}",
  ])
  alarm_rule    = "ALARM(\"${aws_cloudwatch_metric_alarm.window["${each.key}-long"].alarm_name}\") AND ALARM(\"${aws_cloudwatch_metric_alarm.window["${each.key}-short"].alarm_name}\")"
  alarm_actions = [each.value.topic_arn]
  ok_actions    = [each.value.topic_arn]

  tags = module.name.tags
}

data "aws_region" "current" {}

# Plan-level tests of the burn-rate maths and the alarm wiring, with a mocked AWS provider.

mock_provider "aws" {}

variables {
  environment      = "stg"
  service          = "todo-api"
  namespace        = "Tsumiki"
  page_topic_arn   = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-pages"
  ticket_topic_arn = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"
  slos = [{
    key         = "availability"
    description = "99.9 % of requests over 30 days answered without a 5xx."
    objective   = 99.9
    period_days = 30
    total       = "Requests"
    bad         = "ServerErrors"
    runbook     = "runbook-availability"
  }]
}

run "burn_rates_are_the_workbooks" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.window["availability-page-fast-long"].threshold == 14.4 && aws_cloudwatch_metric_alarm.window["availability-page-slow-long"].threshold == 6 && aws_cloudwatch_metric_alarm.window["availability-ticket-long"].threshold == 3
    error_message = "A 30-day SLO pages at 14.4x (2 % in 1 h) and 6x (5 % in 6 h) and tickets at 3x (10 % in 1 d)."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.window) == 6 && length(aws_cloudwatch_composite_alarm.rule) == 3
    error_message = "One SLO gets three rules: six window alarms and three composites."
  }
}

run "windows_are_long_and_short" {
  command = plan

  assert {
    condition     = [for q in aws_cloudwatch_metric_alarm.window["availability-page-fast-short"].metric_query : q.metric[0].period if length(q.metric) > 0] == [300, 300]
    error_message = "The fast page rule's short window is 5 minutes."
  }
  assert {
    condition     = [for q in aws_cloudwatch_metric_alarm.window["availability-ticket-long"].metric_query : q.metric[0].period if length(q.metric) > 0] == [86400, 86400]
    error_message = "The ticket rule's long window is 1 day."
  }
}

run "composites_notify_by_severity_and_name_their_runbook" {
  command = plan

  assert {
    condition     = aws_cloudwatch_composite_alarm.rule["availability-page-fast"].alarm_actions == toset(["arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-pages"]) && aws_cloudwatch_composite_alarm.rule["availability-ticket"].alarm_actions == toset(["arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"])
    error_message = "Page rules notify the page topic, the ticket rule the ticket topic."
  }
  assert {
    condition     = endswith(aws_cloudwatch_composite_alarm.rule["availability-page-slow"].alarm_description, "design-docs/todo-api.md#runbook-availability")
    error_message = "Every description ends with the runbook's design-doc anchor."
  }
  assert {
    condition     = aws_cloudwatch_composite_alarm.rule["availability-page-fast"].alarm_rule == "ALARM(\"tsumiki-stg-todo-api-slo-availability-page-fast-long\") AND ALARM(\"tsumiki-stg-todo-api-slo-availability-page-fast-short\")"
    error_message = "A composite fires when both its long and its short window alarm do."
  }
}

run "rejects_a_fraction_for_a_percentage" {
  command = plan

  variables {
    slos = [{
      key         = "availability"
      description = "x"
      objective   = 0.999
      period_days = 30
      total       = "Requests"
      bad         = "ServerErrors"
      runbook     = "runbook-availability"
    }]
  }

  expect_failures = [var.slos]
}

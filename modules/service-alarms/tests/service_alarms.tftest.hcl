# Plan-level tests of the catalogue's alarms, with a mocked AWS provider.

mock_provider "aws" {}

variables {
  environment      = "stg"
  service          = "mailer"
  page_topic_arn   = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-pages"
  ticket_topic_arn = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"
  thresholds = {
    sqs_oldest_message_seconds      = 300
    dlq_messages                    = 0
    lambda_errors_per_5min          = 5
    lambda_throttles_per_5min       = 0
    lambda_duration_timeout_percent = 80
  }
  parts = {
    queue  = { QueueName = "q", DeadLetterQueueName = "q-dlq" }
    lambda = { FunctionName = "f", TimeoutMilliseconds = "30000" }
  }
}

run "creates_the_alarms_of_the_parts_given" {
  command = plan

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["sqs-oldest-message", "sqs-dead-letters", "lambda-errors", "lambda-throttles", "lambda-duration"])
    error_message = "A queue and a function get exactly their catalogue alarms."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["sqs-dead-letters"].dimensions["QueueName"] == "q-dlq" && aws_cloudwatch_metric_alarm.this["sqs-dead-letters"].threshold == 0
    error_message = "The dead-letter alarm watches the dead-letter queue and fires on any message."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["lambda-duration"].threshold == 24000
    error_message = "Duration near timeout is 80 % of the 30 s timeout, in milliseconds."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["sqs-oldest-message"].alarm_actions == toset(["arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-pages"]) && endswith(aws_cloudwatch_metric_alarm.this["sqs-oldest-message"].alarm_description, "design-docs/mailer.md#runbook-sqs-oldest-message")
    error_message = "A page alarm notifies the page topic and names its runbook in the mailer's design doc."
  }
}

run "refuses_a_part_another_doc_owns" {
  command = plan

  variables {
    parts = {
      database = { DBInstanceIdentifier = "db" }
    }
    thresholds = {
      rds_cpu_percent         = 80
      rds_free_storage_gib    = 2
      rds_connections         = 60
      rds_freeable_memory_mib = 100
    }
  }

  expect_failures = [aws_cloudwatch_metric_alarm.this]
}

run "graphs_plain_and_metric_math_alarms" {
  command = plan

  variables {
    service = "todo-batch"
    parts = {
      ecs-service = { ClusterName = "c", ServiceName = "s" }
    }
    thresholds = {
      ecs_missing_tasks  = 0
      ecs_cpu_percent    = 80
      ecs_memory_percent = 80
    }
  }

  assert {
    condition     = length(output.dashboard_widgets) == 3 && length(aws_cloudwatch_metric_alarm.this["ecs-tasks-missing"].metric_query) == 3
    error_message = "Each alarm gets a graph; running versus desired is metric math over two metrics."
  }
}

run "graphs_without_alarms" {
  command = plan

  variables {
    alarms_enabled = false
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0 && length(output.dashboard_widgets) == 5
    error_message = "With alarms_enabled = false the module only graphs the parts."
  }
}

module "alarms" {
  source = "../.."

  environment      = "stg"
  service          = "mailer"
  page_topic_arn   = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"
  ticket_topic_arn = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-platform-tickets"

  thresholds = {
    sqs_oldest_message_seconds      = 300
    dlq_messages                    = 0
    lambda_errors_per_5min          = 5
    lambda_throttles_per_5min       = 0
    lambda_duration_timeout_percent = 80
  }

  parts = {
    queue = {
      QueueName           = "tsumiki-stg-mailer-queue"
      DeadLetterQueueName = "tsumiki-stg-mailer-queue-dlq"
    }
    lambda = {
      FunctionName        = "tsumiki-stg-mailer-function"
      TimeoutMilliseconds = "30000"
    }
  }
}

output "function_name" {
  description = "Name of the mailer Lambda (make deploy SERVICE=mailer publishes to it)."
  value       = module.function.function_name
}

output "idempotency_table_name" {
  description = "DynamoDB table that records sent mail by idempotency key."
  value       = module.idempotency.name
}

output "queue_arn" {
  description = "ARN of the mail queue; producers need sqs:SendMessage on it."
  value       = module.queue.arn
}

output "queue_url" {
  description = "URL of the mail queue that libs/mailer sends to."
  value       = module.queue.url
}

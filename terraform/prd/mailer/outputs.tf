# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "function_name" {
  description = "Name of the mailer Lambda (make deploy SERVICE=mailer publishes to it)."
  value       = module.stack.function_name
}

output "idempotency_table_name" {
  description = "DynamoDB table that records sent mail by idempotency key."
  value       = module.stack.idempotency_table_name
}

output "queue_arn" {
  description = "ARN of the mail queue; producers need sqs:SendMessage on it."
  value       = module.stack.queue_arn
}

output "queue_url" {
  description = "URL of the mail queue that libs/mailer sends to."
  value       = module.stack.queue_url
}

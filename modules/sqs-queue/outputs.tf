output "arn" {
  description = "ARN of the main queue."
  value       = aws_sqs_queue.this.arn
}

output "dead_letter_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.name
}

output "dead_letter_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.url
}

output "name" {
  description = "Name of the main queue."
  value       = aws_sqs_queue.this.name
}

output "url" {
  description = "URL of the main queue (what producers such as libs/mailer send to)."
  value       = aws_sqs_queue.this.url
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout applied to the main queue, in seconds."
  value       = aws_sqs_queue.this.visibility_timeout_seconds
}

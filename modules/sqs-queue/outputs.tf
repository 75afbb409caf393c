output "arn" {
  description = "ARN of the main queue."
  value       = local.queue.arn
}

output "dead_letter_arn" {
  description = "ARN of the dead-letter queue."
  value       = local.dead_letter.arn
}

output "dead_letter_name" {
  description = "Name of the dead-letter queue."
  value       = local.dead_letter.name
}

output "dead_letter_url" {
  description = "URL of the dead-letter queue."
  value       = local.dead_letter.url
}

output "name" {
  description = "Name of the main queue."
  value       = local.queue.name
}

output "url" {
  description = "URL of the main queue (what producers such as libs/mailer send to)."
  value       = local.queue.url
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout applied to the main queue, in seconds."
  value       = local.queue.visibility_timeout_seconds
}

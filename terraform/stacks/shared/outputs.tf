output "alarm_topic_arns" {
  description = "SNS topic per alarm severity (page, ticket), as the environment routes them: stg's page alarms notify the tickets topic."
  value = {
    page   = aws_sns_topic.alarms[var.alarm_page_topic].arn
    ticket = aws_sns_topic.alarms["tickets"].arn
  }
}

output "artifacts_bucket_name" {
  description = "Bucket Lambda packages are published to (make deploy SERVICE=mailer)."
  value       = module.artifacts.id
}

output "ecr_repository_urls" {
  description = "Image repository URL per containerised service, keyed by service name."
  value       = { for k, m in module.images : k => m.url }
}

output "ecs_cluster_arn" {
  description = "ARN of the ECS cluster the services run in."
  value       = module.cluster.arn
}

output "logs_kms_key_arn" {
  description = "KMS key every log group is encrypted with."
  value       = module.logs_key.arn
}

output "mail_configuration_set_arn" {
  description = "ARN of the SES configuration set (a resource of ses:SendEmail, next to the identity)."
  value       = module.mail.configuration_set_arn
}

output "mail_configuration_set_name" {
  description = "SES configuration set the mailer sends with (TLS required)."
  value       = module.mail.configuration_set_name
}

output "mail_dkim_tokens" {
  description = "DKIM tokens of the mail identity: publish <token>._domainkey.<mail_domain> CNAME <token>.dkim.amazonses.com when no zone is given (with a zone terraform writes them)."
  value       = module.mail.dkim_tokens
}

output "mail_domain" {
  description = "Domain the mailer sends from."
  value       = var.mail_domain
}

output "mail_identity_arn" {
  description = "ARN of the SES domain identity (resource of ses:SendEmail)."
  value       = module.mail.identity_arn
}

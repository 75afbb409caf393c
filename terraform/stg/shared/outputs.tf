# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "alarm_topic_arns" {
  description = "SNS topic per alarm severity (page, ticket), as the environment routes them: stg's page alarms notify the tickets topic."
  value       = module.stack.alarm_topic_arns
}

output "artifacts_bucket_name" {
  description = "Bucket Lambda packages are published to (make deploy SERVICE=mailer)."
  value       = module.stack.artifacts_bucket_name
}

output "ecr_repository_urls" {
  description = "Image repository URL per containerised service, keyed by service name."
  value       = module.stack.ecr_repository_urls
}

output "ecs_cluster_arn" {
  description = "ARN of the ECS cluster the services run in."
  value       = module.stack.ecs_cluster_arn
}

output "logs_kms_key_arn" {
  description = "KMS key every log group is encrypted with."
  value       = module.stack.logs_kms_key_arn
}

output "mail_configuration_set_arn" {
  description = "ARN of the SES configuration set (a resource of ses:SendEmail, next to the identity)."
  value       = module.stack.mail_configuration_set_arn
}

output "mail_configuration_set_name" {
  description = "SES configuration set the mailer sends with (TLS required)."
  value       = module.stack.mail_configuration_set_name
}

output "mail_dkim_tokens" {
  description = "DKIM tokens of the mail identity (terraform writes their records into the environment's zone)."
  value       = module.stack.mail_dkim_tokens
}

output "mail_domain" {
  description = "Domain the mailer sends from."
  value       = module.stack.mail_domain
}

output "mail_identity_arn" {
  description = "ARN of the SES domain identity (resource of ses:SendEmail)."
  value       = module.stack.mail_identity_arn
}

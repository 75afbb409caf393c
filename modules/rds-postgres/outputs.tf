output "address" {
  description = "Host name of the instance."
  value       = local.db.address
}

output "arn" {
  description = "ARN of the instance."
  value       = local.db.arn
}

output "database_name" {
  description = "Name of the database inside the instance."
  value       = local.db.db_name
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS keeps the master password in."
  value       = local.db.master_user_secret[0].secret_arn
}

output "port" {
  description = "Port of the instance."
  value       = local.db.port
}

output "resource_id" {
  description = "Resource ID (DbiResourceId, db-...) of the instance: IAM database authentication names it in rds-db:connect ARNs, arn:aws:rds-db:<region>:<account>:dbuser:<resource_id>/<database user>."
  value       = local.db.resource_id
}

output "rpo_minutes" {
  description = "Recovery point objective this configuration gives (point-in-time recovery), in minutes."
  value       = var.rpo_minutes
}

output "security_group_id" {
  description = "Security group of the instance; add ingress through allowed_security_group_ids."
  value       = aws_security_group.this.id
}

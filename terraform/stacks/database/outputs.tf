output "client_security_group_id" {
  description = "Security group a service joins to reach the database."
  value       = aws_security_group.client.id
}

output "database_address" {
  description = "Host name of the todos database."
  value       = module.postgres.address
}

output "database_name" {
  description = "Name of the todos database."
  value       = module.postgres.database_name
}

output "database_port" {
  description = "Port of the todos database."
  value       = module.postgres.port
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the master credentials (read by the services at start)."
  value       = module.postgres.master_user_secret_arn
}

# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "client_security_group_id" {
  description = "Security group a service joins to reach the database."
  value       = module.stack.client_security_group_id
}

output "database_address" {
  description = "Host name of the todos database."
  value       = module.stack.database_address
}

output "database_name" {
  description = "Name of the todos database."
  value       = module.stack.database_name
}

output "database_port" {
  description = "Port of the todos database."
  value       = module.stack.database_port
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the master credentials (read by the services at start)."
  value       = module.stack.database_secret_arn
}

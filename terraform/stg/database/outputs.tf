# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "bootstrap_role_arn" {
  description = "Task role of the one-time `make db/bootstrap` task: may read the master user's secret, nothing else."
  value       = module.stack.bootstrap_role_arn
}

output "client_security_group_id" {
  description = "Security group a service joins to reach the database."
  value       = module.stack.client_security_group_id
}

output "database_address" {
  description = "Host name of the todos database."
  value       = module.stack.database_address
}

output "database_identifier" {
  description = "Identifier of the todos database instance (the DBInstanceIdentifier dimension of its metrics; todo-api's dashboard graphs them)."
  value       = module.stack.database_identifier
}

output "database_name" {
  description = "Name of the todos database."
  value       = module.stack.database_name
}

output "database_port" {
  description = "Port of the todos database."
  value       = module.stack.database_port
}

output "database_resource_id" {
  description = "Resource ID of the todos database, for rds-db:connect grants to its users (todo_app, todo_migrator)."
  value       = module.stack.database_resource_id
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the master credentials, read only by the one-time bootstrap task (make db/bootstrap); services log in with IAM database authentication."
  value       = module.stack.database_secret_arn
}

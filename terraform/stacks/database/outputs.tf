output "bootstrap_role_arn" {
  description = "Task role of the one-time `make db/bootstrap` task: may read the master user's secret, nothing else."
  value       = aws_iam_role.bootstrap.arn
}

output "client_security_group_id" {
  description = "Security group a service joins to reach the database."
  value       = aws_security_group.client.id
}

output "database_address" {
  description = "Host name of the todos database."
  value       = module.postgres.address
}

output "database_identifier" {
  description = "Identifier of the todos database instance (the DBInstanceIdentifier dimension of its metrics; todo-api's dashboard graphs them)."
  value       = local.database_identifier
}

output "database_name" {
  description = "Name of the todos database."
  value       = module.postgres.database_name
}

output "database_port" {
  description = "Port of the todos database."
  value       = module.postgres.port
}

output "database_resource_id" {
  description = "Resource ID of the todos database, for rds-db:connect grants to its users (todo_app, todo_migrator)."
  value       = module.postgres.resource_id
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the master credentials, read only by the one-time bootstrap task (make db/bootstrap); services log in with IAM database authentication."
  value       = module.postgres.master_user_secret_arn
}

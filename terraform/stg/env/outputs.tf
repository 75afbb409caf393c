output "account_id" {
  description = "AWS account of the environment; providers refuse any other (allowed_account_ids)."
  value       = local.account_id
}

output "alarms" {
  description = "Alarm routing (page_topic: the topic page-severity alarms notify), subscriptions per topic, and thresholds per catalogue key."
  value       = local.alarms
}

output "database" {
  description = "Settings of the database stack."
  value       = local.database
}

output "dns" {
  description = "Route 53 hosted zone of the environment's domain: zone_id and zone_name."
  value       = local.dns
}

output "environment" {
  description = "Name of the environment."
  value       = local.environment
}

output "logs" {
  description = "The account's log bucket (created by terraform/bootstrap) and the retention of the stacks' log groups."
  value       = local.logs
}

output "mailer" {
  description = "Settings of the mailer stack."
  value       = local.mailer
}

output "network" {
  description = "Settings of the network stack."
  value       = local.network
}

output "region" {
  description = "AWS region of the environment."
  value       = local.region
}

output "shared" {
  description = "Settings of the shared stack."
  value       = local.shared
}

output "state_bucket" {
  description = "State bucket of the environment (created by terraform/bootstrap)."
  value       = local.state_bucket
}

output "todo_api" {
  description = "Settings of the todo-api stack."
  value       = local.todo_api
}

output "todo_batch" {
  description = "Settings of the todo-batch stack."
  value       = local.todo_batch
}

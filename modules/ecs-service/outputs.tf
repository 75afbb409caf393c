output "execution_role_arn" {
  description = "ARN of the execution role (image pull, logs, startup secrets)."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "Name of the service's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "migration_task_role_arn" {
  description = "ARN of the migration role (`make deploy` passes it as the one-off migrate task's task role); null without migration_task_policy_statements."
  value       = one(aws_iam_role.migration[*].arn)
}

output "security_group_id" {
  description = "Security group of the tasks (e.g. to allow them into the database)."
  value       = aws_security_group.this.id
}

output "service_name" {
  description = "Name of the ECS service (what `make deploy` rolls)."
  value       = aws_ecs_service.this.name
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the service's target group (the TargetGroup dimension of its load balancer metrics); null when not load balanced."
  value       = one(aws_lb_target_group.this[*].arn_suffix)
}

output "task_definition_family" {
  description = "Family of the task definition (`make deploy` registers new revisions of it; migrations run as a one-off task of it)."
  value       = aws_ecs_task_definition.this.family
}

output "task_role_arn" {
  description = "ARN of the task role (what the application may call)."
  value       = aws_iam_role.task.arn
}

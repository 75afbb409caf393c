# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "exports_bucket_name" {
  description = "Bucket todo-batch writes exports to."
  value       = module.stack.exports_bucket_name
}

output "service_name" {
  description = "ECS service of the workers (make deploy SERVICE=todo-batch rolls it)."
  value       = module.stack.service_name
}

output "task_definition_family" {
  description = "Task definition family of the workers; one-shot runs and migrations use it."
  value       = module.stack.task_definition_family
}

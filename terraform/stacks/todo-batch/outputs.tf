output "exports_bucket_name" {
  description = "Bucket todo-batch writes exports to."
  value       = module.exports.id
}

output "service_name" {
  description = "ECS service of the workers (make deploy SERVICE=todo-batch rolls it)."
  value       = module.worker.service_name
}

output "task_definition_family" {
  description = "Task definition family of the workers; one-shot runs and migrations use it."
  value       = module.worker.task_definition_family
}

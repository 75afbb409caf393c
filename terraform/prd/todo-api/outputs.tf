# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "load_balancer_dns_name" {
  description = "DNS name of the API's load balancer (point the API host name here)."
  value       = module.stack.load_balancer_dns_name
}

output "service_name" {
  description = "ECS service of the API (make deploy SERVICE=todo-api rolls it)."
  value       = module.stack.service_name
}

output "task_definition_family" {
  description = "Task definition family of the API; migrations run as a one-off task of it."
  value       = module.stack.task_definition_family
}

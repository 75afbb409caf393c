output "load_balancer_dns_name" {
  description = "DNS name of the API's load balancer (point the API host name here)."
  value       = aws_lb.this.dns_name
}

output "public_path_patterns" {
  description = "Path patterns the load balancer forwards to the API; everything else is its default 404."
  value       = local.public_path_patterns
}

output "service_name" {
  description = "ECS service of the API (make deploy SERVICE=todo-api rolls it)."
  value       = module.service.service_name
}

output "task_definition_family" {
  description = "Task definition family of the API; migrations run as a one-off task of it."
  value       = module.service.task_definition_family
}

output "web_acl_arn" {
  description = "AWS WAF web ACL on the API's load balancer (the rate limit per client IP)."
  value       = aws_wafv2_web_acl.this.arn
}

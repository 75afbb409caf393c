output "queue_name" {
  description = "Name of the staging mail queue."
  value       = module.queue_name.id
}

output "queue_tags" {
  description = "Standard tags of the staging mail queue."
  value       = module.queue_name.tags
}

output "target_group_name" {
  description = "Shortened name of the production target group."
  value       = module.target_group_name.id
}

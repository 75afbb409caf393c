output "full_name" {
  description = "The name before shortening; equals id unless truncated is true."
  value       = local.full_name
}

output "id" {
  description = "The resource name to use: lower-case, hyphenated, at most max_length characters."
  value       = local.id
}

output "tags" {
  description = "The standard tags every resource carries: Project, Environment, Service, ManagedBy, Repository."
  value       = local.tags
}

output "truncated" {
  description = "Whether id was shortened with a hash suffix because the full name exceeded max_length."
  value       = local.truncated
}

output "backend_config" {
  description = "The backend block settings every stack of this environment uses (key is <env>/<stack>/terraform.tfstate)."
  value = {
    bucket       = module.bucket.id
    use_lockfile = true
    encrypt      = true
  }
}

output "bucket_arn" {
  description = "ARN of the state bucket."
  value       = module.bucket.arn
}

output "bucket_name" {
  description = "Name of the state bucket."
  value       = module.bucket.id
}

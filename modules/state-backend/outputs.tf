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

output "log_bucket_name" {
  description = "Name of the account's log bucket (S3 server access logs, VPC flow logs, load balancer access logs); terraform/<env>/env names the same bucket."
  value       = module.logs.id
}

output "arn" {
  description = "ARN of the bucket."
  value       = local.bucket_arn
}

output "id" {
  description = "Name of the bucket."
  value       = local.bucket_id
}

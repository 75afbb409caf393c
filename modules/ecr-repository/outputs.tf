output "arn" {
  description = "ARN of the repository."
  value       = aws_ecr_repository.this.arn
}

output "name" {
  description = "Name of the repository."
  value       = aws_ecr_repository.this.name
}

output "url" {
  description = "URL to push and pull images (<account>.dkr.ecr.<region>.amazonaws.com/<name>)."
  value       = aws_ecr_repository.this.repository_url
}

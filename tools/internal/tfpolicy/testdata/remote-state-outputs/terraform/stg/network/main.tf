terraform {
  backend "s3" {
    use_lockfile = true
  }
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = "vpc-0"
}

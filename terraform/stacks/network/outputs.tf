output "endpoints_security_group_id" {
  description = "Security group of the interface VPC endpoints (ECR, logs, SQS, Secrets Manager, STS): tasks allow HTTPS egress to it."
  value       = module.network.endpoints_security_group_id
}

output "gateway_endpoint_prefix_list_ids" {
  description = "Prefix lists of the S3 and DynamoDB gateway endpoints, keyed by service: tasks allow HTTPS egress to them."
  value       = module.network.gateway_endpoint_prefix_list_ids
}

output "private_subnet_ids" {
  description = "Private subnets, one per AZ: where tasks, Lambda-free services and the database live."
  value       = module.network.private_subnet_ids
}

output "public_subnet_ids" {
  description = "Public subnets, one per AZ: load balancers and NAT gateways."
  value       = module.network.public_subnet_ids
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = module.network.cidr_block
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

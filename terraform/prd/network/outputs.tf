# Other stacks read these through terraform_remote_state; tfpolicy checks every read has one.

output "private_subnet_ids" {
  description = "Private subnets, one per AZ: where tasks, Lambda-free services and the database live."
  value       = module.stack.private_subnet_ids
}

output "public_subnet_ids" {
  description = "Public subnets, one per AZ: load balancers and NAT gateways."
  value       = module.stack.public_subnet_ids
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = module.stack.vpc_cidr_block
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.stack.vpc_id
}

output "cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "endpoints_security_group_id" {
  description = "Security group of the interface VPC endpoints; workloads allow HTTPS egress to it instead of to the internet."
  value       = aws_security_group.endpoints.id
}

output "gateway_endpoint_prefix_list_ids" {
  description = "Prefix list of each gateway VPC endpoint, keyed by service (s3, dynamodb): the destination of HTTPS egress to those services."
  value       = { for k, e in aws_vpc_endpoint.gateway : k => e.prefix_list_id }
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per AZ in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.this["private-${az}"].id]
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, one per AZ in availability_zones order."
  value       = [for az in var.availability_zones : aws_subnet.this["public-${az}"].id]
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

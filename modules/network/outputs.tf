output "cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
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

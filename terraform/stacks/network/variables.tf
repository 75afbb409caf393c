variable "availability_zones" {
  type        = list(string)
  description = "AZs of the environment's subnets."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 CIDR of the environment's VPC."
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd."
}

variable "log_bucket" {
  type        = string
  description = "The account's log bucket (terraform/bootstrap, modules/state-backend), from terraform/<env>/env."
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all AZs (stg) instead of one per AZ (prd)."
}

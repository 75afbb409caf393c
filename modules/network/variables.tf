variable "availability_zones" {
  type        = list(string)
  description = "AZ names to spread subnets over, e.g. [\"ap-northeast-1a\", \"ap-northeast-1c\"]. At least two."

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "The availability_zones must list at least two different AZs; RDS subnet groups and ALBs need two."
  }
}

variable "cidr_block" {
  type        = string
  description = "IPv4 CIDR of the VPC, e.g. 10.20.0.0/16. Public subnets take the first /20 blocks, private ones the /20 blocks from index 8."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && try(tonumber(split("/", var.cidr_block)[1]) <= 16, false)
    error_message = "The cidr_block must be a valid IPv4 CIDR of /16 or larger, e.g. 10.20.0.0/16."
  }
}

variable "environment" {
  type        = string
  description = "Environment: stg or prd (passed to naming)."
}

variable "flow_log_bucket" {
  type        = string
  description = "Bucket that receives the VPC's flow logs (every accepted and rejected flow), under vpc-flow-logs/: the account's log bucket from modules/state-backend, whose policy lets log delivery write there."
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface VPC endpoints from the private subnets (short names, e.g. \"ecr.api\")."
  default     = ["ecr.api", "ecr.dkr", "logs", "sqs", "secretsmanager", "sts"]
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all AZs (cheaper, stg) instead of one per AZ (prd)."
  default     = false
}

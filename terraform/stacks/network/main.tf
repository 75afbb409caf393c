module "network" {
  source = "../../../modules/network"

  environment        = var.environment
  cidr_block         = var.cidr_block
  availability_zones = var.availability_zones
  single_nat_gateway = var.single_nat_gateway
  flow_log_bucket    = var.log_bucket
}

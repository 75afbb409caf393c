# stg/network: a thin root. The code is terraform/stacks/network; this environment's values
# come from terraform/stg/env (data, not copied code).

module "env" {
  source = "../env"
}

module "stack" {
  source = "../../stacks/network"

  environment        = module.env.environment
  log_bucket         = module.env.logs.bucket
  cidr_block         = module.env.network.cidr_block
  availability_zones = module.env.network.availability_zones
  single_nat_gateway = module.env.network.single_nat_gateway
}

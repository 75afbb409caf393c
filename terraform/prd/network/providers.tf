provider "aws" {
  region = module.env.region
  # Refuses to run with credentials of any other account, so prd code never touches another environment.
  allowed_account_ids = [module.env.account_id]

  default_tags {
    tags = module.tags.tags
  }
}

module "tags" {
  source = "../../../modules/naming"

  environment = module.env.environment
  service     = "platform"
  component   = "network"
}

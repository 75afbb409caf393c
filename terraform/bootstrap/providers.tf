provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = module.tags.tags
  }
}

module "tags" {
  source = "../../modules/naming"

  environment = var.environment
  service     = "platform"
  component   = "bootstrap"
}

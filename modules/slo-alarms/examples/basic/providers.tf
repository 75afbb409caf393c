provider "aws" {
  region              = "ap-northeast-1"
  allowed_account_ids = ["111111111111"]

  default_tags {
    tags = module.tags.tags
  }
}

module "tags" {
  source = "../../../naming"

  environment = "stg"
  service     = "examples"
  component   = "slo-alarms"
}

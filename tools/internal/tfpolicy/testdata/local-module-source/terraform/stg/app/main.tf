terraform {
  required_version = ">= 1.10"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.0"
}

module "git" {
  source = "git::https://example.com/modules.git//vpc?ref=v1.0.0"
}

provider "aws" {
  region = "ap-northeast-1"
}

module "state" {
  source = "../.."

  environment = "stg"
}

provider "aws" {
  region = "ap-northeast-1"
}

module "cluster" {
  source = "../.."

  environment = "stg"
}

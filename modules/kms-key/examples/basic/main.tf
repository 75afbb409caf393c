provider "aws" {
  region = "ap-northeast-1"
}

module "logs_key" {
  source = "../.."

  environment = "stg"
  service     = "platform"
  component   = "logs"
}

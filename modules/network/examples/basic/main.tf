module "network" {
  source = "../.."

  environment        = "stg"
  cidr_block         = "10.20.0.0/16"
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
  single_nat_gateway = true
  flow_log_bucket    = "tsumiki-stg-platform-logs"
}

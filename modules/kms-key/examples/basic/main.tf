module "logs_key" {
  source = "../.."

  environment = "stg"
  service     = "platform"
  component   = "logs"
}

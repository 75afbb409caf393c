module "state" {
  source = "../.."

  environment = "stg"
}

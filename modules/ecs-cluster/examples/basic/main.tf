module "cluster" {
  source = "../.."

  environment = "stg"
}

module "exports" {
  source = "../.."

  environment     = "stg"
  service         = "todo-batch"
  component       = "exports"
  protected       = false
  expiration_days = 30
}

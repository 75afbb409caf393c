module "idempotency" {
  source = "../.."

  environment   = "stg"
  service       = "mailer"
  component     = "idempotency"
  hash_key      = "key"
  attributes    = [{ name = "key", type = "S" }]
  ttl_attribute = "expires_at"
  protected     = false
}
